import { registry } from "@web/core/registry";
import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * HTML and script a customer writes, in a message and in their name, show
 * as text in every view an agent opens: the Discuss thread, the Inbox, the
 * messages' list and form, the contacts. Nothing of them becomes an element
 * of the page or runs. The Python test (test_escaping_tour.py) writes them.
 */
const TEXT = '<b class="cc-injected">there</b>';
const NAME = '<i class="cc-injected">Mallory</i>';

function shownLiterally(where, trigger, expected) {
    return {
        content: `${where}: the customer's HTML shows as text`,
        trigger,
        run() {
            if (document.querySelector(".cc-injected, img[src='x']") || window.__ccInjected) {
                throw new Error(`${where}: the customer's HTML became part of the page`);
            }
            for (const text of expected) {
                if (!document.body.textContent.includes(text)) {
                    throw new Error(`${where}: "${text}" is not shown as written`);
                }
            }
        },
    };
}

function openMenu(section, item, title) {
    const steps = [];
    if (section) {
        steps.push({
            content: `Open the ${section} menu`,
            trigger: `.o_menu_sections button[data-menu-xmlid="${section}"]`,
            run: "click",
        });
    }
    steps.push(
        {
            content: `Open ${item}`,
            trigger: `[data-menu-xmlid="${item}"]:not(button)`,
            run: "click",
        },
        {
            content: `${title} is open`,
            trigger: `.o_last_breadcrumb_item:contains("${title}")`,
        }
    );
    return steps;
}

registry.category("web_tour.tours").add("cc_base_escaping", {
    steps: () => [
        shownLiterally("Discuss thread", ".o-mail-Message:contains(there)", [TEXT, NAME]),
        {
            content: "Go to the Contact Centre",
            trigger: ".o-mail-Message",
            run() {
                window.location.href = "/odoo";
            },
        },
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Contact Centre app",
            trigger: '.o_app[data-menu-xmlid="cc_base.menu_contact_centre_root"]',
            run: "click",
        },
        ...openMenu(null, "cc_base.menu_contact_centre_inbox", "Inbox"),
        shownLiterally("Inbox", ".o_kanban_record:contains(Mallory)", [NAME]),
        ...openMenu(
            "cc_base.menu_contact_centre_messages",
            "cc_base.menu_contact_centre_messages_inbound_all",
            "Inbound Messages"
        ),
        shownLiterally("Inbound Messages", ".o_data_row:contains(there)", [TEXT, NAME]),
        {
            content: "Open the message",
            trigger: ".o_data_row:contains(Mallory) .o_data_cell",
            run: "click",
        },
        shownLiterally("Message form", ".o_form_view:contains(there)", [TEXT, NAME]),
        ...openMenu(null, "cc_base.menu_contact_centre_contacts", "Contacts"),
        shownLiterally("Contacts", ".o_kanban_record:contains(Mallory)", [NAME]),
    ],
});
