import logging
import random
import time
from collections import defaultdict
from datetime import timedelta

from odoo import Command, api, fields, models, modules
from odoo.exceptions import UserError
from odoo.tools import SQL, format_datetime, split_every
from odoo.tools.sql import create_index

from ..const import (
    COMPLIANCE_CONTACT_FIELDS,
    NUMBER_FIELD_BY_CHANNEL,
    OPT_OUT_FIELD_BY_CHANNEL,
    SERVICE_WINDOW_HOURS,
)
from ..tools import ProviderError, SendResult, check_agent, next_status, selection_label
from .contact_centre_provider import RATE_FREE_CHUNK

_logger = logging.getLogger(__name__)

# A claimed message is left alone by other senders for this long: enough for
# one provider call; after a crash the message becomes due again.
CLAIM_LEASE = timedelta(minutes=5)
MAX_ATTEMPTS = 5
BACKOFF_BASE_SECONDS = 30
BACKOFF_MAX_SECONDS = 3600
# Provider-side failures that move a message to the next eligible account,
# when its account passes failures on: the account is unusable (credentials,
# credit), or still unavailable on the message's second attempt there.
FAILOVER_FAILURE_TYPES = {"authentication", "credit", "provider_unavailable"}
FAILOVER_AFTER_ATTEMPTS = {"provider_unavailable": 2}
# A sender run stops claiming after this long and reports what remains, so
# that Odoo runs it again at once rather than killing a long run.
CRON_TIME_BUDGET_SECONDS = 60


