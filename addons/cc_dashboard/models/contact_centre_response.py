from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.cc_base.const import CHANNELS


class ContactCentreResponse(models.Model):
    """One customer message answered: how long the customer waited, in all
    and in the account's business hours. Recorded once, when the answer is
    written, so that the dashboard and the reports are grouped queries over
    this small table and never read messages one by one."""

    _name = "contact.centre.response"
    _description = "Contact Centre Response Time"
    _inherit = ["contact.centre.median.mixin"]
    _order = "customer_at desc, id desc"
    _rec_name = "inbound_message_id"

    inbound_message_id = fields.Many2one(
        "contact.centre.message", "Customer Message", required=True, ondelete="cascade"
    )
    reply_message_id = fields.Many2one(
        "contact.centre.message", "Answer", required=True, index=True, ondelete="cascade"
    )
    conversation_id = fields.Many2one("discuss.channel", index=True, ondelete="cascade")
    contact_id = fields.Many2one("res.partner", ondelete="cascade")
    provider_id = fields.Many2one(
        "contact.centre.provider", "Provider Account", index=True, ondelete="cascade"
    )
    channel = fields.Selection(CHANNELS, required=True)
    company_id = fields.Many2one("res.company", required=True, index=True)
    agent_id = fields.Many2one("res.users", index=True, ondelete="set null")
    # Indexed by init's period index, which begins with it.
    customer_at = fields.Datetime("Customer Wrote", required=True)
    replied_at = fields.Datetime("Answered", required=True)
    wait_seconds = fields.Float(
        "Waited (s)",
        aggregator="median",
        help="From the customer's message to the answer, every hour counted.",
    )
    business_seconds = fields.Float(
        "Response Time (s)",
        aggregator="median",
        help="From the customer's message to the answer, counting only the provider "
        "account's business hours when it has some; every hour otherwise.",
    )
    is_first = fields.Boolean(
        "First Response",
        index=True,
        help="The first answer in the conversation, or the first since it was resolved.",
    )

    _sql_constraints = [
        (
            "inbound_message_unique",
            "unique(inbound_message_id)",
            "A customer message is answered once.",
        ),
    ]

    def init(self):
        # A period's medians read from the index alone.
        self.env.cr.execute(
            SQL(
                "CREATE INDEX IF NOT EXISTS %s ON %s (customer_at) "
                "INCLUDE (business_seconds, is_first, channel, provider_id, company_id, agent_id)",
                SQL.identifier(f"{self._table}_period_index"),
                SQL.identifier(self._table),
            )
        )

    @api.model
    def _record(self, replies):
        """Record the customer messages each of these outbound messages
        answers: those of its conversation written before it and not answered
        yet. Grouped by conversation, a few queries per batch."""
        replies = replies.sorted(lambda m: (m.message_timestamp, m.id))
        conversations = replies.conversation_id
        if not conversations:
            return self
        self.env["contact.centre.message"].flush_model()
        self.flush_model()
        waiting = self.env.execute_query(
            SQL(
                "SELECT m.conversation_id, m.id, m.message_timestamp "
                "FROM contact_centre_message m WHERE m.conversation_id IN %s "
                "AND m.direction = 'inbound' AND NOT EXISTS "
                "(SELECT 1 FROM contact_centre_response r WHERE r.inbound_message_id = m.id) "
                "ORDER BY m.message_timestamp, m.id",
                tuple(conversations.ids),
            )
        )
        answered_before = {
            conversation_id
            for [conversation_id] in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT r.conversation_id FROM contact_centre_response r "
                    "JOIN discuss_channel c ON c.id = r.conversation_id "
                    "WHERE r.conversation_id IN %s "
                    "AND (c.cc_resolved_at IS NULL OR r.replied_at > c.cc_resolved_at)",
                    tuple(conversations.ids),
                )
            )
        }
        by_conversation = {}
        for conversation_id, message_id, written_at in waiting:
            by_conversation.setdefault(conversation_id, []).append((message_id, written_at))
        vals_list = []
        for reply in replies:
            pending = by_conversation.get(reply.conversation_id.id, [])
            answered = [item for item in pending if item[1] <= reply.message_timestamp]
            by_conversation[reply.conversation_id.id] = [
                item for item in pending if item[1] > reply.message_timestamp
            ]
            calendar = reply.provider_id.sudo().cc_business_hours_id
            for message_id, written_at in answered:
                is_first = reply.conversation_id.id not in answered_before
                answered_before.add(reply.conversation_id.id)
                business = (
                    calendar._cc_business_seconds(written_at, reply.message_timestamp)
                    if calendar
                    else (reply.message_timestamp - written_at).total_seconds()
                )
                vals_list.append(
                    {
                        "inbound_message_id": message_id,
                        "reply_message_id": reply.id,
                        "conversation_id": reply.conversation_id.id,
                        "contact_id": reply.contact_id.id,
                        "provider_id": reply.provider_id.id,
                        "channel": reply.channel,
                        "company_id": reply.company_id.id,
                        "agent_id": reply.assigned_agent_id.id,
                        "customer_at": written_at,
                        "replied_at": reply.message_timestamp,
                        "wait_seconds": (reply.message_timestamp - written_at).total_seconds(),
                        "business_seconds": business,
                        "is_first": is_first,
                    }
                )
        return self.sudo().create(vals_list)

    @api.model
    def _backfill(self):
        """Record the answers of the messages stored so far, oldest first, a
        thousand conversations at a time."""
        Message = self.env["contact.centre.message"].sudo()
        conversation_ids = [
            conversation_id
            for [conversation_id] in self.env.execute_query(
                SQL(
                    "SELECT DISTINCT conversation_id FROM contact_centre_message "
                    "WHERE direction = 'outbound' AND conversation_id IS NOT NULL"
                )
            )
        ]
        for start in range(0, len(conversation_ids), 1000):
            replies = Message.search(
                [
                    ("conversation_id", "in", conversation_ids[start : start + 1000]),
                    ("direction", "=", "outbound"),
                ],
                order="message_timestamp, id",
            )
            replies._cc_responses()
