import { registry } from "@web/core/registry";
import { hostileText, shownLiterally } from "@cc_base/../tests/tours/tour_steps";

/**
 * A script's name, its category's and a customer's name (filled into the
 * script's text) made of HTML and script show as text beside the
 * conversation, in the composer's ":" suggestions and in the scripts' list. The Python test
 * (test_escaping_tour.py) writes them.
 */
const SCRIPT = hostileText("Prices");
const NAME = hostileText("Mallory");
const CATEGORY = hostileText("Sales");
const GROUP = ".o_group_header:contains('Sales</i>')";
const PANEL_SCRIPT = ".o_cc_script_section[data-section='suggested'] .o_cc_script:contains('Prices</i>')";

registry.category("web_tour.tours").add("cc_scripts_escaping", {
    steps: () => [
        {
            content: "The customer's question is in the conversation",
            trigger: ".o-mail-Message:contains('What is the price?')",
        },
        shownLiterally("Scripts beside the conversation", `${PANEL_SCRIPT}:contains('Mallory</i>')`, [
            SCRIPT,
            `${NAME}`,
        ]),
        {
            content: "Type the shortcut",
            trigger: ".o-mail-Composer-input",
            run: "edit :Prices",
        },
        shownLiterally("The composer's suggestions", ".o_cc_script_suggestion:contains('Prices</i>')", [
            SCRIPT,
        ]),
    ],
});

registry.category("web_tour.tours").add("cc_scripts_escaping_list", {
    steps: () => [
        shownLiterally("Scripts by category", GROUP, [CATEGORY]),
        {
            content: "Open the category",
            trigger: GROUP,
            run: "click",
        },
        shownLiterally("Scripts", ".o_data_row:contains('Prices</i>')", [SCRIPT, CATEGORY]),
    ],
});
