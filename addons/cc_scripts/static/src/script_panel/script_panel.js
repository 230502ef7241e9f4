import { Component, markup, onWillStart, onWillUpdateProps, useState } from "@odoo/owl";

import { _t } from "@web/core/l10n/translation";
import { useService } from "@web/core/utils/hooks";

/** Case and accents do not count when an agent searches scripts. */
function fold(text) {
    return (text || "")
        .normalize("NFKD")
        .replace(/[\u0300-\u036f]/g, "")
        .toLowerCase();
}

/**
 * The agent's scripts for one conversation: the suggested ones first, then
 * by category, each previewed for the contact; a click hands the rendered
 * text to onInsert and counts the use. A new refreshKey (a new customer
 * message) asks the server for suggestions again.
 */
export class ScriptPanel extends Component {
    static template = "cc_scripts.ScriptPanel";
    static props = {
        conversationId: Number,
        onInsert: Function,
        refreshKey: { optional: true },
    };

    setup() {
        this.orm = useService("orm");
        this.state = useState({ scripts: [], search: "", loading: true });
        onWillStart(() => this.load(this.props.conversationId));
        onWillUpdateProps((next) => {
            if (
                next.conversationId !== this.props.conversationId ||
                next.refreshKey !== this.props.refreshKey
            ) {
                return this.load(next.conversationId);
            }
        });
    }

    async load(conversationId) {
        // Only the answer to the latest request counts, whatever order they come back in.
        const request = (this.lastRequest = {});
        this.state.loading = true;
        const scripts = await this.orm.call("contact.centre.script", "get_panel_scripts", [
            conversationId,
        ]);
        if (request !== this.lastRequest) {
            return;
        }
        for (const script of scripts) {
            script.preview = markup(script.preview_html);
            script.haystack = fold([script.name, script.text, script.keywords].join(" "));
        }
        this.state.scripts = scripts;
        this.state.loading = false;
    }

    /** [{key, title, scripts}]: what the search finds, or the suggestions then each category. */
    get sections() {
        const scripts = this.state.scripts;
        const search = fold(this.state.search.trim());
        if (search) {
            const found = scripts.filter((script) => script.haystack.includes(search));
            return found.length ? [{ key: "found", title: _t("Found"), scripts: found }] : [];
        }
        const sections = [];
        const suggested = scripts.filter((script) => script.suggested);
        if (suggested.length) {
            sections.push({ key: "suggested", title: _t("Suggested"), scripts: suggested });
        }
        const byCategory = new Map();
        const categorised = [...scripts].sort((a, b) => a.category_sequence - b.category_sequence);
        for (const script of categorised) {
            const title = script.category || _t("Other Scripts");
            if (!byCategory.has(title)) {
                byCategory.set(title, []);
            }
            byCategory.get(title).push(script);
        }
        for (const [title, list] of byCategory) {
            sections.push({ key: `category-${title}`, title, scripts: list });
        }
        return sections;
    }

    async insert(script) {
        this.props.onInsert(script.text);
        await this.orm.call("contact.centre.script", "increment_usage", [
            [script.id],
            this.props.conversationId,
        ]);
    }
}
