from odoo import models


class ContactCentreMessage(models.Model):
    _inherit = "contact.centre.message"

    def _cc_is_answer(self):
        """A campaign writes to its audience: it answers nobody's message."""
        return not self.campaign_id and super()._cc_is_answer()
