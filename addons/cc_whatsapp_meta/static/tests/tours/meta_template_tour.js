import { registry } from "@web/core/registry";
import { chooseTemplate, sendTemplate } from "@cc_whatsapp_meta/../tests/tours/template_steps";

/**
 * The customer last wrote days ago: the WhatsApp window is closed, so the
 * agent sends an approved template from the conversation.
 */
registry.category("web_tour.tours").add("cc_whatsapp_meta_template_to_closed_window", {
    steps: () => [
        ...chooseTemplate("order_update"),
        {
            content: "The preview shows the customer's name in the template",
            trigger: ".modal .o_cc_preview:contains('Hi Tour Late Customer, your order has shipped')",
        },
        ...sendTemplate(),
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
