import { registry } from "@web/core/registry";
import {
    hostileText,
    openApp,
    openMenu,
    shownLiterally,
} from "@cc_base/../tests/tours/tour_steps";
import { chooseTemplate, sendTemplate } from "@cc_whatsapp_meta/../tests/tours/template_steps";

/**
 * A WhatsApp template whose header, footer, button and parameters' samples
 * are HTML and script, sent to a contact whose name (its first parameter)
 * is too: all of it shows as text in the composer's preview and results,
 * the Discuss thread, the messages' list and form, the templates' list and
 * the template's preview and variables. The Python test
 * (test_escaping_tour.py) writes them.
 */
const NAME = hostileText("Mallory");
const CODE = hostileText("code");
const SAMPLE = hostileText("Ann");
const HEADER = hostileText("Offer");
const FOOTER = hostileText("Footer");
const BUTTON = hostileText("Yes");
const MESSAGES = "cc_base.menu_contact_centre_messages";
const CONFIGURATION = "cc_base.menu_contact_centre_configuration";

registry.category("web_tour.tours").add("cc_whatsapp_meta_escaping", {
    steps: () => [
        ...chooseTemplate("escaping_probe"),
        shownLiterally("Composer", ".modal .o_cc_preview:contains(your code is)", [NAME, CODE]),
        ...sendTemplate(
            shownLiterally("Composer results", ".modal .o_data_row:contains(Mallory)", [NAME])
        ),
        {
            content: "Reload: the tests' server has no live bus",
            trigger: ".o-mail-Message",
            run() {
                location.reload();
            },
        },
        shownLiterally("Discuss thread", ".o-mail-Message:contains(your code is)", [NAME, CODE]),
        {
            content: "Go to the Contact Centre",
            trigger: ".o-mail-Message",
            run() {
                window.location.href = "/odoo";
            },
        },
        ...openApp(),
        ...openMenu(
            MESSAGES,
            "cc_base.menu_contact_centre_messages_outbound_whatsapp",
            "Outbound WhatsApp"
        ),
        // The list's preview is cut short: the code is seen in the form.
        shownLiterally("Outbound WhatsApp", ".o_data_row:contains(Mallory)", [NAME]),
        {
            content: "Open the template message",
            trigger: ".o_data_row:contains(Mallory) .o_data_cell",
            run: "click",
        },
        shownLiterally("Message form", ".o_form_view .o_cc_preview:contains(your code is)", [
            NAME,
            CODE,
        ]),
        ...openMenu(CONFIGURATION, "cc_base.menu_contact_centre_template", "Templates"),
        shownLiterally("Templates", ".o_data_row:contains(escaping_probe)", [CODE]),
        {
            content: "Open the template",
            trigger: ".o_data_row:contains(escaping_probe) .o_data_cell",
            run: "click",
        },
        shownLiterally("Template form", ".o_form_view .o_cc_preview:contains(Footer)", [
            HEADER,
            SAMPLE,
            CODE,
            FOOTER,
            BUTTON,
        ]),
        {
            content: "Open the template's variables",
            trigger: ".o_notebook .nav-link:contains(Variables)",
            run: "click",
        },
        shownLiterally(
            "Template variables",
            ".o_field_widget[name=meta_variable_ids] .o_data_row:contains(Ann)",
            [SAMPLE, CODE]
        ),
    ],
});
