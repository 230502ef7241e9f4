import { registry } from "@web/core/registry";
import {
    hostileText,
    openMenu,
    shownLiterally,
} from "@cc_base/../tests/tours/tour_steps";

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

/**
 * Steps pointing at the graph's bar labelled with word, until its tooltip
 * shows (the graph may still be drawing the previous grouping), then
 * checking the tooltip and the page.
 */
function graphTooltip(where, word, expected) {
    return [
        {
            content: `${where}: point at the bar of ${word}`,
            trigger: ".o_graph_renderer canvas",
            async run() {
                for (let tries = 0; tries < 50; tries++) {
                    const canvas = document.querySelector(".o_graph_renderer canvas");
                    const chart = canvas && Chart.getChart(canvas);
                    const index = chart ? chart.data.labels.findIndex((label) => String(label).includes(word)) : -1;
                    if (index >= 0) {
                        const bar = chart.getDatasetMeta(0).data[index];
                        const box = canvas.getBoundingClientRect();
                        canvas.dispatchEvent(
                            new MouseEvent("mousemove", {
                                clientX: box.left + bar.x,
                                clientY: box.top + (bar.y + bar.base) / 2,
                                bubbles: true,
                            })
                        );
                    }
                    if (document.querySelector(".o_graph_custom_tooltip")?.textContent.includes(word)) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
            },
        },
        shownLiterally(`${where} tooltip`, `.o_graph_custom_tooltip:contains(${word})`, expected),
    ];
}

function switchView(type) {
    return {
        content: `Switch to the ${type} view`,
        trigger: `.o_switch_view.o_${type}`,
        run: "click",
    };
}

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
