import { registry } from "@web/core/registry";

/**
 * An agent answers a customer's SMS in Discuss; the answer goes out through
 * Twilio (the simulator in the tests).
 */
registry.category("web_tour.tours").add("cc_sms_twilio_discuss_reply", {
    steps: () => [
        {
            content: "The customer's SMS is in the conversation",
            trigger: ".o-mail-Message:contains('Can I pick my order up tonight?')",
        },
        {
            content: "Write the answer",
            trigger: ".o-mail-Composer-input",
            run: "edit Yes, until 8 pm.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer shows its delivery status",
            trigger: ".o-mail-Message:contains('Yes, until 8 pm.') .o_cc_status",
        },
        {
            content: "Reload: the tests' server has no live bus",
            trigger: ".o-mail-Message",
            run() {
                location.reload();
            },
        },
        {
            content: "Twilio accepted it",
            trigger: ".o-mail-Message:contains('Yes, until 8 pm.') .o_cc_status[data-status='sent']",
        },
    ],
});

/** Once Twilio's status callback said delivered, the agent sees it. */
registry.category("web_tour.tours").add("cc_sms_twilio_discuss_delivered", {
    steps: () => [
        {
            content: "The answer shows delivered",
            trigger: ".o-mail-Message:contains('Yes, until 8 pm.') .o_cc_status[data-status='delivered']",
        },
    ],
});
