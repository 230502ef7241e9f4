from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    cc_quiet_hours = fields.Boolean(
        "Campaign Quiet Hours",
        default=True,
        help="New campaigns hold their messages during these hours of the recipient's time zone.",
    )
    cc_quiet_hours_start = fields.Float("Quiet From", default=21.0)
    cc_quiet_hours_end = fields.Float("Quiet Until", default=8.0)
