import json
import logging
import random
import time
from datetime import timedelta

from odoo import api, fields, models, modules
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..const import ACCOUNT_FAILURE_TYPES
from ..tools import PayloadError, ProviderError, WebhookRequest, mask, storable

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 10
DEFAULT_RETENTION_DAYS = 30
CRON_TIME_BUDGET_SECONDS = 60
# Headers worth keeping with a stored request: what providers sign and date.
KEPT_HEADERS = ("content-type", "user-agent", "x-forwarded-for")


def _fails_for_good(error):
    """Whether retrying an event that failed with `error` cannot help: a body
    not shaped as its provider documents, or a provider's answer about the
    event itself (a template Meta does not have), not about the account or
    its availability, which an admin or time may put right."""
    if isinstance(error, PayloadError):
        return True
    return (
        isinstance(error, ProviderError)
        and error.failure_type not in ACCOUNT_FAILURE_TYPES
        and error.failure_type != "unknown"
    )


class ContactCentreWebhookEvent(models.Model):
    """A provider's webhook request, stored as it came before anything else
    happens to it: append-only, one row per provider event identity.

    The request is answered as soon as the row is stored; a cron then parses it
    into provider-neutral events and applies them. An event that fails keeps
    its error and is retried; a manager can replay it; applying an event twice
    changes nothing.
    """

    _name = "contact.centre.webhook.event"
    _inherit = ["contact.centre.due.mixin"]
    _due_cron = "cc_base.ir_cron_process_webhook_events"
    _due_order = "received_at, id"
    _description = "Contact Centre Webhook Event"
    _order = "received_at desc, id desc"
    _rec_name = "identity"

    provider_id = fields.Many2one(
        "contact.centre.provider",
        "Provider Account",
        required=True,
        readonly=True,
        ondelete="restrict",
        # Found through identity_unique, which begins with it: one index
        # less to write in every webhook request.
    )
    identity = fields.Char(
        required=True, readonly=True, help="The provider's identity of this event, for dedup."
    )
    method = fields.Char(readonly=True, default="POST")
    path = fields.Char(readonly=True)
    query = fields.Json(readonly=True)
    headers = fields.Json(readonly=True)
    body = fields.Text(readonly=True)
    received_at = fields.Datetime(
        required=True, readonly=True, index=True, default=fields.Datetime.now
    )
    state = fields.Selection(
        [("pending", "To Process"), ("done", "Processed"), ("failed", "Failed")],
        required=True,
        default="pending",
        readonly=True,
        index=True,
    )
    processed_at = fields.Datetime(readonly=True)
    error = fields.Text(readonly=True)

    _sql_constraints = [
        (
            "identity_unique",
            "unique(provider_id, identity)",
            "This provider event is already stored.",
        ),
    ]

    # Storing

    @api.model
    def _store(self, provider, request, identity=None, available_at=None):
        """Store a verified WebhookRequest once; return the new event, or an
        empty recordset when the provider had already sent it. One statement,
        no ORM: this runs inside the provider's HTTP request."""
        identity = identity or provider._webhook_event_identity(request)
        headers = {name: request.headers[name] for name in KEPT_HEADERS if name in request.headers}
        # A provider that puts a secret in its webhook URL: not kept.
        secrets = provider._secret_values()
        query = {
            storable(name): storable(mask(value, secrets))
            for name, value in (request.query or {}).items()
        }
        # The event and, when it is new and due at once, the cron's trigger in
        # one statement. Nobody created the event: no user row is locked for
        # the foreign keys of its creator.
        now = fields.Datetime.now()
        later = bool(available_at and available_at > now)
        cron = self._due_cron_record()
        rows = self.env.execute_query(
            SQL(
                "WITH event AS (INSERT INTO %(table)s (provider_id, identity, method, path, "
                "query, headers, body, received_at, state, attempt_count, next_attempt_at, "
                "create_date, write_date) VALUES (%(provider)s, %(identity)s, %(method)s, "
                "%(path)s, %(query)s::jsonb, %(headers)s::jsonb, %(body)s, %(now)s, 'pending', 0, "
                "%(at)s, %(now)s, %(now)s) "
                "ON CONFLICT (provider_id, identity) DO NOTHING RETURNING id)%(trigger)s "
                "SELECT id FROM event",
                table=SQL.identifier(self._table),
                provider=provider.id,
                identity=identity,
                method=request.method,
                path=request.path,
                query=json.dumps(query),
                headers=json.dumps(headers),
                body=storable(request.body.decode("utf-8", "replace")),
                now=now,
                at=available_at,
                trigger=SQL("")
                if later
                else SQL(
                    ", woken AS (%s)",
                    self._trigger_now_sql(cron, SQL("EXISTS (SELECT FROM event)")),
                ),
            )
        )
        event = self.browse(row[0] for row in rows)
        if event and later:
            cron._trigger(available_at)
        elif event:
            self.env.cr.postcommit.add(cron._notifydb)
        return event

    def _request(self):
        self.ensure_one()
        return WebhookRequest(
            method=self.method,
            path=self.path,
            body=(self.body or "").encode(),
            headers=self.headers or {},
            query=self.query or {},
        )

    # Processing

    @api.model
    def _cron_process(self, batch_size=100, auto_commit=None):
        if auto_commit is None:
            auto_commit = not modules.module.current_test
        deadline = time.monotonic() + CRON_TIME_BUDGET_SECONDS
        done = 0
        if auto_commit:
            self._commit_progress()
        while time.monotonic() < deadline:
            events = self._claim_due(batch_size)
            if not events:
                break
            events._process()
            done += len(events)
            if auto_commit:
                self._commit_progress()
        self.env["ir.cron"]._notify_progress(done=done, remaining=self._count_due())
        self._trigger_at_next_due()
        return done

    @api.model
    def _waiting_sql(self):
        return SQL("state = 'pending'")

    def _process(self):
        """Parse and apply the events together, each provider account's in
        one call (contacts, conversations and messages made in bulk), in one
        savepoint. When anything in it fails, each event is applied again on
        its own, in its own savepoint: one bad event never holds back the
        others, and keeps its error to be retried."""
        try:
            with self.env.cr.savepoint():
                self._apply()
        except Exception:  # whatever it is, the events are tried one by one
            _logger.info("Webhook events %s applied one by one", self.ids)
            done = self.browse()
            for event in self:
                try:
                    with self.env.cr.savepoint():
                        event._apply()
                except Exception as error:  # the event keeps it and is retried
                    event._record_failure(error)
                else:
                    done |= event
        else:
            done = self
        for attempts, events in done.grouped(lambda event: event.attempt_count + 1).items():
            events.write(
                {
                    "state": "done",
                    "processed_at": fields.Datetime.now(),
                    "attempt_count": attempts,
                    "next_attempt_at": False,
                    "error": False,
                }
            )

    def _apply(self):
        """Parse these events and apply them, each provider account's together."""
        Message = self.env["contact.centre.message"]
        for provider, events in self.grouped("provider_id").items():
            Message._apply_provider_events(
                provider,
                [
                    parsed
                    for event in events
                    for parsed in provider._parse_webhook(event._request())
                ],
            )

    def _record_failure(self, error):
        self.ensure_one()
        attempts = self.attempt_count + 1
        _logger.info("Webhook event %s failed (attempt %s): %s", self.id, attempts, error)
        values = {"attempt_count": attempts, "error": f"{type(error).__name__}: {error}"}
        if attempts >= MAX_ATTEMPTS or _fails_for_good(error):
            values.update(state="failed", next_attempt_at=False)
        else:
            delay = BACKOFF_BASE_SECONDS * 2 ** (attempts - 1) * random.uniform(0.5, 1.5)
            values["next_attempt_at"] = fields.Datetime.now() + timedelta(seconds=delay)
        self.write(values)

    def action_replay(self):
        """Apply these events again (a manager's Replay): what they already
        applied is not applied twice."""
        if not self.env.user.has_group("cc_base.group_contact_centre_manager"):
            raise AccessError(self.env._("Only managers can replay webhook events."))
        self.sudo().write({"state": "pending", "next_attempt_at": False, "attempt_count": 0})
        self.sudo()._process()

    @api.autovacuum
    def _gc_processed_events(self):
        """Processed events are kept for the retention period (days, system
        parameter cc_base.webhook_retention_days); failed ones stay until a
        manager deals with them."""
        days = int(
            self.env["ir.config_parameter"]
            .sudo()
            .get_param("cc_base.webhook_retention_days", DEFAULT_RETENTION_DAYS)
        )
        self.sudo().search(
            [
                ("state", "=", "done"),
                ("received_at", "<", fields.Datetime.now() - timedelta(days=days)),
            ]
        ).unlink()
