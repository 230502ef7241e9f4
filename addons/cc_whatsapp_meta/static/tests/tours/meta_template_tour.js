import { registry } from "@web/core/registry";

/**
 * The customer last wrote days ago: the WhatsApp window is closed, so the
 * agent sends an approved template from the conversation.
 */
registry.category("web_tour.tours").add("cc_whatsapp_meta_template_to_closed_window", {
    steps: () => [
        {
            content: "The composer says the window is closed",
            trigger: ".o_cc_window:contains('window is closed')",
        },
        {
            content: "Send a template instead",
            trigger: ".o_cc_template_picker",
            run: "click",
        },
        {
            content: "Choose the approved template",
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: "edit order_update",
        },
        {
            trigger: ".o-autocomplete--dropdown-item:contains('order_update')",
            run: "click",
        },
        {
            content: "The preview shows the customer's name in the template",
            trigger: ".modal .o_cc_preview:contains('Hi Tour Late Customer, your order has shipped')",
        },
        {
            content: "Send it",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "It went out",
            trigger: ".modal .o_field_widget[name=line_ids] .badge:contains('Queued')",
        },
        {
            trigger: ".modal button:contains('Close')",
            run: "click",
        },
        {
            content: "Reload: the tests' server has no live bus",
            trigger: ".o-mail-Message",
            run() {
                location.reload();
            },
        },
        {
            content: "The template is in the conversation",
            trigger: ".o-mail-Message:contains('Hi Tour Late Customer, your order has shipped')",
        },
    ],
});

/** The customer answered the template: the agent chats freely again. */
registry.category("web_tour.tours").add("cc_whatsapp_meta_free_chat_after_answer", {
    steps: () => [
        {
            content: "The customer's answer is in the conversation",
            trigger: ".o-mail-Message:contains('Great, when will it arrive?')",
        },
        {
            content: "The window is open again",
            trigger: ".o_cc_window:contains('closes in')",
        },
        {
            content: "Write freely",
            trigger: ".o-mail-Composer-input",
            run: "edit Tomorrow before noon",
        },
        {
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer shows its status",
            trigger: ".o-mail-Message:contains('Tomorrow before noon') .o_cc_status",
            run() {
                location.reload();
            },
        },
        {
            content: "The answer went out through Meta",
            trigger: ".o-mail-Message:contains('Tomorrow before noon') .o_cc_status[data-status='sent']",
        },
    ],
});
