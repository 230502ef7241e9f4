{
    "name": "Contact Centre Automations",
    "summary": "Auto-replies, keywords, business hours and chatbot flows on SMS and WhatsApp",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base", "resource"],
    "data": [
        "security/cc_automation_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/contact_centre_automation_views.xml",
        "wizard/contact_centre_chatbot_test_views.xml",
        "views/contact_centre_chatbot_views.xml",
        "views/contact_centre_chatbot_session_views.xml",
        "views/discuss_channel_views.xml",
        "views/cc_automation_menus.xml",
    ],
    "demo": [
        "demo/cc_automation_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_automation/static/tests/tours/*.js",
        ],
    },
}
