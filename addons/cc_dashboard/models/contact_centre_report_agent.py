from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.cc_base.const import CHANNELS

# Row ids of the view: each source's ids spread so that they never meet.
SOURCES = 3


class ContactCentreReportAgent(models.Model):
    """Agent performance: what each agent did, one row per event (a message
    sent, a customer message answered, a conversation resolved), so that any
    period, account or channel adds up, medians included."""

    _name = "contact.centre.report.agent"
    _description = "Contact Centre Agent Performance"
    _inherit = ["contact.centre.median.mixin"]
    _auto = False
    _order = "date desc"
    _depends = {
        "contact.centre.message": [
            "message_timestamp",
            "direction",
            "assigned_agent_id",
            "provider_id",
            "channel",
            "company_id",
            "conversation_id",
        ],
        "contact.centre.response": [
            "customer_at",
            "agent_id",
            "provider_id",
            "channel",
            "company_id",
            "business_seconds",
            "is_first",
        ],
        "discuss.channel": [
            "cc_resolved_at",
            "cc_agent_id",
            "cc_provider_id",
            "cc_channel",
            "cc_state",
            "channel_type",
        ],
    }

    date = fields.Datetime(readonly=True)
    agent_id = fields.Many2one("res.users", readonly=True)
    provider_id = fields.Many2one("contact.centre.provider", "Provider Account", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    conversation_id = fields.Many2one(
        "discuss.channel",
        "Conversations Handled",
        readonly=True,
        aggregator="count_distinct",
        help="Conversations the agent wrote in.",
    )
    messages_sent = fields.Integer(readonly=True, aggregator="sum")
    response_seconds = fields.Float("Response Time (s)", readonly=True, aggregator="median")
    first_response_seconds = fields.Float(
        "First Response Time (s)", readonly=True, aggregator="median"
    )
    resolved_count = fields.Integer("Resolved", readonly=True, aggregator="sum")

    @property
    def _table_query(self):
        return SQL(
            """
                SELECT m.id * %(n)s AS id, m.message_timestamp AS date,
                       m.assigned_agent_id AS agent_id, m.provider_id, m.channel, m.company_id,
                       m.conversation_id, 1 AS messages_sent,
                       NULL::float AS response_seconds, NULL::float AS first_response_seconds,
                       0 AS resolved_count
                  FROM contact_centre_message m
                 WHERE m.direction = 'outbound' AND m.assigned_agent_id IS NOT NULL
                UNION ALL
                SELECT r.id * %(n)s + 1, r.customer_at, r.agent_id, r.provider_id, r.channel,
                       r.company_id, NULL, 0, r.business_seconds,
                       CASE WHEN r.is_first THEN r.business_seconds END, 0
                  FROM contact_centre_response r
                 WHERE r.agent_id IS NOT NULL
                UNION ALL
                SELECT c.id * %(n)s + 2, c.cc_resolved_at, c.cc_agent_id, c.cc_provider_id,
                       c.cc_channel, p.company_id, NULL, 0, NULL, NULL, 1
                  FROM discuss_channel c
                  JOIN contact_centre_provider p ON p.id = c.cc_provider_id
                 WHERE c.channel_type = 'contact_centre' AND c.cc_state = 'resolved'
                   AND c.cc_resolved_at IS NOT NULL AND c.cc_agent_id IS NOT NULL
            """,
            n=SOURCES,
        )
