import { Composer } from "@mail/core/common/composer";

import { patch } from "@web/core/utils/patch";

patch(Composer.prototype, {
    /** Once the WhatsApp window has closed: pick an approved template instead. */
    openCcTemplatePicker() {
        this.env.services.action.doAction("cc_base.contact_centre_composer_action", {
            additionalContext: {
                default_partner_ids: [this.thread.cc_contact_id],
                default_channel: this.thread.cc_channel,
                default_provider_id: this.thread.cc_provider_id,
            },
        });
    },
});
