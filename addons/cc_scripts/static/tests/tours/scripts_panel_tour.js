import { registry } from "@web/core/registry";

/**
 * A customer asks for a price: the agent sees the pricing script suggested
 * first beside the conversation, inserts it, edits it and sends it.
 */
registry.category("web_tour.tours").add("cc_scripts_panel", {
    steps: () => [
        {
            content: "The customer's question is in the conversation",
            trigger: ".o-mail-Message:contains('price of your premium plan')",
        },
        {
            content: "The pricing script is suggested first",
            trigger:
                ".o_cc_script_section[data-section='suggested'] .o_cc_script:first:contains('Tour Prices'):contains('Tour Customer')",
        },
        {
            content: "Nobody has answered yet: the greeting is suggested too",
            trigger:
                ".o_cc_script_section[data-section='suggested'] .o_cc_script:nth-of-type(2):contains('Tour Welcome')",
        },
        {
            content: "Insert it",
            trigger: ".o_cc_script_section[data-section='suggested'] .o_cc_script:first",
            run: "click",
        },
        {
            content: "The composer holds the script, filled in for the customer",
            trigger:
                ".o-mail-Composer-input:value('Tour Customer, our premium plan costs 29 € a month.')",
        },
        {
            content: "The agent adapts it",
            trigger: ".o-mail-Composer-input",
            run: "edit Tour Customer, our premium plan costs 29 € a month. Today it is 25 €!",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer is in the conversation",
            trigger: ".o-mail-Message:contains('Today it is 25 €!')",
        },
        {
            content: "The suggestions follow: once answered, no more greeting",
            trigger:
                ".o_cc_script_section[data-section='suggested'] .o_cc_script:only-of-type:contains('Tour Prices')",
        },
    ],
});

/** The ":" shortcut of the composer offers the scripts too. */
registry.category("web_tour.tours").add("cc_scripts_shortcut", {
    steps: () => [
        {
            content: "The conversation is open",
            trigger: ".o-mail-Message:contains('price of your premium plan')",
        },
        {
            content: "Type the shortcut",
            trigger: ".o-mail-Composer-input",
            run: "edit :tour",
        },
        {
            content: "Pick the pricing script",
            trigger: ".o_cc_script_suggestion:contains('Tour Prices')",
            run: "click",
        },
        {
            content: "Its text replaces the shortcut",
            trigger:
                ".o-mail-Composer-input:value('Tour Customer, our premium plan costs 29 € a month.')",
        },
    ],
});

/** On a customer message's form, a script opens Send a Message with its text. */
registry.category("web_tour.tours").add("cc_scripts_message_form", {
    steps: () => [
        {
            content: "Open the Scripts tab",
            trigger: ".o_notebook .nav-link:contains('Scripts')",
            run: "click",
        },
        {
            content: "Pick the suggested pricing script",
            trigger: ".o_cc_message_scripts .o_cc_script_section[data-section='suggested'] .o_cc_script:contains('Tour Prices')",
            run: "click",
        },
        {
            content: "Send a Message opens with the script's text, to edit and send",
            trigger: ".modal textarea:value('Tour Customer, our premium plan costs 29 € a month.')",
        },
    ],
});
