from odoo import api, models
from odoo.tools import SQL

from .message_count_tables import COUNT_TABLES

# An answer counts once it has left for the customer.
ANSWER_STATUSES = ("sent", "delivered", "read")

# The Overview's and the reports' indexes, by message time: {name: (the
# columns they also read, so that a period is counted from the index alone,
# record rules' included; the rows they hold)}.
MESSAGE_INDEXES = {
    "contact_centre_message_cc_dashboard_period_index": (
        (
            "direction",
            "channel",
            "status",
            "provider_id",
            "company_id",
            "assigned_agent_id",
            "conversation_id",
        ),
        None,
    ),
    # Unread conversations: the few received messages of a period.
    "contact_centre_message_cc_dashboard_received_index": (
        ("conversation_id", "channel", "provider_id", "company_id", "assigned_agent_id"),
        "status = 'received'",
    ),
    # Delivery health: the few failed messages of a period.
    "contact_centre_message_cc_dashboard_failed_index": (
        ("failure_type", "channel", "provider_id", "company_id", "assigned_agent_id"),
        "status = 'failed' AND direction = 'outbound'",
    ),
}


class ContactCentreMessage(models.Model):
    """Each answer, once sent, records the response times of the customer
    messages it answers; the dashboards open at the time are told something
    happened."""

    _inherit = "contact.centre.message"

    def init(self):  # pylint: disable=missing-return
        super().init()
        for name, (included, where) in MESSAGE_INDEXES.items():
            self.env.cr.execute(
                SQL(
                    "CREATE INDEX IF NOT EXISTS %s ON %s (message_timestamp) INCLUDE (%s)%s",
                    SQL.identifier(name),
                    SQL.identifier(self._table),
                    SQL(", ").join(SQL.identifier(column) for column in included),
                    SQL(f" WHERE {where}") if where else SQL(),
                )
            )
        for table in COUNT_TABLES:
            table.install(self.env.cr, self._table)

    @api.model
    def _cron_compact_message_counts(self):
        """Each key's rows of the Overview's message counts added up into one
        (the cron): the Overview then reads about one row per key."""
        for table in COUNT_TABLES:
            table.compact(self.env.cr)

    @api.model_create_multi
    def create(self, vals_list):
        messages = super().create(vals_list)
        messages._cc_responses()
        messages._cc_notify_activity()
        return messages

    def write(self, vals):
        # Only a message reaching an answer status for the first time answers:
        # the delivery and read receipts that follow (the busiest writes) have
        # nothing to record.
        answering = self.browse()
        if vals.get("status") in ANSWER_STATUSES:
            answering = self.filtered(lambda m: m.status not in ANSWER_STATUSES)
        result = super().write(vals)
        if "status" in vals:
            answering._cc_responses()
            self._cc_notify_activity()
        return result

    def _cc_responses(self):
        """Record what these messages answer (a message answers once: the
        customer messages it answers are then answered)."""
        answers = self.filtered(
            lambda m: (
                m.direction == "outbound"
                and m.status in ANSWER_STATUSES
                and m.conversation_id
                and m._cc_is_answer()
            )
        )
        return self.env["contact.centre.response"]._record(answers)

    def _cc_is_answer(self):
        """Whether this outbound message answers the customer (an agent's
        reply, an automatic answer), rather than only writing to them; bridge
        addons leave out theirs (a campaign's message)."""
        return True

    def _cc_notify_activity(self):
        """The Overview's live activity: contact centre users' dashboards
        reload their figures. Once per transaction, whatever its size, and
        without content: each dashboard reads what its user may see."""
        if not self or self.env.cr.precommit.data.get("cc_dashboard.activity"):
            return
        self.env.cr.precommit.data["cc_dashboard.activity"] = True
        self.env.ref("cc_base.group_contact_centre_user").sudo()._bus_send(
            "cc_dashboard/activity", {}
        )
