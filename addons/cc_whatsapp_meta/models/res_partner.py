from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    meta_user_id = fields.Char(
        "WhatsApp User ID",
        index="btree_not_null",
        copy=False,
        help="Meta's business-scoped id of this customer on WhatsApp (such as US.1349…): "
        "it names customers who hide their number behind a username.",
    )

    @api.model
    def _contact_centre_for_inbound(self, number, channel, profile_name, company):
        """A customer Meta names by user id is found by it first; one who
        comes without a number is still one contact, not a new one each time."""
        user_id = self.env.context.get("meta_user_id")
        if not user_id:
            return super()._contact_centre_for_inbound(number, channel, profile_name, company)
        Partner = self.sudo().with_company(company)
        contact = Partner.search([("meta_user_id", "=", user_id)], limit=1)
        if contact:
            if number and not contact.whatsapp_number:
                contact.whatsapp_number = number
            return contact
        if number:
            contact = super()._contact_centre_for_inbound(number, channel, profile_name, company)
        else:
            contact = Partner.create({"name": profile_name or user_id})
        contact.meta_user_id = user_id
        return contact

    @api.model
    def _contact_centre_for_inbound_many(self, senders, channel, company):
        # A customer Meta names by user id: found by it, not by number.
        if not self.env.context.get("meta_user_id"):
            return super()._contact_centre_for_inbound_many(senders, channel, company)
        return {
            number: self._contact_centre_for_inbound(number, channel, name, company)
            for number, name in senders.items()
        }
