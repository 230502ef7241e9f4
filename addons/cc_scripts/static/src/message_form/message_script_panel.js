import { ScriptPanel } from "@cc_scripts/script_panel/script_panel";

import { Component } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useService } from "@web/core/utils/hooks";
import { standardWidgetProps } from "@web/views/widgets/standard_widget_props";

/**
 * The scripts on a message's form: a click opens Send a Message to the
 * contact with the script's text, still to be edited and sent.
 */
export class MessageScriptPanel extends Component {
    static template = "cc_scripts.MessageScriptPanel";
    static components = { ScriptPanel };
    static props = { ...standardWidgetProps };

    setup() {
        this.action = useService("action");
    }

    get conversationId() {
        return this.props.record.data.conversation_id?.[0];
    }

    onInsert(text) {
        const data = this.props.record.data;
        this.action.doAction("cc_base.contact_centre_composer_action", {
            additionalContext: {
                default_partner_ids: [data.contact_id[0]],
                default_channel: data.channel,
                default_provider_id: data.provider_id?.[0],
                default_body: text,
            },
        });
    }
}

registry.category("view_widgets").add("cc_script_panel", { component: MessageScriptPanel });
