import { DiscussApp } from "@mail/core/public_web/discuss_app_model";
import { Record } from "@mail/core/common/record";

import { _t } from "@web/core/l10n/translation";
import { patch } from "@web/core/utils/patch";

/** Contact centre conversations get their own category in the Discuss sidebar. */
patch(DiscussApp.prototype, {
    setup(env) {
        super.setup(env);
        this.contactCentreCategory = Record.one("DiscussAppCategory", {
            compute() {
                return {
                    extraClass: "o-mail-DiscussSidebarCategory-contactCentre",
                    icon: "fa fa-whatsapp",
                    hideWhenEmpty: true,
                    id: "cc_base.category_conversations",
                    name: _t("Customer Conversations"),
                    sequence: 22,
                };
            },
        });
    },
});
