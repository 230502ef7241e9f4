{
    "name": "Contact Centre: SMS through Infobip",
    "summary": "Two-way SMS through Infobip, with delivery reports and segment counting",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base"],
    "data": [
        "data/ir_cron_data.xml",
        "views/contact_centre_provider_views.xml",
        "views/contact_centre_message_views.xml",
    ],
    "demo": [
        "demo/cc_sms_infobip_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_sms_infobip/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
