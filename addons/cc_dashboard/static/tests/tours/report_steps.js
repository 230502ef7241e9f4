import { shownLiterally } from "@cc_base/../tests/tours/tour_steps";

/** Tour steps for the reports' views, shared by the dashboards' tours. */

/**
 * Steps pointing at the graph's bar labelled with word, until its tooltip
 * shows (the graph may still be drawing the previous grouping), then
 * checking the tooltip and the page.
 */
export function graphTooltip(where, word, expected) {
    return [
        {
            content: `${where}: point at the bar of ${word}`,
            trigger: ".o_graph_renderer canvas",
            async run() {
                for (let tries = 0; tries < 50; tries++) {
                    const canvas = document.querySelector(".o_graph_renderer canvas");
                    const chart = canvas && Chart.getChart(canvas);
                    const labels = chart ? chart.data.labels.map(String) : [];
                    const index = labels.findIndex((label) => label.includes(word));
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
                    const tooltip = document.querySelector(".o_graph_custom_tooltip");
                    if (tooltip?.textContent.includes(word)) {
                        return;
                    }
                    await new Promise((resolve) => setTimeout(resolve, 100));
                }
            },
        },
        shownLiterally(`${where} tooltip`, `.o_graph_custom_tooltip:contains('${word}')`, expected),
    ];
}

export function switchView(type) {
    return {
        content: `Switch to the ${type} view`,
        trigger: `.o_switch_view.o_${type}`,
        run: "click",
    };
}
