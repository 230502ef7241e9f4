import { registry } from "@web/core/registry";

/**
 * The Overview opens on the last 7 days; 30 days brings in a message of ten
 * days ago, which its Messages card then lists.
 */
registry.category("web_tour.tours").add("cc_dashboard_overview", {
    steps: () => [
        {
            content: "The Overview shows its cards for the last 7 days",
            trigger: ".o_cc_overview .o_cc_overview_period .btn-primary[data-period='7d']",
        },
        {
            content: "and its chart",
            trigger: ".o_cc_overview .o_cc_overview_chart canvas",
        },
        {
            content: "Choose the last 30 days",
            trigger: ".o_cc_overview .o_cc_overview_period button[data-period='30d']",
            run: "click",
        },
        {
            content: "The figures are those of 30 days",
            trigger: ".o_cc_overview[data-loaded-period='30d'] .o_cc_overview_period .btn-primary[data-period='30d']",
        },
        {
            content: "Open the messages of the period",
            trigger: ".o_cc_overview .o_cc_overview_card_messages",
            run: "click",
        },
        {
            content: "The list shows the message of ten days ago",
            trigger: ".o_list_view .o_data_row:contains('Tour: ten days ago')",
        },
        {
            content: "under the card's name",
            trigger: ".o_last_breadcrumb_item:contains('Messages')",
        },
    ],
});
