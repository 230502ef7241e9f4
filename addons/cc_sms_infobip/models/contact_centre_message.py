from odoo import fields, models

from ..tools import InfobipStatusUpdate


class ContactCentreMessage(models.Model):
    """What Infobip says a message took and cost."""

    _inherit = "contact.centre.message"

    infobip_segment_count = fields.Integer(
        "SMS Parts", readonly=True, help="How many SMS the message took, as Infobip counted."
    )
    infobip_price = fields.Float(
        "Price per SMS", readonly=True, digits=(16, 6), help="What Infobip charged, per SMS."
    )
    infobip_currency = fields.Char("Price Currency", readonly=True)

    def _apply_status(self, update):
        super()._apply_status(update)
        if not isinstance(update, InfobipStatusUpdate):
            return
        # Kept from any report, even one that does not move the status.
        values = {}
        if update.segment_count:
            values["infobip_segment_count"] = update.segment_count
        if update.price is not None:
            values.update(infobip_price=update.price, infobip_currency=update.currency)
        if values:
            self.write(values)
