import { registry } from "@web/core/registry";
import { rpc } from "@web/core/network/rpc";

/**
 * An agent answers a customer in Discuss: the customer's message is there,
 * the WhatsApp window shows, the reply goes out and its status follows the
 * sandbox's receipts to read.
 */
registry.category("web_tour.tours").add("cc_base_discuss_reply", {
    steps: () => [
        {
            content: "The customer's message is in the conversation",
            trigger: ".o-mail-Message:contains('Tour: is my order on its way?')",
        },
        {
            content: "The composer says how long the window stays open",
            trigger: ".o_cc_window:contains('closes in')",
        },
        {
            content: "Write the answer",
            trigger: ".o-mail-Composer-input",
            run: "edit Tour: yes, it left this morning",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer shows its delivery status",
            trigger: ".o-mail-Message:contains('Tour: yes, it left this morning') .o_cc_status",
            run: async () => {
                const [provider] = await rpc("/web/dataset/call_kw/contact.centre.provider/search", {
                    model: "contact.centre.provider",
                    method: "search",
                    args: [[["name", "=", "Tour Discuss Sandbox"]]],
                    kwargs: {},
                });
                await rpc("/web/dataset/call_kw/contact.centre.provider/action_sandbox_deliver_now", {
                    model: "contact.centre.provider",
                    method: "action_sandbox_deliver_now",
                    args: [[provider]],
                    kwargs: {},
                });
            },
        },
        {
            content: "Reload: the tests' server has no live bus",
            trigger: ".o-mail-Message",
            run() {
                location.reload();
            },
        },
        {
            content: "The customer has read it",
            trigger: ".o-mail-Message:contains('Tour: yes, it left this morning') .o_cc_status[data-status='read']",
        },
    ],
});

/** Once WhatsApp's window has closed, the composer offers templates instead. */
registry.category("web_tour.tours").add("cc_base_discuss_window_closed", {
    steps: () => [
        {
            content: "The composer says the window is closed",
            trigger: ".o_cc_window:contains('window is closed')",
        },
        {
            content: "Pick a template instead",
            trigger: ".o_cc_template_picker",
            run: "click",
        },
        {
            content: "The Send a Message dialog opens for this contact",
            trigger: ".modal .o_field_many2many_tags:contains('Tour Late Customer')",
        },
    ],
});
