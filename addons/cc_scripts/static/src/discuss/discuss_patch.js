import { Discuss } from "@mail/core/public_web/discuss";

import { useEffect } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";

/** A contact-centre conversation opens with its scripts beside it. */
patch(Discuss.prototype, {
    setup() {
        super.setup(...arguments);
        useEffect(
            (scriptsAction) => {
                if (scriptsAction && !scriptsAction.isActive) {
                    scriptsAction.open();
                }
            },
            () => [this.threadActions.actions.find((action) => action.id === "cc-scripts")]
        );
    },
});
