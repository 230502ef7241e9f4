from odoo import fields, models


class ContactCentreReportMessage(models.Model):
    _inherit = "contact.centre.report.message"
    _depends = {"contact.centre.message": ["campaign_id"]}

    campaign_id = fields.Many2one("contact.centre.campaign", readonly=True)

    def _columns(self):
        return dict(super()._columns(), campaign_id="m.campaign_id")
