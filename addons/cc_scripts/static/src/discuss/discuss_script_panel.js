import { ActionPanel } from "@mail/discuss/core/common/action_panel";
import { ScriptPanel } from "@cc_scripts/script_panel/script_panel";
import { insertInComposer } from "@cc_scripts/discuss/composer_insert";

import { Component } from "@odoo/owl";

/** The scripts beside a contact-centre conversation in Discuss. */
export class DiscussScriptPanel extends Component {
    static template = "cc_scripts.DiscussScriptPanel";
    static components = { ActionPanel, ScriptPanel };
    static props = ["thread"];

    /**
     * The newest message: when the customer writes (or the agent answers, which
     * ends the greeting stage), the suggestions follow.
     */
    get newestMessageId() {
        return this.props.thread.newestPersistentMessage?.id;
    }

    onInsert(text) {
        insertInComposer(this.props.thread.composer, text);
    }
}
