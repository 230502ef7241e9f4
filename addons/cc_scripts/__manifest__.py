{
    "name": "Contact Centre Scripts",
    "summary": "Agent scripts suggested beside the conversation, inserted in one click",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base"],
    "data": [
        "security/cc_scripts_security.xml",
        "security/ir.model.access.csv",
        "views/contact_centre_script_views.xml",
        "views/contact_centre_script_category_views.xml",
        "views/contact_centre_message_views.xml",
        "views/cc_scripts_menus.xml",
    ],
    "demo": [
        "demo/cc_scripts_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "cc_scripts/static/src/**/*",
        ],
        "web.assets_tests": [
            "cc_scripts/static/tests/tours/*.js",
        ],
    },
}
