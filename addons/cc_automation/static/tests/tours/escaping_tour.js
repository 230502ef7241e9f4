import { registry } from "@web/core/registry";
import { hostileMarkup, hostileText, shownLiterally } from "@cc_base/../tests/tours/tour_steps";

/**
 * A flow's name, a step's text, an option's title and what the customer
 * writes, made of HTML and script, show as text in the flows' list, the
 * flow's form and the test dialog's transcript. The Python test
 * (test_escaping_tour.py) writes the flow.
 */
const FLOW = hostileText("Flow");
const GREETING = hostileText("Welcome");
// An option's title goes out cut to WhatsApp's 20 characters.
const OPTION = hostileText("Sales").slice(0, 20);
const CUSTOMER = hostileText("Mallory");
const ROW = ".o_data_row:contains('Flow</i>')";
const TRANSCRIPT = ".modal .o_cc_chatbot_transcript";

registry.category("web_tour.tours").add("cc_automation_escaping", {
    steps: () => [
        shownLiterally("Chatbot flows", ROW, [FLOW]),
        {
            content: "Open the flow",
            trigger: `${ROW} td.o_data_cell`,
            run: "click",
        },
        shownLiterally(
            "Chatbot flow form",
            ".o_field_widget[name=step_ids] .o_data_row:contains('Welcome</i>')",
            [FLOW, GREETING]
        ),
        {
            content: "Test it",
            trigger: "button[name=action_test]",
            run: "click",
        },
        {
            content: "Write as the customer",
            trigger: ".modal .o_cc_chatbot_test_text input",
            run: `edit ${hostileMarkup("Mallory")}`,
        },
        {
            content: "Send",
            trigger: ".modal .o_cc_chatbot_test_send",
            run: "click",
        },
        shownLiterally(
            "Chatbot test transcript",
            `${TRANSCRIPT}:contains('Mallory</i>'):contains('Welcome</i>'):contains('${OPTION}')`,
            [CUSTOMER, GREETING, OPTION]
        ),
    ],
});
