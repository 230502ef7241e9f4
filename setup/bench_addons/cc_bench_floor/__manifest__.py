{
    "name": "Contact Centre: bench floor",
    "summary": "A do-nothing POST route for `make bench` to measure Odoo's own cost of a webhook",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["web"],
}
