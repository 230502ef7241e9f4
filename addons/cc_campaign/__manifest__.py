{
    "name": "Contact Centre Campaigns",
    "summary": "SMS and WhatsApp campaigns: scheduled, paced, compliant, measured",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base", "utm"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/ir.model.access.csv",
        "security/cc_campaign_security.xml",
        "data/utm_medium_data.xml",
        "data/ir_cron_data.xml",
        "views/contact_centre_campaign_views.xml",
        "views/contact_centre_message_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/cc_campaign_menus.xml",
    ],
    "demo": [
        "demo/cc_campaign_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_campaign/static/tests/tours/*.js",
        ],
    },
}
