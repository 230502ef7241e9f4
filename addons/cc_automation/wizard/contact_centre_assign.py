from odoo import models


class ContactCentreAssign(models.TransientModel):
    """A conversation handed to an agent is taken over: automations pause."""

    _inherit = "contact.centre.assign"

    def action_assign(self):
        result = super().action_assign()
        self.conversation_ids._cc_take_over()
        return result
