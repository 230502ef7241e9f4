from odoo import fields, models


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    cc_resolved_at = fields.Datetime(
        "Resolved On",
        readonly=True,
        copy=False,
        help="When the conversation was last resolved: its agent's resolved count, and "
        "the next answer after it is a first response again.",
    )

    def write(self, vals):
        resolving = self.browse()
        if vals.get("cc_state") == "resolved":
            resolving = self.filtered(lambda c: c.cc_state != "resolved")
        result = super().write(vals)
        if resolving:
            super(DiscussChannel, resolving).write({"cc_resolved_at": fields.Datetime.now()})
        return result
