import { registry } from "@web/core/registry";
import { hostileText, openMenu, shownLiterally } from "@cc_base/../tests/tours/tour_steps";
import { graphTooltip, switchView } from "@cc_dashboard/../tests/tours/report_steps";

/**
 * A running campaign whose name is HTML and script shows it as text on the
 * Overview and in the Campaign Performance pivot and graph tooltip. The
 * Python test (test_escaping_tour.py) writes it.
 */
const CAMPAIGN = hostileText("Sale");

registry.category("web_tour.tours").add("cc_dashboard_campaign_escaping", {
    steps: () => [
        shownLiterally("Overview", ".o_cc_overview_campaigns td:contains('Sale</i>')", [CAMPAIGN]),
        ...openMenu(
            "cc_dashboard.menu_contact_centre_reporting",
            "cc_dashboard_campaign.menu_contact_centre_report_campaign",
            "Campaign Performance"
        ),
        shownLiterally("Campaign Performance pivot", ".o_pivot th:contains('Sale</i>')", [
            CAMPAIGN,
        ]),
        switchView("graph"),
        ...graphTooltip("Campaign Performance graph", "Sale</i>", [CAMPAIGN]),
    ],
});
