{
    "name": "Contact Centre: bench floor",
    "summary": "Floors for `make bench`: Odoo's own cost of a webhook, and of storing one",
    "version": "18.0.1.0.0",
    "category": "Hidden",
    "website": "https://github.com/contact-centre/contact-centre",
    "author": "Contact Centre for Odoo",
    "license": "LGPL-3",
    "depends": ["web"],
    "data": ["security/ir.model.access.csv"],
}
