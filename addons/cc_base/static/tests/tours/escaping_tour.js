import { registry } from "@web/core/registry";
import {
    hostileText,
    openApp,
    openMenu,
    shownLiterally,
} from "@cc_base/../tests/tours/tour_steps";

/**
 * HTML and script a customer writes, in a message and in their name, show
 * as text in every view an agent opens: the Discuss thread, the Inbox, the
 * messages' list and form, the contacts. Nothing of them becomes an element
 * of the page or runs. The Python test (test_escaping_tour.py) writes them.
 */
const TEXT = hostileText("there");
const NAME = hostileText("Mallory");

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
        ...openApp(),
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
