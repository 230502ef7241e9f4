{
    "name": "Contact Centre Dashboard",
    "summary": "The contact centre's Overview dashboard and its reports: volumes, "
    "response times in business hours, agents, delivery health",
    "version": "18.0.1.0.1",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base", "resource", "web", "bus"],
    "data": [
        "security/ir.model.access.csv",
        "security/cc_dashboard_security.xml",
        "data/ir_cron_data.xml",
        "views/contact_centre_response_views.xml",
        "views/contact_centre_report_message_views.xml",
        "views/contact_centre_report_agent_views.xml",
        "views/cc_dashboard_menus.xml",
    ],
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
    "assets": {
        "web.assets_backend": [
            "cc_dashboard/static/src/overview/*",
        ],
        "web.assets_tests": [
            "cc_dashboard/static/tests/tours/*.js",
        ],
    },
}
