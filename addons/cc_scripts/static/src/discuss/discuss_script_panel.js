import { ActionPanel } from "@mail/discuss/core/common/action_panel";
import { ScriptPanel } from "@cc_scripts/script_panel/script_panel";
import { insertInComposer } from "@cc_scripts/discuss/composer_insert";

import { Component } from "@odoo/owl";

/** The scripts beside a contact-centre conversation in Discuss. */
export class DiscussScriptPanel extends Component {
    static template = "cc_scripts.DiscussScriptPanel";
    static components = { ActionPanel, ScriptPanel };
    static props = ["thread"];

    /** The customer's newest message: when another comes, suggestions follow. */
    get lastCustomerMessageId() {
        const contactId = this.props.thread.cc_contact_id;
        const messages = this.props.thread.messages;
        for (let index = messages.length - 1; index >= 0; index--) {
            if (messages[index].author?.id === contactId) {
                return messages[index].id;
            }
        }
        return false;
    }

    onInsert(text) {
        insertInComposer(this.props.thread.composer, text);
    }
}
