import { stepUtils } from "@web_tour/tour_service/tour_utils";

/**
 * Tour steps the Contact Centre's tours share: opening the app and its
 * menus, and checking that a customer's HTML is shown as text.
 */

/** Steps from the home menu into the Contact Centre app. */
export function openApp() {
    return [
        stepUtils.showAppsMenuItem(),
        {
            content: "Open the Contact Centre app",
            trigger: '.o_app[data-menu-xmlid="cc_base.menu_contact_centre_root"]',
            run: "click",
        },
    ];
}

/**
 * Steps opening a menu item of the app (inside a section menu, or at the
 * top when section is null) and waiting for its page, titled title.
 */
export function openMenu(section, item, title) {
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

/** How hostile(word) of cc_base's tests/hostile_markup.py starts, shown as text. */
export function hostileText(word) {
    return `<i class="cc-injected">${word}</i>`;
}

/** The whole of hostile(word), for a tour that types it as a customer would. */
export function hostileMarkup(word) {
    return (
        `${hostileText(word)}<img src=x onerror="window.__ccInjected=1">` +
        "<script>window.__ccInjected=1</script>"
    );
}

/**
 * A step failing when markup written by a customer (or anyone else the
 * tests make hostile) became part of the page or ran: the tests' hostile
 * texts mark their elements with the class cc-injected, load an image from
 * "x" whose onerror sets window.__ccInjected, and carry scripts setting it
 * too. Each of expected must be found in the page's text, as written.
 */
export function shownLiterally(where, trigger, expected) {
    return {
        content: `${where}: the hostile HTML shows as text`,
        trigger,
        run() {
            const scripts = [...document.querySelectorAll("script")].filter((script) =>
                script.textContent.includes("__ccInjected")
            );
            if (
                document.querySelector(".cc-injected, img[src='x']") ||
                scripts.length ||
                window.__ccInjected
            ) {
                throw new Error(`${where}: the hostile HTML became part of the page`);
            }
            for (const text of expected) {
                if (!document.body.textContent.includes(text)) {
                    throw new Error(`${where}: "${text}" is not shown as written`);
                }
            }
        },
    };
}
