import { Thread } from "@mail/core/common/thread_model";
import { compareDatetime } from "@mail/utils/common/misc";
import { DiscussAppCategory } from "@mail/core/public_web/discuss_app_category_model";

import { patch } from "@web/core/utils/patch";
import { deserializeDateTime } from "@web/core/l10n/dates";

const { DateTime } = luxon;

patch(Thread.prototype, {
    _computeDiscussAppCategory() {
        if (this.channel_type !== "contact_centre") {
            return super._computeDiscussAppCategory();
        }
        return this.store.discuss.contactCentreCategory;
    },
    get canLeave() {
        return this.channel_type !== "contact_centre" && super.canLeave;
    },
    /** Minutes left in WhatsApp's customer-service window; 0 once closed, null without one. */
    get ccWindowMinutesLeft() {
        if (this.channel_type !== "contact_centre" || !this.cc_window_end) {
            return null;
        }
        const end = deserializeDateTime(this.cc_window_end);
        return Math.max(0, Math.floor(end.diff(DateTime.now(), "minutes").minutes));
    },
});

patch(DiscussAppCategory.prototype, {
    sortThreads(t1, t2) {
        if (this.id === "cc_base.category_conversations") {
            return compareDatetime(t2.lastInterestDt, t1.lastInterestDt) || t2.id - t1.id;
        }
        return super.sortThreads(t1, t2);
    },
});
