import { registry } from "@web/core/registry";
import { openApp, openMenu } from "@cc_base/../tests/tours/tour_steps";

/**
 * Walk every menu item of the Contact Centre app and check that each one
 * opens its page. Each item: [section menu or null, menu item, page title,
 * something the page must show]. The Python test checks that these lists
 * name every menu item a user of each kind can see.
 */
const AGENT_MENUS = [
    // A dashboard addon may replace the Overview's graph with its own page.
    [null, "cc_base.menu_contact_centre_overview", "Overview", ".o_content"],
    [null, "cc_base.menu_contact_centre_inbox", "Inbox", ".o_kanban_group:contains('Unassigned') .o_kanban_record:contains('Tour: waiting in the inbox')"],
    [null, "cc_base.menu_contact_centre_contacts", "Contacts", ".o_kanban_record:contains('Tour Contact')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_inbound_all", "Inbound Messages", ".o_data_row:contains('Tour: waiting in the inbox')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_inbound_whatsapp", "Inbound WhatsApp", ".o_data_row:contains('Tour: waiting in the inbox')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_inbound_sms", "Inbound SMS", ".o_data_row:contains('Tour: an SMS came in')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_outbound_all", "Outbound Messages", ".o_data_row:contains('Tour: our answer')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_outbound_whatsapp", "Outbound WhatsApp", ".o_data_row:contains('Tour: our answer')"],
    ["cc_base.menu_contact_centre_messages", "cc_base.menu_contact_centre_messages_outbound_sms", "Outbound SMS", ".o_list_view"],
];

const ADMIN_MENUS = [
    ...AGENT_MENUS,
    ["cc_base.menu_contact_centre_configuration", "cc_base.menu_contact_centre_provider", "Provider Accounts", ".o_list_view"],
    ["cc_base.menu_contact_centre_configuration", "cc_base.menu_contact_centre_template", "Templates", ".o_data_row:contains('Tour template')"],
    ["cc_base.menu_contact_centre_configuration", "cc_base.menu_contact_centre_tag", "Tags", ".o_data_row:contains('Tour tag')"],
    ["cc_base.menu_contact_centre_configuration", "cc_base.menu_contact_centre_consent_keyword", "Opt-out Keywords", ".o_data_row:contains('ARRET')"],
    ["cc_base.menu_contact_centre_configuration", "cc_base.menu_contact_centre_webhook_event", "Webhook Events", ".o_list_view"],
];

function visit([section, item, title, shows]) {
    return [
        ...openMenu(section, item, title),
        {
            content: `${title} shows its records`,
            trigger: `.o_action_manager ${shows}`,
        },
    ];
}

registry.category("web_tour.tours").add("cc_base_menu_walk_admin", {
    url: "/odoo",
    steps: () => [...openApp(), ...ADMIN_MENUS.flatMap(visit)],
});

registry.category("web_tour.tours").add("cc_base_menu_walk_agent", {
    url: "/odoo",
    steps: () => [
        ...openApp(),
        ...AGENT_MENUS.flatMap(visit),
        {
            content: "Agents have no Configuration menu",
            trigger: '.o_menu_sections:not(:has([data-menu-xmlid="cc_base.menu_contact_centre_configuration"]))',
        },
    ],
});
