import { SuggestionService } from "@mail/core/common/suggestion_service";
import { cleanTerm } from "@mail/utils/common/format";

import { toRaw } from "@odoo/owl";
import { patch } from "@web/core/utils/patch";

function isConversation(thread) {
    return toRaw(thread)?.channel_type === "contact_centre";
}

/** In a contact-centre conversation, ":" answers with the scripts, ranked for it. */
patch(SuggestionService.prototype, {
    async fetchSuggestions({ delimiter }, { thread, abortSignal } = {}) {
        if (delimiter !== ":" || !isConversation(thread)) {
            return super.fetchSuggestions(...arguments);
        }
        const scripts = await this.makeOrmCall(
            "contact.centre.script",
            "get_panel_scripts",
            [thread.id],
            {},
            { abortSignal }
        );
        this.ccScripts = { threadId: thread.id, scripts };
    },
    searchSuggestions({ delimiter, term }, { thread } = {}) {
        if (delimiter !== ":" || !isConversation(thread)) {
            return super.searchSuggestions(...arguments);
        }
        const search = cleanTerm(term);
        const scripts = this.ccScripts?.threadId === thread.id ? this.ccScripts.scripts : [];
        return {
            type: "contact.centre.script",
            suggestions: scripts.filter((script) =>
                cleanTerm(`${script.name} ${script.keywords}`).includes(search)
            ),
        };
    },
});
