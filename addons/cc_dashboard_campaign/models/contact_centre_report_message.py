from odoo import fields, models


class ContactCentreReportMessage(models.Model):
    _inherit = "contact.centre.report.message"

    campaign_id = fields.Many2one("contact.centre.campaign", readonly=True)

    def _columns(self):
        return dict(super()._columns(), campaign_id="m.campaign_id")
