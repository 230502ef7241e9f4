from collections import defaultdict

from odoo import api, fields, models
from odoo.tools import SQL


class ContactCentreMessage(models.Model):
    """Campaign messages: their campaign, the number written to (one message
    per contact and per number in a campaign, enforced by the database), and
    the holds of the queue: a paused campaign, quiet hours."""

    _inherit = "contact.centre.message"

    campaign_id = fields.Many2one(
        "contact.centre.campaign", index="btree_not_null", ondelete="set null", readonly=True
    )
    campaign_number = fields.Char(
        readonly=True,
        copy=False,
        help="The number this campaign wrote to: a number shared by two contacts gets one message.",
    )
    quiet_hours_until = fields.Datetime(
        "Held Until",
        readonly=True,
        copy=False,
        help="Waiting for the quiet hours of the recipient's time zone to end.",
    )
    handled_by = fields.Selection(
        selection_add=[("campaign_keyword", "Campaign Keyword")],
        ondelete={"campaign_keyword": "set null"},
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        for name, columns, condition in (
            ("campaign_contact_unique", "campaign_id, contact_id", "campaign_id IS NOT NULL"),
            (
                "campaign_number_unique",
                "campaign_id, campaign_number",
                "campaign_number IS NOT NULL",
            ),
        ):
            self.env.cr.execute(
                SQL(
                    "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (%s) "
                    "WHERE direction = 'outbound' AND %s",
                    SQL.identifier(f"{self._table}_{name}"),
                    SQL.identifier(self._table),
                    SQL(columns),
                    SQL(condition),
                )
            )

    # The queue's holds

    @api.model
    def _waiting_sql(self):
        """The messages of a paused campaign wait without being due."""
        self.env["contact.centre.campaign"].flush_model(["state"])
        return SQL(
            "%s AND (campaign_id IS NULL OR campaign_id NOT IN "
            "(SELECT id FROM contact_centre_campaign WHERE state = 'paused'))",
            super()._waiting_sql(),
        )

    def _hold_back(self):
        messages = super()._hold_back()
        ours = messages.filtered("campaign_id")
        if not ours:
            return messages
        # Paused a moment ago, in another transaction: read the state again.
        ours.campaign_id.invalidate_recordset(["state"])
        paused = self.browse()
        quiet = defaultdict(lambda: self.browse())
        now = fields.Datetime.now()
        for campaign, of_campaign in ours.grouped("campaign_id").items():
            if campaign.state == "paused":
                paused |= of_campaign
            elif campaign._has_quiet_hours():
                for message in of_campaign:
                    until = campaign._quiet_until(message.contact_id, message.campaign_number, now)
                    if until:
                        quiet[until] |= message
        paused._release()
        held = paused
        for until, waiting in quiet.items():
            waiting._release(until)
            waiting.write({"quiet_hours_until": until})
            held |= waiting
        return messages - held
