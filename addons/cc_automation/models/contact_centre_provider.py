from odoo import fields, models


class ContactCentreProvider(models.Model):
    _inherit = "contact.centre.provider"

    cc_business_hours_id = fields.Many2one(
        "resource.calendar",
        "Business Hours",
        help="The working hours of this account's team, for automations that answer "
        "in or out of business hours without hours of their own. Empty: the company's.",
    )
