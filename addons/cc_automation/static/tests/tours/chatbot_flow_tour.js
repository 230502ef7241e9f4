import { registry } from "@web/core/registry";

/**
 * A manager builds a small flow (a greeting, then a question with two
 * options) and tests it in the Sandbox as a customer would.
 */
registry.category("web_tour.tours").add("cc_automation_chatbot_flow", {
    steps: () => [
        {
            content: "Create a flow",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "Name it",
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour flow",
        },
        {
            content: "Add the greeting",
            trigger: ".o_field_widget[name=step_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "The greeting's text",
            trigger: ".modal .o_field_widget[name=message] textarea",
            run: "edit Hello from the tour!",
        },
        {
            content: "Save it and add the next step",
            trigger: ".modal .o_form_button_save_new",
            run: "click",
        },
        {
            content: "The next step asks a question",
            trigger: ".modal .o_field_widget[name=message] textarea:empty",
            run: "edit Sales or support?",
        },
        {
            content: "with options",
            trigger: ".modal .o_field_widget[name=step_type] select",
            run: 'select "question"',
        },
        {
            content: "Add an option",
            trigger: ".modal .o_field_widget[name=option_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Sales",
            trigger: ".modal .o_field_widget[name=option_ids] .o_data_row .o_field_widget[name=name] input",
            run: "edit Sales",
        },
        {
            content: "Add another option",
            trigger: ".modal .o_field_widget[name=option_ids] .o_field_x2many_list_row_add a",
            run: "click",
        },
        {
            content: "Support",
            trigger: ".modal .o_field_widget[name=option_ids] .o_data_row:eq(1) .o_field_widget[name=name] input",
            run: "edit Support",
        },
        {
            content: "Save the question",
            trigger: ".modal .o_form_button_save",
            run: "click",
        },
        {
            content: "Both steps are in the flow",
            trigger: ".o_field_widget[name=step_ids] .o_data_row:contains('Sales or support?')",
        },
        {
            content: "Save the flow",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Test it",
            trigger: ".o_form_saved button[name=action_test]",
            run: "click",
        },
        {
            content: "Write as the customer",
            trigger: ".modal .o_cc_chatbot_test_text input",
            run: "edit Hi",
        },
        {
            content: "Send",
            trigger: ".modal .o_cc_chatbot_test_send",
            run: "click",
        },
        {
            content: "The flow greets and asks, with its options",
            trigger: ".modal .o_cc_chatbot_transcript:contains('Hello from the tour!'):contains('2. Support')",
        },
        {
            content: "Choose support by its number",
            trigger: ".modal .o_cc_chatbot_test_text input",
            run: "edit 2",
        },
        {
            content: "Send the answer",
            trigger: ".modal .o_cc_chatbot_test_send",
            run: "click",
        },
        {
            content: "The flow has ended",
            trigger: ".modal .o_field_widget[name=session_state]:contains('Ended')",
        },
    ],
});
