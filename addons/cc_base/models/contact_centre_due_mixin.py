from odoo import api, fields, models
from odoo.tools import SQL


class ContactCentreDueMixin(models.AbstractModel):
    """Rows that wait for a cron until they are due (the outbound queue, the
    webhook event store): claimed with FOR UPDATE SKIP LOCKED, so that any
    number of workers and servers share the work without doing it twice."""

    _name = "contact.centre.due.mixin"
    _description = "Contact Centre Work Waiting for a Cron"
    # Set by each model: the cron that works its rows, and the order it takes them in.
    _due_cron = None
    _due_order = "id"

    attempt_count = fields.Integer("Attempts", readonly=True, copy=False)
    next_attempt_at = fields.Datetime(
        "Next Attempt",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="Waiting until then: a retry after a failure, or a worker is busy with it.",
    )

    @api.model
    def _waiting_sql(self):
        """SQL condition of the rows that wait for work, due or not."""
        raise NotImplementedError

    @api.model
    def _due_sql(self):
        return SQL(
            "%s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)",
            self._waiting_sql(),
            fields.Datetime.now(),
        )

    @api.model
    def _claim_due(self, limit):
        """Lock up to `limit` due rows that no other worker holds."""
        self.flush_model()
        rows = self.env.execute_query(
            SQL(
                "SELECT id FROM %s WHERE %s ORDER BY %s LIMIT %s FOR UPDATE SKIP LOCKED",
                SQL.identifier(self._table),
                self._due_sql(),
                SQL(self._due_order),
                limit,
            )
        )
        return self.browse(row[0] for row in rows)

    @api.model
    def _count_due(self):
        self.flush_model()
        return self.env.execute_query(
            SQL("SELECT count(*) FROM %s WHERE %s", SQL.identifier(self._table), self._due_sql())
        )[0][0]

    @api.model
    def _trigger_worker(self, at=None):
        """Wake this model's cron at `at`, or at once."""
        cron = self._due_cron_record()
        if at and at > fields.Datetime.now():
            cron._trigger(at)
            return
        self.env.execute_query(self._trigger_now_sql(cron))
        self.env.cr.postcommit.add(cron._notifydb)

    @api.model
    def _trigger_now_sql(self, cron, where=None):
        """Odoo's ir.cron._trigger at once in one INSERT, when `where` holds:
        it runs in every webhook request, where the ORM's create of the
        trigger cost four more queries. Nobody created it: no user row is
        locked for the foreign keys of its creator. The caller tells the cron
        workers (cron._notifydb after the commit) when a trigger was made."""
        now = fields.Datetime.now()
        return SQL(
            "INSERT INTO ir_cron_trigger (cron_id, call_at, create_date, write_date) "
            "SELECT %(cron)s, %(now)s, %(now)s, %(now)s WHERE %(where)s",
            cron=cron.id,
            now=now,
            where=where or SQL("TRUE"),
        )

    @api.model
    def _due_cron_record(self):
        return (
            self.env["ir.cron"]
            .sudo()
            .browse(self.env["ir.model.data"]._xmlid_to_res_id(self._due_cron))
        )

    @api.model
    def _trigger_at_next_due(self):
        """Wake the cron again when the next waiting row is due."""
        self.flush_model()
        next_due = self.env.execute_query(
            SQL(
                "SELECT min(next_attempt_at) FROM %s WHERE %s AND next_attempt_at > %s",
                SQL.identifier(self._table),
                self._waiting_sql(),
                fields.Datetime.now(),
            )
        )[0][0]
        if next_due:
            self._trigger_worker(next_due)

    @api.model
    def _commit_progress(self):
        """Only the crons commit, between batches and around provider calls, so
        that claims, rate reservations and results are kept whatever happens
        to the next batch. Their next transaction reads committed data: under
        Odoo's REPEATABLE READ, a worker claiming or reserving rows another
        has just changed would fail to serialise instead of skipping or
        waiting for them."""
        self.env.cr.commit()  # pylint: disable=invalid-commit
        self.env.cr.execute("SET TRANSACTION ISOLATION LEVEL READ COMMITTED")
