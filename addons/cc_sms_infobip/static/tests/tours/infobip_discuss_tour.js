import { registry } from "@web/core/registry";

/**
 * An agent answers a customer's SMS in Discuss; the answer goes out through
 * Infobip (the simulator in the tests).
 */
registry.category("web_tour.tours").add("cc_sms_infobip_discuss_reply", {
    steps: () => [
        {
            content: "The customer's SMS is in the conversation",
            trigger: ".o-mail-Message:contains('Is the shop open on Sunday?')",
        },
        {
            content: "Write the answer",
            trigger: ".o-mail-Composer-input",
            run: "edit Yes, from 10 to 16.",
        },
        {
            content: "Send it",
            trigger: ".o-mail-Composer-send:enabled",
            run: "click",
        },
        {
            content: "The answer shows its delivery status",
            trigger: ".o-mail-Message:contains('Yes, from 10 to 16.') .o_cc_status",
        },
        {
            content: "Reload: the tests' server has no live bus",
            trigger: ".o-mail-Message",
            run() {
                location.reload();
            },
        },
        {
            content: "Infobip accepted it",
            trigger: ".o-mail-Message:contains('Yes, from 10 to 16.') .o_cc_status[data-status='sent']",
        },
    ],
});

/** Once Infobip reported the handset's confirmation, the agent sees it delivered. */
registry.category("web_tour.tours").add("cc_sms_infobip_discuss_delivered", {
    steps: () => [
        {
            content: "The answer shows delivered",
            trigger: ".o-mail-Message:contains('Yes, from 10 to 16.') .o_cc_status[data-status='delivered']",
        },
    ],
});
