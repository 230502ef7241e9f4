/**
 * Steps sending a WhatsApp template from a conversation whose window is
 * closed, shared by the template tours: choose it in the composer, then
 * send it and close the composer.
 */

export function chooseTemplate(name) {
    return [
        {
            content: "The composer says the window is closed",
            trigger: ".o_cc_window:contains('window is closed')",
        },
        {
            content: "Send a template instead",
            trigger: ".o_cc_template_picker",
            run: "click",
        },
        {
            content: `Choose the approved template ${name}`,
            trigger: ".modal .o_field_widget[name=template_id] input",
            run: `edit ${name}`,
        },
        {
            trigger: `.o-autocomplete--dropdown-item:contains('${name}')`,
            run: "click",
        },
    ];
}

/** checks: steps run on the composer's results, before it closes. */
export function sendTemplate(...checks) {
    return [
        {
            content: "Send it",
            trigger: ".modal button[name=action_send]",
            run: "click",
        },
        {
            content: "It went out",
            trigger: ".modal .o_field_widget[name=line_ids] .badge:contains('Queued')",
        },
        ...checks,
        {
            trigger: ".modal button:contains('Close')",
            run: "click",
        },
    ];
}
