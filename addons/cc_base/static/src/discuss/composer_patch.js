import { Composer } from "@mail/core/common/composer";

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

patch(Composer.prototype, {
    /** Once the WhatsApp window has closed: pick an approved template instead. */
    openCcTemplatePicker() {
        // The action itself, not its xml id: the menu action's context reads
        // active_model, which Discuss does not set.
        this.env.services.action.doAction({
            type: "ir.actions.act_window",
            name: _t("Send a Message"),
            res_model: "contact.centre.composer",
            views: [[false, "form"]],
            target: "new",
            context: {
                default_partner_ids: [this.thread.cc_contact_id],
                default_channel: this.thread.cc_channel,
                default_provider_id: this.thread.cc_provider_id,
            },
        });
    },
});
