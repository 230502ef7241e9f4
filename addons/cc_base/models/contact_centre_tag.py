from random import randint

from odoo import fields, models


class ContactCentreTag(models.Model):
    _name = "contact.centre.tag"
    _description = "Contact Centre Tag"
    _order = "name"

    name = fields.Char(required=True, translate=True)
    color = fields.Integer(default=lambda self: randint(1, 11))
    active = fields.Boolean(default=True)
    partner_ids = fields.Many2many(
        "res.partner",
        "contact_centre_tag_res_partner_rel",
        "tag_id",
        "partner_id",
        string="Contacts",
    )
    partner_count = fields.Integer(compute="_compute_partner_count")

    _sql_constraints = [
        ("name_unique", "unique(name)", "A tag with this name already exists."),
    ]

    def _compute_partner_count(self):
        counts = dict(
            self.env["res.partner"]._read_group(
                [("contact_centre_tag_ids", "in", self.ids)],
                ["contact_centre_tag_ids"],
                ["__count"],
            )
        )
        for tag in self:
            tag.partner_count = counts.get(tag, 0)
