"""Tables of message counts that the Overview reads rather than the messages.

Database triggers keep them, whatever writes the messages (the ORM, SQL). A
statement adds rows of differences (+n, -n) that nobody else writes, so that
writers never wait for each other; a cron adds up each key's rows into one.
"""

from odoo.tools import SQL


class MessageCountTable:
    """One table: counts of messages by key. key: {column: (its SQL type, its
    expression of a message row, "{0}" standing for the row)}, the first a
    time by which the cron adds rows up; counts: {column: expression of a
    message row, 0 or 1}; where: which messages count; columns: the
    message's columns these read."""

    def __init__(self, name, key, counts, columns, where="TRUE"):
        self.name = name
        self.key = key
        self.counts = counts
        self.columns = columns
        self.where = where

    @property
    def triggers(self):
        """{trigger name: when it fires}. An update fires only when it moves
        a message from one key or count to another: not the status receipts
        that change nothing here."""
        return {
            f"{self.name}_insert": (
                "AFTER INSERT ON {0} REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT"
            ),
            f"{self.name}_delete": (
                "AFTER DELETE ON {0} REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT"
            ),
            f"{self.name}_update": (
                f"AFTER UPDATE OF {', '.join(self.columns)} ON {{0}} FOR EACH ROW WHEN "
                f"(({self._values('OLD')}) IS DISTINCT FROM ({self._values('NEW')}))"
            ),
        }

    def _values(self, row):
        expressions = [expression for _type, expression in self.key.values()]
        expressions += [*self.counts.values(), self.where]
        return ", ".join(expression.format(row) for expression in expressions)

    def _table_columns(self):
        return ", ".join([*self.key, *self.counts])

    def _grouped(self, table, sign):
        """The counts of a statement's rows (a transition table)."""
        key = ", ".join(expression.format(table) for _type, expression in self.key.values())
        counts = ", ".join(
            f"{sign}SUM({expression.format(table)})" for expression in self.counts.values()
        )
        positions = ", ".join(str(position) for position in range(1, len(self.key) + 1))
        return (
            f"SELECT {key}, {counts} FROM {table} WHERE {self.where.format(table)} "
            f"GROUP BY {positions}"
        )

    def _row(self, row, sign):
        """The counts of one row (OLD or NEW), if it counts."""
        values = [expression.format(row) for _type, expression in self.key.values()]
        values += [f"{sign}{expression.format(row)}" for expression in self.counts.values()]
        return f"SELECT {', '.join(values)} WHERE {self.where.format(row)}"

    def _insert(self, select):
        key = ", ".join(self.key)
        sums = [f"SUM({column})" for column in self.counts]
        return (
            f"INSERT INTO {self.name} ({self._table_columns()}) "
            f"SELECT {key}, {', '.join(sums)} FROM ({select}) AS d ({self._table_columns()}) "
            f"GROUP BY {key} HAVING {' OR '.join(f'{total} != 0' for total in sums)}"
        )

    def install(self, cr, messages):
        """The table, filled from the messages when it is created, and the
        triggers on the messages' table that keep it."""
        cr.execute(SQL("SELECT to_regclass(%s)", self.name))
        if not cr.fetchone()[0]:
            first, *others = self.key
            columns = [f"{column} {kind}" for column, (kind, _expression) in self.key.items()]
            columns += [f"{column} integer NOT NULL" for column in self.counts]
            cr.execute(
                SQL(
                    f"CREATE TABLE {self.name} ({', '.join(columns)}); "
                    f"CREATE INDEX {self.name}_{first}_index ON {self.name} ({first}) "
                    f"INCLUDE ({', '.join([*others, *self.counts])}); "
                    + self._insert(self._grouped(messages, ""))
                )
            )
        moved = f"{self._row('OLD', '-')} UNION ALL {self._row('NEW', '')}"
        cr.execute(
            SQL(
                f"CREATE OR REPLACE FUNCTION {self.name}() RETURNS trigger "
                "LANGUAGE plpgsql AS $$ BEGIN "
                f"IF TG_OP = 'INSERT' THEN {self._insert(self._grouped('new_rows', ''))}; "
                f"ELSIF TG_OP = 'DELETE' THEN {self._insert(self._grouped('old_rows', '-'))}; "
                f"ELSE {self._insert(moved)}; "
                "END IF; RETURN NULL; END $$"
            )
        )
        for name, when in self.triggers.items():
            trigger = SQL.identifier(name)
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s; CREATE TRIGGER %s %s EXECUTE FUNCTION %s()",
                    trigger,
                    SQL.identifier(messages),
                    trigger,
                    SQL(when.format(messages)),
                    SQL.identifier(self.name),
                )
            )

    def compact(self, cr):
        """Each key's rows added up into one (the cron), time by time; nothing
        when another transaction is doing it."""
        cr.execute(SQL("SELECT pg_try_advisory_xact_lock(hashtext(%s))", self.name))
        if not cr.fetchone()[0]:
            return
        first = next(iter(self.key))
        key = ", ".join(self.key)
        cr.execute(
            SQL(
                f"WITH times AS (SELECT DISTINCT {first} FROM {self.name} "
                f"GROUP BY {key} HAVING COUNT(*) > 1), "
                f"gone AS (DELETE FROM {self.name} WHERE {first} IN (SELECT {first} FROM times) "
                f"RETURNING {self._table_columns()}) "
                + self._insert(f"SELECT {self._table_columns()} FROM gone")
            )
        )

    def drop(self, cr, messages):
        for name in self.triggers:
            cr.execute(
                SQL(
                    "DROP TRIGGER IF EXISTS %s ON %s",
                    SQL.identifier(name),
                    SQL.identifier(messages),
                )
            )
        cr.execute(SQL("DROP FUNCTION IF EXISTS %s()", SQL.identifier(self.name)))
        cr.execute(SQL("DROP TABLE IF EXISTS %s", SQL.identifier(self.name)))


