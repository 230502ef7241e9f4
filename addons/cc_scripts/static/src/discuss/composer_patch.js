import { Composer } from "@mail/core/common/composer";

import { patch } from "@web/core/utils/patch";

/** A script picked after ":" is inserted as its text for the contact, and counted. */
patch(Composer.prototype, {
    get navigableListProps() {
        const props = super.navigableListProps;
        if (this.suggestion?.state.items?.type !== "contact.centre.script") {
            return props;
        }
        return {
            ...props,
            optionTemplate: "cc_scripts.Composer.suggestionScript",
            options: this.suggestion.state.items.suggestions.map((script) => ({
                ccScript: script,
                source: script.name,
                label: script.text,
                classList: "o-mail-Composer-suggestion o_cc_script_suggestion",
            })),
            onSelect: (ev, option) => {
                props.onSelect(ev, option);
                this.env.services.orm.call("contact.centre.script", "increment_usage", [
                    [option.ccScript.id],
                    this.thread.id,
                ]);
            },
        };
    },
});
