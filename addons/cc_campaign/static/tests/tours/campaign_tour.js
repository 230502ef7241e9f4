import { registry } from "@web/core/registry";

/**
 * A manager builds an SMS campaign: its audience with Odoo's domain editor
 * (its code editor, in debug mode), a text with a placeholder, checks the
 * live audience count and the preview, saves and starts it.
 */
registry.category("web_tour.tours").add("cc_campaign_build_and_start", {
    steps: () => [
        {
            content: "The overview shows the campaigns by state",
            trigger: ".o_kanban_view .o_kanban_group:contains('Draft')",
        },
        {
            content: "New campaign",
            trigger: ".o-kanban-button-new",
            run: "click",
        },
        {
            content: "Name it",
            trigger: "div[name=name] input",
            run: "edit Tour spring sale",
        },
        {
            content: "On SMS",
            trigger: "div[name=channel] input[data-value=sms]",
            run: "click",
        },
        {
            content: "Choose the audience with the domain editor",
            trigger: "div[name=contact_domain] .o_domain_selector_debug_container textarea",
            run: "edit [(\"comment\", \"=\", \"tour audience\")]",
        },
        {
            content: "Leave the code editor: the domain is applied",
            trigger: ".oe_title .o_form_label",
            run: "click",
        },
        {
            content: "The campaign counts its audience",
            trigger: ".o_notebook div[name=contact_count]:contains('2')",
        },
        {
            content: "Count the matching contacts again",
            trigger: "div[name=contact_domain] .o_refresh_count",
            run: "click",
        },
        {
            content: "The domain editor counts the contacts",
            trigger: "div[name=contact_domain] .o_domain_show_selection_button:contains('2 record(s)')",
        },
        {
            content: "Open the content",
            trigger: "a.nav-link:contains('Content')",
            run: "click",
        },
        {
            content: "Write the message",
            trigger: "div[name=message_body] textarea",
            run: "edit Hello {{ object.name }}, spring is here!",
        },
        {
            content: "Leave the text: the preview is rendered",
            trigger: ".oe_title .o_form_label",
            run: "click",
        },
        {
            content: "The preview shows the first contact's message",
            trigger: "div[name=preview_html] .o_cc_bubble_text:contains('Hello Tour Ann, spring is here!')",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Start",
            trigger: "button[name=action_start]",
            run: "click",
        },
        {
            content: "The campaign runs",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains('Running')",
        },
        {
            content: "Open the results",
            trigger: "a.nav-link:contains('Results')",
            run: "click",
        },
        {
            content: "The funnel is drawn",
            trigger: ".o_cc_campaign_funnel .progress",
        },
    ],
});