# The messages by quarter hour (every time zone's offset is a whole number of
# quarters), company, account, channel and direction: the Overview's chart and
# message cards for a manager.
MESSAGE_COUNTS = MessageCountTable(
    "cc_dashboard_message_count",
    key={
        "slot": (
            "timestamp NOT NULL",
            "date_trunc('hour', {0}.message_timestamp) "
            "+ floor(extract(minute FROM {0}.message_timestamp) / 15) * interval '15 minutes'",
        ),
        "company_id": ("integer NOT NULL", "{0}.company_id"),
        "provider_id": ("integer", "{0}.provider_id"),
        "channel": ("varchar NOT NULL", "{0}.channel"),
        "direction": ("varchar NOT NULL", "{0}.direction"),
    },
    counts={"count": "1"},
    columns=("message_timestamp", "company_id", "provider_id", "channel", "direction"),
)

# The messages of each conversation (or agent) by day in UTC, with their
# account, channel and agent: which conversations had messages, received
# ones still unread or an agent's answers in a period, for a manager. The
# Overview reads the period's whole days here and the hours around them
# from the messages.
CONVERSATION_DAYS = MessageCountTable(
    "cc_dashboard_conversation_day",
    key={
        "day": ("date NOT NULL", "{0}.message_timestamp::date"),
        "conversation_id": ("integer", "{0}.conversation_id"),
        "company_id": ("integer NOT NULL", "{0}.company_id"),
        "provider_id": ("integer", "{0}.provider_id"),
        "channel": ("varchar NOT NULL", "{0}.channel"),
        "agent_id": ("integer", "{0}.assigned_agent_id"),
    },
    counts={
        "messages": "1",
        "received": "({0}.status = 'received')::int",
        "sent": "({0}.direction = 'outbound' AND {0}.assigned_agent_id IS NOT NULL)::int",
    },
    where="({0}.conversation_id IS NOT NULL OR {0}.assigned_agent_id IS NOT NULL)",
    columns=(
        "message_timestamp",
        "conversation_id",
        "company_id",
        "provider_id",
        "channel",
        "assigned_agent_id",
        "status",
        "direction",
    ),
)

COUNT_TABLES = (MESSAGE_COUNTS, CONVERSATION_DAYS)
