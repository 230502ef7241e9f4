{
    "name": "Contact Centre: WhatsApp (Meta Cloud API)",
    "summary": "WhatsApp through Meta's Cloud API: send, receive, media, templates, flows",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_base"],
    "data": [
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "views/contact_centre_template_views.xml",
        "views/contact_centre_meta_flow_views.xml",
        "wizard/contact_centre_composer_views.xml",
        "views/contact_centre_provider_views.xml",
        "views/contact_centre_message_views.xml",
    ],
    "demo": [
        "demo/cc_whatsapp_meta_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "cc_whatsapp_meta/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "uninstall_hook": "uninstall_hook",
}
