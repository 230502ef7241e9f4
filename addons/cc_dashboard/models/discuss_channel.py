from odoo import fields, models
from odoo.tools import SQL


class DiscussChannel(models.Model):
    _inherit = "discuss.channel"

    cc_resolved_at = fields.Datetime(
        "Resolved On",
        readonly=True,
        copy=False,
        help="When the conversation was last resolved: its agent's resolved count, and "
        "the next answer after it is a first response again.",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # Agent Performance counts the conversations resolved in a period.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (cc_resolved_at) "
                "INCLUDE (cc_agent_id, cc_provider_id, cc_channel) "
                "WHERE channel_type = 'contact_centre' AND cc_state = 'resolved' "
                "AND cc_agent_id IS NOT NULL",
                SQL.identifier(f"{self._table}_cc_dashboard_resolved_index"),
                SQL.identifier(self._table),
            )
        )
        # The Overview's conversation cards join every conversation the user
        # may see, in id order: from this index alone (the access rules' and
        # the cards' columns), not from the table's wide rows.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (id) "
                "INCLUDE (active, channel_type, parent_channel_id, group_public_id, "
                "cc_provider_id, cc_channel, cc_state, cc_agent_id) "
                "WHERE channel_type = 'contact_centre'",
                SQL.identifier(f"{self._table}_cc_dashboard_conversation_index"),
                SQL.identifier(self._table),
            )
        )

    def write(self, vals):
        resolving = self.browse()
        if vals.get("cc_state") == "resolved":
            resolving = self.filtered(lambda c: c.cc_state != "resolved")
        result = super().write(vals)
        if resolving:
            super(DiscussChannel, resolving).write({"cc_resolved_at": fields.Datetime.now()})
        return result
