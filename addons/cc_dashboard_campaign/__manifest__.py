{
    "name": "Contact Centre Dashboard for Campaigns",
    "summary": "Running campaigns and their funnel on the Overview; Campaign Performance report",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_dashboard", "cc_campaign"],
    "auto_install": True,
    "data": [
        "security/ir.model.access.csv",
        "security/cc_dashboard_campaign_security.xml",
        "views/contact_centre_report_campaign_views.xml",
        "views/contact_centre_report_message_views.xml",
        "views/cc_dashboard_campaign_menus.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "cc_dashboard_campaign/static/src/*",
        ],
        "web.assets_tests": [
            "cc_dashboard_campaign/static/tests/tours/*.js",
        ],
    },
}
