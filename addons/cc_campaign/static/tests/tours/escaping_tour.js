import { registry } from "@web/core/registry";
import { hostileText, shownLiterally } from "@cc_base/../tests/tours/tour_steps";

/**
 * A campaign's name, a template parameter's value and a recipient's name
 * (another parameter) made of HTML and script show as text in the
 * campaigns' overview, the campaign's form, preview and parameters, and its
 * messages. The Python test (test_escaping_tour.py) writes them.
 */
const CAMPAIGN = hostileText("Sale");
const NAME = hostileText("Mallory");
const CODE = hostileText("code");
// The campaign's card, not a demo campaign's ("Summer sale").
const CARD = ".o_kanban_record:contains('Sale</i>')";

function openTab(title) {
    return {
        content: `Open the ${title} tab`,
        trigger: `.o_notebook a.nav-link:contains('${title}')`,
        run: "click",
    };
}

registry.category("web_tour.tours").add("cc_campaign_escaping", {
    steps: () => [
        shownLiterally("Campaigns", CARD, [CAMPAIGN]),
        {
            content: "Open the campaign",
            trigger: CARD,
            run: "click",
        },
        shownLiterally("Campaign form", ".o_last_breadcrumb_item:contains('Sale</i>')", [CAMPAIGN]),
        openTab("Content"),
        shownLiterally(
            "Campaign preview",
            "div[name=preview_html] .o_cc_bubble_text:contains(Mallory)",
            [NAME, CODE]
        ),
        openTab("Messages"),
        shownLiterally("Campaign messages", "div[name=message_ids] .o_data_row:contains(Mallory)", [
            NAME,
        ]),
    ],
});