class ContactCentreMessage(models.Model):
    """The outbound queue: every message to a customer is queued here, checked
    by the compliance gate, and sent by the sender cron (or at once for an
    agent's reply) within its provider account's rate limit."""

    _name = "contact.centre.message"
    _inherit = ["contact.centre.message", "contact.centre.due.mixin"]
    _due_cron = "cc_base.ir_cron_send_queued"
    _due_order = "next_attempt_at NULLS FIRST, id"

    consent_reply = fields.Boolean(
        readonly=True,
        copy=False,
        help="The confirmation of an opt-out or opt-in keyword: it goes out even to "
        "a contact who has just opted out.",
    )
    routing_tried_ids = fields.Many2many(
        "contact.centre.provider",
        "contact_centre_message_routing_tried_rel",
        "message_id",
        "provider_id",
        string="Accounts Tried",
        readonly=True,
        copy=False,
        help="The accounts this message failed through before its own passed it on.",
    )
    # The queued messages' index (init) serves the sender; the others'
    # next_attempt_at is empty.
    next_attempt_at = fields.Datetime(index=False)
    routing_note = fields.Text(
        "Routing",
        readonly=True,
        copy=False,
        help="Why the message moved to another provider account.",
    )

    def init(self):  # pylint: disable=missing-return
        super().init()
        # The sender claims due messages in _due_order: walking this index, it
        # finds the next batch at once, however long a campaign makes the queue.
        create_index(
            self.env.cr,
            f"{self._table}_queued_due_index",
            self._table,
            ["next_attempt_at NULLS FIRST", "id"],
            where="status = 'queued' AND direction = 'outbound'",
        )

    # Queuing

    @api.model
    def _queue_outbound(
        self, vals_list, send_now=False, raise_if_refused=True, find_conversations=True
    ):
        """Create outbound messages, pass them through the compliance gate and
        wake the sender; send_now sends them as this transaction commits (an
        agent's reply). A message the gate refuses raises a UserError saying
        why, or, without raise_if_refused, is kept as failed with the reason.
        Without find_conversations, a message goes into the conversation its
        values name and no other: bulk senders (campaigns) look conversations
        up in bulk and start none."""
        Provider = self.env["contact.centre.provider"]
        Conversation = self.env["discuss.channel"]
        self._route_outbound(vals_list, prefer_conversations=find_conversations)
        self._add_shared_defaults(vals_list)
        for vals in vals_list:
            vals.update(direction="outbound", status="queued")
            if find_conversations and not vals.get("conversation_id") and vals["provider_id"]:
                vals["conversation_id"] = Conversation._cc_conversation_for(
                    self.env["res.partner"].browse(vals["contact_id"]),
                    Provider.browse(vals["provider_id"]),
                ).id
        messages = self.create(vals_list)
        for message in messages.filtered(lambda m: m.conversation_id and not m.mail_message_id):
            message.sudo().mail_message_id = message.conversation_id._cc_post_outbound(message)
        refused = messages._compliance_failures()
        if refused and raise_if_refused:
            raise UserError("\n".join(error.message for error in refused.values()))
        messages._refuse(refused)
        if send_now:
            messages._lease()
            self.env.cr.precommit.add(messages._send_at_commit)
        else:
            self._trigger_worker()
        return messages

    @api.model
    def _add_shared_defaults(self, vals_list):
        """Fill in the defaults the messages share once for all, and each
        one's uuid: values holding every default skip default_get in create
        (see _add_missing_default_values), once a message, as costly as the
        rest of queuing it."""
        shared = self.default_get(["company_id", "message_type", "message_timestamp"])
        new_uuid = self._fields["uuid"].default
        for vals in vals_list:
            for name, value in shared.items():
                vals.setdefault(name, value)
            vals.setdefault("uuid", new_uuid(self))

    def _prepare_create_values(self, vals_list):
        # Which fields may have a default is asked once for all the messages.
        # Parents (_inherits), properties and a default_get of the model's
        # own have more than these defaults to add.
        if (
            self._inherits
            or type(self).default_get is not models.BaseModel.default_get
            or any(field.type == "properties" for field in self._fields.values())
        ):
            return super()._prepare_create_values(vals_list)
        defaulted = {name for name, field in self._fields.items() if field.default}
        defaulted.update(self.env["ir.default"]._get_model_defaults(self._name))
        defaulted.update(
            key.removeprefix("default_") for key in self.env.context if key.startswith("default_")
        )
        return super(
            ContactCentreMessage, self.with_context(cc_defaulted_fields=frozenset(defaulted))
        )._prepare_create_values(vals_list)

    @api.model
    def _add_missing_default_values(self, values):
        """Values that hold every field that may have a default have none to
        add; the others are completed as usual."""
        defaulted = self.env.context.get("cc_defaulted_fields")
        if defaulted is not None and defaulted <= values.keys():
            return values
        return super()._add_missing_default_values(values)

    @api.model
    def _route_outbound(self, vals_list, prefer_conversations=False):
        """Give each outbound message's values without an account the account
        that sends to its recipient's number (the provider's _router: order,
        prefixes, countries, the message's company), one router per channel
        and company. With prefer_conversations, a contact who already talks
        with us through an account that may send to them keeps it."""
        missing = [vals for vals in vals_list if not vals.get("provider_id")]
        if not missing:
            return
        Provider = self.env["contact.centre.provider"]
        contacts = {
            contact.id: contact
            for contact in self.env["res.partner"].browse({vals["contact_id"] for vals in missing})
        }
        routers, candidates = {}, []
        for vals in missing:
            key = (vals["channel"], vals.get("company_id") or self.env.company.id)
            if key not in routers:
                routers[key] = Provider._router(key[0], self.env["res.company"].browse(key[1]))
            number = contacts[vals["contact_id"]][NUMBER_FIELD_BY_CHANNEL[vals["channel"]]]
            candidates.append((vals, routers[key].candidates(number)))
        talking = defaultdict(list)
        if prefer_conversations:
            for conversation in (
                self.env["discuss.channel"]
                .sudo()
                .search(
                    [
                        ("channel_type", "=", "contact_centre"),
                        ("cc_contact_id", "in", list(contacts)),
                    ],
                    order="cc_last_inbound_at desc nulls last, id desc",
                )
            ):
                talking[conversation.cc_contact_id.id].append(conversation.cc_provider_id)
        for vals, accounts in candidates:
            current = [a for a in talking[vals["contact_id"]] if a in accounts]
            vals["provider_id"] = (current or accounts or [Provider])[0].id

    def _send_at_commit(self):
        """Send an interactive message as the last step before its transaction
        commits: every write that could fail to serialise (and make Odoo
        replay the request, sending twice) is behind us; what follows only
        touches these new messages."""
        self._send_claimed()
        self._trigger_at_next_due()
        self.env.flush_all()

    # The compliance gate: the one place that says whether a message may go out

    def _compliance_failures(self):
        """{message: ProviderError} for the outbound messages that may not go
        out now: no account, no number, opted out, a template that may not be
        sent (see the template's _send_refusal), or outside WhatsApp's
        customer-service window without a template."""
        failures = {}
        window_ends = self._service_window_ends()
        for message in self:
            reason = message._compliance_failure(window_ends)
            if reason:
                failures[message] = reason
        return failures

    def _compliance_failure(self, window_ends):
        # Each field read once: campaigns pass thousands of messages at once.
        contact, channel, provider = self.contact_id, self.channel, self.provider_id

        def values():
            # Named only in a refusal: a contact's display name costs.
            return {"contact": contact.display_name, "channel": selection_label(self, "channel")}

        number = contact[NUMBER_FIELD_BY_CHANNEL[channel]]
        if not provider or provider.state == "disabled":
            if number:
                return ProviderError(
                    "no_account",
                    self.env._(
                        "No enabled %(channel)s provider account may send to %(number)s: check "
                        "the accounts' number prefixes, countries and company.",
                        number=number,
                        **values(),
                    ),
                )
            return ProviderError(
                "no_account",
                self.env._(
                    "No enabled %(channel)s provider account can send this message.", **values()
                ),
            )
        if not number:
            return ProviderError(
                "wrong_number", self.env._("%(contact)s has no %(channel)s number.", **values())
            )
        if contact[OPT_OUT_FIELD_BY_CHANNEL[channel]] and not self.consent_reply:
            return ProviderError(
                "opted_out",
                self.env._("%(contact)s has opted out of %(channel)s messages.", **values()),
            )
        template = self.template_id
        template_refusal = template and template.sudo()._send_refusal()
        if template_refusal:
            return ProviderError("template_missing", template_refusal)
        if channel in SERVICE_WINDOW_HOURS and not self._is_template():
            window_end = window_ends.get((contact.id, provider.id))
            if not window_end or window_end <= fields.Datetime.now():
                return ProviderError(
                    "window_closed",
                    self.env._(
                        "The %(hours)s-hour window to answer %(contact)s on %(channel)s is "
                        "closed (last message from them: %(last)s): send an approved "
                        "template instead.",
                        hours=SERVICE_WINDOW_HOURS[channel],
                        last=format_datetime(
                            self.env, window_end - timedelta(hours=SERVICE_WINDOW_HOURS[channel])
                        )
                        if window_end
                        else self.env._("never"),
                        **values(),
                    ),
                )
        return None

    def _is_template(self):
        return self.message_type == "template" or bool(self.template_id)

    def _service_window_ends(self):
        """{(contact id, provider id): end of the customer-service window} for
        the windowed channels of these messages: the customer's last inbound
        message through that account, plus the window's length."""
        windowed = self.filtered(lambda m: m.channel in SERVICE_WINDOW_HOURS)
        if not windowed:
            return {}
        groups = self.sudo()._read_group(
            [
                ("direction", "=", "inbound"),
                ("contact_id", "in", windowed.contact_id.ids),
                ("channel", "in", list(set(windowed.mapped("channel")))),
            ],
            ["contact_id", "provider_id", "channel"],
            ["message_timestamp:max"],
        )
        return {
            (contact.id, provider.id): last + timedelta(hours=SERVICE_WINDOW_HOURS[channel])
            for contact, provider, channel, last in groups
        }

    # The sender

    @api.model
    def _cron_send_queued(self, batch_size=RATE_FREE_CHUNK, auto_commit=None):
        """Send due queued messages in batches claimed with SKIP LOCKED, so
        that any number of workers can run this at once without sending a
        message twice. A batch is what an account without a rate limit takes
        at once: its messages are leased and marked in one write (_lease)."""
        if auto_commit is None:
            auto_commit = not modules.module.current_test
        cron = self.env["ir.cron"]
        done, due = 0, None
        deadline = time.monotonic() + CRON_TIME_BUDGET_SECONDS
        if auto_commit:
            self._commit_progress()
        self._fail_abandoned()
        while time.monotonic() < deadline:
            claimed = self._claim_due(batch_size)
            if not claimed:
                break
            if due is None:
                # Counted once a run, not after each batch: a count walks the
                # whole queue, which a campaign makes long.
                due = len(claimed) + self._count_due()
            if auto_commit:
                self._commit_progress()
            claimed._send_claimed(auto_commit=auto_commit, deadline=deadline)
            done += len(claimed)
            if auto_commit:
                self._commit_progress()
            cron._notify_progress(done=done, remaining=max(due - done, 0))
        if done:
            cron._notify_progress(done=done, remaining=self._count_due())
        self._trigger_at_next_due()
        return done

    @api.model
    def _waiting_sql(self):
        return SQL(
            "status = 'queued' AND direction = 'outbound' AND COALESCE(attempt_count, 0) < %s",
            MAX_ATTEMPTS,
        )

    @api.model
    def _due_sql(self):
        # A message a dead sender was handing over (_mark_in_flight) is never
        # claimed again, even when its lease ends in the middle of another
        # sender's run: _fail_abandoned, at the start of the next run, fails it.
        return SQL("%s AND failure_type IS DISTINCT FROM 'unknown'", super()._due_sql())

    @api.model
    def _fail_abandoned(self):
        """Messages claimed MAX_ATTEMPTS times by senders that died before
        recording a result, and those a sender died while handing to the
        provider (see _mark_in_flight): failed, never sent again without a
        Retry, as the provider may have them already."""
        self.flush_model()
        self.env.execute_query(
            SQL(
                "UPDATE %s SET status = 'failed', failure_type = 'unknown', "
                "error_message = CASE WHEN failure_type = 'unknown' THEN %s ELSE %s END, "
                "next_attempt_at = NULL "
                "WHERE status = 'queued' AND direction = 'outbound' "
                "AND (attempt_count >= %s OR failure_type = 'unknown') AND next_attempt_at <= %s",
                SQL.identifier(self._table),
                self.env._(
                    "The sender stopped while handing this message to the provider: it may or "
                    "may not have gone out."
                ),
                self.env._("The sender stopped while sending this message, too often."),
                MAX_ATTEMPTS,
                fields.Datetime.now(),
            )
        )
        self.invalidate_model(["status", "failure_type", "error_message", "next_attempt_at"])

    def _mark_in_flight(self):
        """Say in the messages' rows, committed by the sender before the
        provider call, that they are being handed to the provider: should the
        sender die before recording the answer, they are failed when their
        lease ends rather than sent again (twice, for the provider had them).
        The mark is an 'unknown' failure on a queued message, which nothing
        else leaves (an unknown failure is not retried); the answer replaces it."""
        if not self:
            return
        self.flush_recordset()
        self.env.execute_query(
            SQL(
                "UPDATE %s SET failure_type = 'unknown' WHERE id IN %s",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["failure_type"])

    @api.model
    def _claim_due(self, limit):
        """Claimed messages are leased: the sender commits before calling the
        provider, and other senders leave them alone meanwhile."""
        claimed = super()._claim_due(limit)
        claimed._lease()
        return claimed

    def _lease(self):
        """Count an attempt and keep other senders off these messages for a
        while. The messages of an account without a rate limit go to the
        provider at once: their lease carries the handover's mark
        (_mark_in_flight) in the same write, each row written once rather
        than twice; the others are marked when their turn comes."""
        if not self:
            return
        self.flush_recordset()
        self.env["contact.centre.provider"].flush_model(["rate_limit"])
        self.env.execute_query(
            SQL(
                "UPDATE %(table)s SET next_attempt_at = %(until)s, "
                "attempt_count = COALESCE(attempt_count, 0) + 1, "
                "failure_type = CASE WHEN (SELECT COALESCE(rate_limit, 0) FROM %(providers)s "
                "WHERE id = provider_id) = 0 THEN 'unknown' ELSE failure_type END "
                "WHERE id IN %(ids)s",
                table=SQL.identifier(self._table),
                providers=SQL.identifier(self.env["contact.centre.provider"]._table),
                until=fields.Datetime.now() + CLAIM_LEASE,
                ids=tuple(self.ids),
            )
        )
        self.invalidate_recordset(["next_attempt_at", "attempt_count", "failure_type"])

    def _send_claimed(self, auto_commit=False, deadline=None):
        """Send these queued messages, that this sender holds, through their
        provider accounts; record sent, retry or failure. Past the deadline,
        the messages not yet sent are released for the next run."""
        queued = self.filtered(lambda m: m.status == "queued")
        (self - queued)._unmark()
        queued = queued._hold_back()
        queued.contact_id.fetch(COMPLIANCE_CONTACT_FIELDS)
        queued._refuse(queued._compliance_failures())
        by_provider = queued.filtered(lambda m: m.status == "queued").grouped("provider_id")
        for provider, messages in by_provider.items():
            for chunk in split_every(provider._rate_chunk_size(), messages.ids, self.browse):
                if deadline and time.monotonic() > deadline:
                    chunk._release()
                    continue
                provider._wait_for_rate(len(chunk), commit=auto_commit)
                # Cancelled (or reported) while waiting for its turn: not sent.
                chunk.invalidate_recordset(["status", "failure_type"])
                chunk.fetch(["status", "failure_type"])
                queued = chunk.filtered(lambda m: m.status == "queued")
                (chunk - queued)._unmark()
                chunk = queued._hold_back()
                if not chunk:
                    continue
                unmarked = chunk.filtered(lambda m: m.failure_type != "unknown")
                unmarked._mark_in_flight()
                if auto_commit and unmarked:
                    self._commit_progress()
                try:
                    results = provider._send_messages(chunk)
                except ProviderError as error:
                    results = dict.fromkeys(chunk.ids, SendResult(error=error))
                except Exception as error:  # a provider addon's bug must not resend forever
                    _logger.exception("Provider %s failed to send", provider.display_name)
                    results = dict.fromkeys(
                        chunk.ids,
                        SendResult(
                            error=ProviderError("unknown", f"{type(error).__name__}: {error}")
                        ),
                    )
                moved = chunk._fail_over(results)
                (chunk - moved)._record_send_results(results)
                if auto_commit:
                    self._commit_progress()

    def _unmark(self):
        """Take the handover's mark (see _lease) off these messages, that left
        the queue another way (cancelled, reported) before their turn."""
        if not self:
            return
        self.flush_recordset(["status", "failure_type"])
        self.env.execute_query(
            SQL(
                "UPDATE %s SET failure_type = NULL WHERE id IN %s AND failure_type = 'unknown' "
                "AND status NOT IN ('queued', 'failed')",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["failure_type"])

    def _fail_over(self, results):
        """Move the messages of this chunk (of one account) whose send failed
        for a provider-side reason to the next account that may send them,
        when their account passes failures on; return those moved."""
        moved = self.browse()
        provider = self.provider_id[:1]
        if not provider.route_failover:
            return moved
        routers = {}
        for message in self:
            result = results.get(message.id)
            if not result or result.ok or not message._fails_over(result.error):
                continue
            key = (message.channel, message.company_id)
            if key not in routers:
                routers[key] = self.env["contact.centre.provider"].sudo()._router(*key)
            tried = message.routing_tried_ids | message.provider_id
            number = message.contact_id[NUMBER_FIELD_BY_CHANNEL[message.channel]]
            account = next((a for a in routers[key].candidates(number) if a not in tried), None)
            if account:
                message._move_to(account, result.error)
                moved |= message
        if moved:
            self._trigger_worker()
        return moved

    def _fails_over(self, error):
        return error.failure_type in FAILOVER_FAILURE_TYPES and self.attempt_count >= (
            FAILOVER_AFTER_ATTEMPTS.get(error.failure_type, 0)
        )

    def _move_to(self, account, error):
        """Queue this message again through account, saying why: on the
        message and, for the agents, in its conversation."""
        self.ensure_one()
        note = self.env._(
            "Moved from %(old)s to %(new)s: %(reason)s (%(error)s)",
            old=self.provider_id.name,
            new=account.name,
            reason=dict(self._fields["failure_type"]._description_selection(self.env))[
                error.failure_type
            ],
            error=error,
        )
        self.write(
            {
                "provider_id": account.id,
                "routing_tried_ids": [Command.link(self.provider_id.id)],
                "routing_note": "\n".join(filter(None, [self.routing_note, note])),
                "attempt_count": 0,
                "next_attempt_at": False,
                "failure_type": False,
                "error_message": False,
            }
        )
        if self.conversation_id:
            self.conversation_id.sudo().with_context(cc_no_send=True).message_post(
                body=note, message_type="notification", subtype_xmlid="mail.mt_note"
            )
        _logger.info("Message %s: %s", self.name, note)

    def _hold_back(self):
        """These claimed messages but those that may not go out yet, which go
        back to the queue with `_release(until)`. Feature addons hold back
        theirs (a paused campaign, quiet hours); the sender asks again just
        before each provider call, so that a hold takes effect within seconds."""
        return self

    def _release(self, until=None):
        """Give claimed messages back to the queue, their attempt not made and
        the handover's mark (see _lease) gone; due again from `until` (at once
        without it)."""
        if not self:
            return
        self.flush_recordset()
        self.env.execute_query(
            SQL(
                "UPDATE %s SET next_attempt_at = %s, attempt_count = attempt_count - 1, "
                "failure_type = NULLIF(failure_type, 'unknown') "
                "WHERE id IN %s AND status = 'queued'",
                SQL.identifier(self._table),
                until,
                tuple(self.ids),
            )
        )
        self.invalidate_recordset(["next_attempt_at", "attempt_count", "failure_type"])

    def _refuse(self, refusals):
        """Record why the compliance gate refused some of these messages,
        {message: ProviderError}."""
        refused = self.browse(message.id for message in refusals)
        refused._record_send_results(
            {message.id: SendResult(error=error) for message, error in refusals.items()}
        )

    def _record_send_results(self, results):
        """Record the answers to these messages' sends, {message id:
        SendResult} (none: an unknown failure), in a few queries whatever
        the number of messages: sent, retried later, or failed."""
        no_answer = SendResult(error=ProviderError("unknown", "The provider gave no answer."))
        results = {message.id: results.get(message.id) or no_answer for message in self}
        self._record_sent({id_: result for id_, result in results.items() if result.ok})
        failed = defaultdict(lambda: self.browse())
        for message in self.filtered(lambda m: not results[m.id].ok):
            error = results[message.id].error
            retried = error.recoverable and message.attempt_count < MAX_ATTEMPTS
            if retried:
                # Each its own time, so that retries spread out.
                message.write(
                    {
                        "failure_type": error.failure_type,
                        "error_message": str(error),
                        "next_attempt_at": message._retry_at(error),
                    }
                )
            else:
                failed[error.failure_type, str(error)] |= message
            _logger.info(
                "Message %s: %s (%s)",
                message.name,
                error.failure_type,
                "queued" if retried else "failed",
            )
        for (failure_type, error_message), messages in failed.items():
            messages.write(
                {
                    "status": "failed",
                    "failure_type": failure_type,
                    "error_message": error_message,
                    "next_attempt_at": False,
                }
            )

    def _retry_at(self, error):
        """When to try again after a recoverable error: exponential backoff
        with jitter, no sooner than the provider asked."""
        delay = min(BACKOFF_BASE_SECONDS * 2 ** (self.attempt_count - 1), BACKOFF_MAX_SECONDS)
        delay = max(delay * random.uniform(0.5, 1.5), error.retry_after or 0)
        return fields.Datetime.now() + timedelta(seconds=delay)

    def _record_sent(self, results):
        """Record the provider's ids of the messages it accepted, {message id:
        SendResult}, and move them to sent. A status report may have come in
        while we waited for the answer: "sent" only moves a message forward,
        and the handover's mark (_mark_in_flight) goes unless the report was
        a failure. The ids go out with the status in one UPDATE a batch."""
        if not results:
            return
        self.flush_model(["external_message_id", "next_attempt_at", "status", "failure_type"])
        # Locked in the order of their ids, as one at a time did before: a
        # worker applying their reports meanwhile waits rather than deadlocks.
        # Their status is read as that worker left it.
        status = dict(
            self.env.execute_query(
                SQL(
                    "SELECT id, status FROM %s WHERE id IN %s ORDER BY id FOR UPDATE",
                    SQL.identifier(self._table),
                    tuple(results),
                )
            )
        )
        sent = self.browse(list(results))
        sent.invalidate_recordset(["status", "failure_type"])
        sent._set_each("external_message_id", [results[id_].external_id for id_ in sent.ids])
        forward = sent.filtered(lambda m: next_status(status[m.id], "sent"))
        forward.write(
            {
                "status": "sent",
                "failure_type": False,
                "error_message": False,
                "next_attempt_at": False,
            }
        )
        reported = sent - forward
        reported.filtered(lambda m: status[m.id] != "failed").write(
            {"failure_type": False, "next_attempt_at": False}
        )
        reported.filtered(lambda m: status[m.id] == "failed").write({"next_attempt_at": False})

    def _set_each(self, fname, values):
        """Give each of these records its own value of a stored field, as a
        write of each would but without its cost, for the next flush: Odoo
        flushes the records that change the same fields in one UPDATE, so
        that these values go out with what is written to them meanwhile."""
        field = self._fields[fname]
        self.env.cache.update(
            self, field, [field.convert_to_cache(value, self) for value in values], dirty=True
        )
        self.modified([fname])

    # Retry and cancel: users and agents act on what they can see, as the system

    def _check_can_act(self):
        check_agent(self.env, self.env._("Only agents can retry or cancel messages."))
        self.check_access("read")

    def action_retry(self):
        self._check_can_act()
        failed = self.sudo().filtered(lambda m: m.direction == "outbound" and m.status == "failed")
        failed.write(
            {
                "status": "queued",
                "attempt_count": 0,
                "next_attempt_at": False,
                "failure_type": False,
                "error_message": False,
            }
        )
        self._trigger_worker()

    def action_cancel(self):
        self._check_can_act()
        self.sudo().filtered(lambda m: m.status == "queued").write(
            {"status": "cancelled", "next_attempt_at": False}
        )
