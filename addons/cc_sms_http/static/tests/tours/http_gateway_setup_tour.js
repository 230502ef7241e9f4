import { registry } from "@web/core/registry";

/**
 * An administrator switches a gateway account to GET: the template becomes a
 * query string; a template with an unknown placeholder is refused at save
 * time, a good one saved; Test Connection sends nothing billable.
 */
registry.category("web_tour.tours").add("cc_sms_http_setup", {
    steps: () => [
        {
            content: "Open the gateway's tab",
            trigger: "a.nav-link:contains('HTTP Gateway')",
            run: "click",
        },
        {
            content: "Send with GET",
            trigger: "div[name='http_method'] input[data-value='GET']",
            run: "click",
        },
        {
            content: "The template became a query string",
            trigger: "div[name='http_template'] textarea:value(&reference=)",
        },
        {
            content: "Write a template with a typo",
            trigger: "div[name='http_template'] textarea",
            run: "edit to={{ to }}&text={{ txt }}",
        },
        {
            content: "Save",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Refused, saying why",
            trigger: ".modal-body:contains('Unknown placeholder(s) {{ txt }}')",
        },
        {
            content: "Close the message",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "Fix the template",
            trigger: "div[name='http_template'] textarea",
            run: "edit to={{ to_digits }}&text={{ text }}&ref={{ uuid }}",
        },
        {
            content: "Save again",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "Saved",
            trigger: ".o_form_saved",
        },
        {
            content: "Test the connection",
            trigger: "button[name='action_test_connection']",
            run: "click",
        },
        {
            content: "The host answers; nothing was sent",
            trigger: ".o_notification:contains('Nothing was sent')",
        },
    ],
});
