import { threadActionsRegistry } from "@mail/core/common/thread_actions";
import { DiscussScriptPanel } from "@cc_scripts/discuss/discuss_script_panel";

import { _t } from "@web/core/l10n/translation";

threadActionsRegistry.add("cc-scripts", {
    component: DiscussScriptPanel,
    condition(component) {
        return (
            component.thread?.channel_type === "contact_centre" &&
            (!component.props.chatWindow || component.props.chatWindow.isOpen)
        );
    },
    panelOuterClass: "o_cc_scripts_panel bg-inherit",
    icon: "fa fa-fw fa-file-text-o",
    iconLarge: "fa fa-fw fa-lg fa-file-text-o",
    name: _t("Scripts"),
    nameActive: _t("Hide Scripts"),
    sequence: 5,
    sequenceGroup: 5,
    toggle: true,
});
