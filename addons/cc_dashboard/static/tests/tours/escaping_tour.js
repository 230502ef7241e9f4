import { registry } from "@web/core/registry";
import {
    hostileText,
    openMenu,
    shownLiterally,
} from "@cc_base/../tests/tours/tour_steps";
import { graphTooltip, switchView } from "@cc_dashboard/../tests/tours/report_steps";

/**
 * Names and texts made of HTML and script (an agent's, a contact's, a
 * provider account's, a customer's message) show as text on the Overview
 * and in the reports' pivot, graph and list views, graph tooltips
 * included. The Python test (test_escaping_tour.py) writes them.
 */
const AGENT = hostileText("Eve");
const CONTACT = hostileText("Mallory");
const PROVIDER = hostileText("Desk");
const TEXT = hostileText("there");
const REPORTING = "cc_dashboard.menu_contact_centre_reporting";

registry.category("web_tour.tours").add("cc_dashboard_escaping", {
    steps: () => [
        shownLiterally(
            "Overview",
            ".o_cc_overview_agents td:contains(Eve)",
            [AGENT, CONTACT, PROVIDER, TEXT]
        ),
        ...openMenu(REPORTING, "cc_dashboard.menu_contact_centre_report_agent", "Agent Performance"),
        shownLiterally("Agent Performance pivot", ".o_pivot th:contains(Eve)", [AGENT]),
        switchView("graph"),
        ...graphTooltip("Agent Performance graph", "Eve", [AGENT]),
        ...openMenu(REPORTING, "cc_dashboard.menu_contact_centre_report_response", "Response Times"),
        switchView("list"),
        shownLiterally("Response Times list", ".o_data_row:contains(Mallory)", [CONTACT, AGENT]),
        ...openMenu(REPORTING, "cc_dashboard.menu_contact_centre_report_message", "Message Volume"),
        {
            content: "Open the search options",
            trigger: ".o_searchview_dropdown_toggler",
            run: "click",
        },
        {
            content: "Group the messages by contact",
            trigger: ".o_add_custom_group_menu",
            run: "select contact_id",
        },
        ...graphTooltip("Message Volume graph by contact", "Mallory", [CONTACT]),
        switchView("pivot"),
        shownLiterally("Message Volume pivot by contact", ".o_pivot th:contains(Mallory)", [
            CONTACT,
        ]),
    ],
});
