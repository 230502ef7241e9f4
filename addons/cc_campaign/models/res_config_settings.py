from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    cc_quiet_hours = fields.Boolean(related="company_id.cc_quiet_hours", readonly=False)
    cc_quiet_hours_start = fields.Float(related="company_id.cc_quiet_hours_start", readonly=False)
    cc_quiet_hours_end = fields.Float(related="company_id.cc_quiet_hours_end", readonly=False)
