{
    "name": "Contact Centre",
    "summary": "SMS and WhatsApp contact centre: contacts, messages, agent inbox",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "application": True,
    "depends": ["base", "mail", "contacts", "phone_validation", "bus", "web"],
    "external_dependencies": {"python": ["phonenumbers"]},
    "data": [
        "security/cc_base_security.xml",
        "security/ir.model.access.csv",
        "data/ir_sequence_data.xml",
        "data/contact_centre_provider_data.xml",
        "data/contact_centre_consent_keyword_data.xml",
        "data/ir_cron_data.xml",
        "views/contact_centre_message_views.xml",
        "views/res_partner_views.xml",
        "views/contact_centre_tag_views.xml",
        "views/contact_centre_template_views.xml",
        "views/contact_centre_provider_views.xml",
        "views/contact_centre_consent_keyword_views.xml",
        "views/cc_base_menus.xml",
    ],
    "demo": [
        "demo/cc_base_demo.xml",
    ],
    "assets": {
        "web.assets_backend": [
            "cc_base/static/src/scss/*.scss",
        ],
        "web.assets_tests": [
            "cc_base/static/tests/tours/*.js",
        ],
    },
}
