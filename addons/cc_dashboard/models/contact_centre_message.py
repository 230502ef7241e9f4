from odoo import api, models
from odoo.tools import SQL

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


# The messages counted by quarter hour (every time zone's offset is a whole
# number of quarters), company, account, channel and direction: the Overview
# reads a period's counts here rather than from the messages. Kept by
# triggers, whatever writes the messages (the ORM, SQL); a statement adds
# rows (+n, -n) that nobody else writes, so that writers never wait for each
# other; the cron adds up each quarter's rows into one. Only writes moving a
# message to another row fire the update's trigger: not the status receipts.
MESSAGE_COUNTS = "cc_dashboard_message_count"
MESSAGE_COUNT_KEY = "slot, company_id, provider_id, channel, direction"
MESSAGE_COUNT_SLOT = (
    "date_trunc('hour', {0}.message_timestamp) "
    "+ floor(extract(minute FROM {0}.message_timestamp) / 15) * interval '15 minutes'"
)
MESSAGE_COUNT_COLUMNS = "message_timestamp, company_id, provider_id, channel, direction"
# {trigger name: when it fires}.
MESSAGE_COUNT_TRIGGERS = {
    f"{MESSAGE_COUNTS}_insert": (
        "AFTER INSERT ON {0} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
    ),
    f"{MESSAGE_COUNTS}_delete": (
        "AFTER DELETE ON {0} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
    ),
    f"{MESSAGE_COUNTS}_update": (
        f"AFTER UPDATE OF {MESSAGE_COUNT_COLUMNS} ON {{0}} FOR EACH ROW WHEN "
        f"((OLD.{MESSAGE_COUNT_COLUMNS.replace(', ', ', OLD.')}) IS DISTINCT FROM "
        f"(NEW.{MESSAGE_COUNT_COLUMNS.replace(', ', ', NEW.')}))"
    ),
}


def _message_count_rows(table, sign):
    return (
        f"SELECT {MESSAGE_COUNT_SLOT.format(table)} AS slot, {table}.company_id, "
        f"{table}.provider_id, {table}.channel, {table}.direction, {sign}COUNT(*) FROM {table} "
        f"GROUP BY {MESSAGE_COUNT_KEY}"
    )


def _message_count_insert(select):
    return (
        f"INSERT INTO {MESSAGE_COUNTS} ({MESSAGE_COUNT_KEY}, count) "
        f"SELECT {MESSAGE_COUNT_KEY}, SUM(n) FROM ({select}) AS d ({MESSAGE_COUNT_KEY}, n) "
        f"GROUP BY {MESSAGE_COUNT_KEY} HAVING SUM(n) != 0"
    )


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
        self._cc_message_counts_init()

    def _cc_message_counts_init(self):
        """The message counts' table, filled from the messages when it is
        created, and the triggers that keep it."""
        cr = self.env.cr
        cr.execute(SQL("SELECT to_regclass(%s)", MESSAGE_COUNTS))
        if not cr.fetchone()[0]:
            cr.execute(
                SQL(
                    f"CREATE TABLE {MESSAGE_COUNTS} (slot timestamp NOT NULL, "
                    "company_id integer NOT NULL, provider_id integer, channel varchar NOT NULL, "
                    "direction varchar NOT NULL, count integer NOT NULL); "
                    f"CREATE INDEX {MESSAGE_COUNTS}_slot_index ON {MESSAGE_COUNTS} (slot) "
                    "INCLUDE (company_id, provider_id, channel, direction, count); "
                    + _message_count_insert(_message_count_rows(self._table, ""))
                )
            )
        inserted = _message_count_rows("new_rows", "")
        deleted = _message_count_rows("old_rows", "-")
        moved = (
            f"SELECT {MESSAGE_COUNT_SLOT.format('OLD')}, OLD.company_id, OLD.provider_id, "
            "OLD.channel, OLD.direction, -1 UNION ALL "
            f"SELECT {MESSAGE_COUNT_SLOT.format('NEW')}, NEW.company_id, NEW.provider_id, "
            "NEW.channel, NEW.direction, 1"
        )
        cr.execute(
            SQL(
                f"CREATE OR REPLACE FUNCTION {MESSAGE_COUNTS}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'INSERT' THEN {_message_count_insert(inserted)}; "
                f"ELSIF TG_OP = 'DELETE' THEN {_message_count_insert(deleted)}; "
                f"ELSE {_message_count_insert(moved)}; "
                "END IF; RETURN NULL; END $$"
            )
        )
        for name, when in MESSAGE_COUNT_TRIGGERS.items():
            trigger = SQL.identifier(name)
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s; CREATE TRIGGER %s %s EXECUTE FUNCTION %s()",
                    trigger,
                    SQL.identifier(self._table),
                    trigger,
                    SQL(when.format(self._table)),
                    SQL.identifier(MESSAGE_COUNTS),
                )
            )

    @api.model
    def _cron_compact_message_counts(self):
        """Each quarter's rows of the message counts added up into one (the
        cron): the Overview then reads about one row per quarter hour,
        account, channel and direction."""
        self.env.cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", MESSAGE_COUNTS))
        if not self.env.cr.fetchone()[0]:
            return
        self.env.cr.execute(
            SQL(
                f"WITH slots AS (SELECT DISTINCT slot FROM {MESSAGE_COUNTS} "
                f"GROUP BY {MESSAGE_COUNT_KEY} HAVING COUNT(*) > 1), "
                f"gone AS (DELETE FROM {MESSAGE_COUNTS} WHERE slot IN (SELECT slot FROM slots) "
                f"RETURNING {MESSAGE_COUNT_KEY}, count) "
                + _message_count_insert(f"SELECT {MESSAGE_COUNT_KEY}, count FROM gone")
            )
        )

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
