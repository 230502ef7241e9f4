{
    "name": "Contact Centre: SMS through Twilio",
    "summary": "Two-way SMS through Twilio, with signed status callbacks",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base"],
    "data": [
        "views/contact_centre_provider_views.xml",
    ],
    "demo": [
        "demo/cc_sms_twilio_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_sms_twilio/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
