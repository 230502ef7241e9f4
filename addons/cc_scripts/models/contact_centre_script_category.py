from odoo import fields, models


class ContactCentreScriptCategory(models.Model):
    _name = "contact.centre.script.category"
    _description = "Contact Centre Script Category"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    description = fields.Text(translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    script_ids = fields.One2many("contact.centre.script", "category_id", "Scripts")
    script_count = fields.Integer("Number of Scripts", compute="_compute_script_count")

    _sql_constraints = [
        ("name_unique", "unique(name)", "A script category with this name already exists."),
    ]

    def _compute_script_count(self):
        counts = dict(
            self.env["contact.centre.script"]._read_group(
                [("category_id", "in", self.ids)], ["category_id"], ["__count"]
            )
        )
        for category in self:
            category.script_count = counts.get(category, 0)
