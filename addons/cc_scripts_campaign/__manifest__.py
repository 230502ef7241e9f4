{
    "name": "Contact Centre Scripts for Campaigns",
    "summary": "Scripts meant for a campaign come first in the conversations it started",
    "version": "18.0.1.0.0",
    "category": "Marketing/Contact Centre",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["cc_scripts", "cc_campaign"],
    "auto_install": True,
    "data": [
        "views/contact_centre_script_views.xml",
    ],
}
