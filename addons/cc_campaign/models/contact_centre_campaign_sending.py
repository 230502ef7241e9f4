import time
from collections import defaultdict

from odoo import api, fields, models, modules
from odoo.tools import SQL, split_every

from odoo.addons.cc_base.const import (
    CHANNELS,
    COMPLIANCE_CONTACT_FIELDS,
    NUMBER_FIELD_BY_CHANNEL,
)

from ..tools import quiet_until, recipient_timezone

# Contacts resolved and queued at once: memory stays flat whatever the audience.
BATCH_SIZE = 1000
# A runner stops after this long and runs again at once, rather than being
# killed by the cron's time limit.
RUNNER_TIME_BUDGET_SECONDS = 60
WITHDRAW_BATCH = 10000
QUEUING_CONTACT_FIELDS = ["name", "tz", "preferred_channel", *COMPLIANCE_CONTACT_FIELDS]


class ContactCentreCampaign(models.Model):
    """The sending engine: the audience is resolved and queued in batches, one
    message per contact (the database refuses a second one), so that a run
    stopped anywhere resumes without writing to anyone twice. cc_base's
    queue and its sender cron do the sending, within each account's rate
    limit; every message passes its compliance gate."""

    _inherit = "contact.centre.campaign"

    # The runner: scheduled starts, queuing, completion

    @api.model
    def _trigger_runner(self, at=None):
        self.env.ref("cc_campaign.ir_cron_run_campaigns")._trigger(at)

    @api.model
    def _cron_run_campaigns(self, auto_commit=None):
        if auto_commit is None:
            auto_commit = not modules.module.current_test
        deadline = time.monotonic() + RUNNER_TIME_BUDGET_SECONDS
        now = fields.Datetime.now()
        due = self.search([("state", "=", "scheduled"), ("scheduled_date", "<=", now)])
        due.write({"state": "running", "start_date": now})
        unfinished = self.search(
            [
                ("state", "=", "running"),
                ("campaign_type", "=", "outbound"),
                ("enqueue_done", "=", False),
            ]
        )
        for campaign in unfinished:
            if not campaign._enqueue_audience(auto_commit=auto_commit, deadline=deadline):
                self._trigger_runner()
                break
        self.search(
            [
                ("state", "=", "running"),
                ("campaign_type", "=", "outbound"),
                ("enqueue_done", "=", True),
            ]
        )._complete_if_sent()
        next_start = self.search(
            [("state", "=", "scheduled")], order="scheduled_date", limit=1
        ).scheduled_date
        if next_start:
            self._trigger_runner(next_start)

    def _complete_if_sent(self):
        """Outbound campaigns whose every message has left the queue are completed."""
        waiting = {
            campaign
            for campaign, _count in self.env["contact.centre.message"]
            .sudo()
            ._read_group(
                [("campaign_id", "in", self.ids), ("status", "=", "queued")],
                ["campaign_id"],
                ["__count"],
            )
        }
        self.filtered(lambda c: c not in waiting).write(
            {"state": "completed", "end_date": fields.Datetime.now()}
        )

    def send_to_contacts(self):
        """Queue the whole audience now (in batches), starting the campaigns
        that have not started; the sender cron sends."""
        self._check_manager()
        self._check_ready()
        self.filtered(lambda c: c.state in ("draft", "scheduled")).write(
            {"state": "running", "start_date": fields.Datetime.now()}
        )
        for campaign in self.filtered(lambda c: c.state == "running"):
            campaign._enqueue_audience()
        return True

    # Queuing the audience

    def _enqueue_audience(self, batch_size=BATCH_SIZE, auto_commit=False, deadline=None):
        """Queue a message for every contact of the audience who has none yet,
        batch after batch. Returns False when the deadline stopped it first."""
        self.ensure_one()
        Partner = self.env["res.partner"].sudo()
        domain = self._audience_domain()
        last_id = 0
        while True:
            if not self._lock_for_queuing():
                return True
            contacts = Partner.search([*domain, ("id", ">", last_id)], order="id", limit=batch_size)
            if not contacts:
                break
            last_id = contacts[-1].id
            self._enqueue_batch(contacts)
            # Keep memory flat: what this batch loaded is not needed any more.
            self.env.flush_all()
            self.env.invalidate_all()
            if auto_commit:
                self.env["contact.centre.message"]._commit_progress()
            if deadline is not None and time.monotonic() > deadline:
                return False
            if self.state != "running":
                return True
        self.enqueue_done = True
        return True

    def _lock_for_queuing(self):
        """Whether this worker may queue the next batch: another one (the
        runner, a call to send_to_contacts) holds the campaign meanwhile.
        Not FOR UPDATE: a sender writing a message of the campaign twice in
        one transaction locks the campaign's key (PostgreSQL checks the
        message's foreign key again), and the runner would stop queuing
        until its next call, minutes later."""
        return bool(
            self.env.execute_query(
                SQL(
                    "SELECT id FROM %s WHERE id = %s FOR NO KEY UPDATE SKIP LOCKED",
                    SQL.identifier(self._table),
                    self.id,
                )
            )
        )

    def _enqueue_batch(self, contacts):
        """Queue this campaign's message for these contacts: one per contact
        and per number, on the channel each can receive, held for quiet hours."""
        self.ensure_one()
        Message = self.env["contact.centre.message"].sudo()
        contacts = contacts - self._contacted(contacts)
        # Only what queuing reads of the contacts, rather than their hundred
        # fields: their numbers, consent, channel, time zone and name.
        contacts.fetch(QUEUING_CONTACT_FIELDS)
        choices = self._choose_channels(contacts)
        taken = self._numbers_taken([number for _channel, number in choices.values() if number])
        channel_values = {}
        vals_list = []
        for contact in contacts:
            channel, number = choices[contact]
            if number:
                if number in taken:
                    continue
                taken.add(number)
            if channel not in channel_values:
                channel_values[channel] = self._channel_values(channel)
            vals_list.append(
                dict(channel_values[channel], contact_id=contact.id, campaign_number=number)
            )
        if not vals_list:
            return Message
        Message._route_outbound(vals_list)
        self._render_bodies(vals_list)
        self._hold_for_quiet_hours(vals_list)
        self._join_conversations(vals_list)
        return Message._queue_outbound(vals_list, raise_if_refused=False, find_conversations=False)

    def _contacted(self, contacts):
        """Those of contacts this campaign has already queued a message for."""
        messages = (
            self.env["contact.centre.message"]
            .sudo()
            ._read_group(
                [
                    ("campaign_id", "=", self.id),
                    ("direction", "=", "outbound"),
                    ("contact_id", "in", contacts.ids),
                ],
                ["contact_id"],
            )
        )
        return contacts.browse(contact.id for (contact,) in messages)

    def _numbers_taken(self, numbers):
        """The numbers among `numbers` this campaign has already written to."""
        if not numbers:
            return set()
        Message = self.env["contact.centre.message"].sudo()
        Message.flush_model(["campaign_id", "campaign_number"])
        rows = self.env.execute_query(
            SQL(
                "SELECT campaign_number FROM %s WHERE campaign_id = %s AND campaign_number IN %s",
                SQL.identifier(Message._table),
                self.id,
                tuple(numbers),
            )
        )
        return {number for (number,) in rows}

    def _channel_order(self, contact):
        if self.channel != "both":
            return [self.channel]
        channels = [key for key, _label in CHANNELS]
        if contact.preferred_channel in channels:
            channels.remove(contact.preferred_channel)
            channels.insert(0, contact.preferred_channel)
        return channels

    def _choose_channels(self, contacts):
        """{contact: (channel, number)}: the first channel of the contact's
        order that the compliance gate accepts; when none does, the first one,
        so that the message is skipped with its reason."""
        Message = self.env["contact.centre.message"].sudo()
        orders = {contact: self._channel_order(contact) for contact in contacts}
        draft_vals = {}
        if self.channel == "both":
            for contact, channels in orders.items():
                for channel in channels:
                    draft_vals[contact, channel] = self._message_values(
                        contact, channel, contact[NUMBER_FIELD_BY_CHANNEL[channel]]
                    )
        Message._route_outbound(list(draft_vals.values()))
        drafts = {key: Message.new(vals) for key, vals in draft_vals.items()}
        refused = Message.concat(*drafts.values())._compliance_failures() if drafts else {}
        choices = {}
        for contact, channels in orders.items():
            allowed = [
                channel
                for channel in channels
                if (contact, channel) not in drafts or drafts[contact, channel] not in refused
            ]
            channel = (allowed or channels)[0]
            choices[contact] = (channel, contact[NUMBER_FIELD_BY_CHANNEL[channel]] or False)
        return choices

    def _provider_for(self, channel):
        """The campaign's own account on its channel; elsewhere none, and
        cc_base's routing gives each recipient theirs."""
        if self.provider_id.channel == channel:
            return self.provider_id
        return self.env["contact.centre.provider"]

    def _message_values(self, contact, channel, number):
        """The values of this campaign's message to contact on channel; the
        text is the template's or the body, rendered later in bulk."""
        return dict(self._channel_values(channel), contact_id=contact.id, campaign_number=number)

    def _channel_values(self, channel):
        """The values all this campaign's messages on channel share."""
        template = self.template_id if self.use_template else self.env["contact.centre.template"]
        vals = {
            "campaign_id": self.id,
            "channel": channel,
            "provider_id": self._provider_for(channel).id,
            "company_id": self.company_id.id,
            "body_text": template.body if template else self.message_body,
        }
        # A template goes out as one only on its own channel; elsewhere its
        # text is plain text.
        if template and template.channel == channel:
            vals.update(template_id=template.id, message_type="template")
        return vals

    def _render_bodies(self, vals_list):
        """Fill each recipient's placeholders, one rendering per distinct text."""
        Partner = self.env["res.partner"]
        by_text = defaultdict(list)
        for vals in vals_list:
            by_text[vals["body_text"] or ""].append(vals)
        for text, text_vals in by_text.items():
            rendered = self._render_texts(text, Partner.browse(v["contact_id"] for v in text_vals))
            for vals in text_vals:
                vals["body_text"] = rendered[vals["contact_id"]]

    @api.model
    def _render_for(self, text, partner_ids):
        """{partner id: text with its placeholders filled in}."""
        return (
            self.env["mail.render.mixin"]
            .sudo()
            ._render_template(text, "res.partner", partner_ids, engine="inline_template")
        )

    @api.model
    def _join_conversations(self, vals_list):
        """A message to a contact who already talks with us goes into that
        conversation; nobody else gets one (it starts when they answer)."""
        conversations = (
            self.env["discuss.channel"]
            .sudo()
            .search_fetch(
                [
                    ("channel_type", "=", "contact_centre"),
                    ("cc_contact_id", "in", [vals["contact_id"] for vals in vals_list]),
                    ("cc_provider_id", "in", list({vals["provider_id"] for vals in vals_list})),
                ],
                ["cc_contact_id", "cc_provider_id"],
            )
        )
        by_key = {(c.cc_contact_id.id, c.cc_provider_id.id): c.id for c in conversations}
        for vals in vals_list:
            vals["conversation_id"] = by_key.get((vals["contact_id"], vals["provider_id"]), False)

    # Quiet hours, in the recipient's time zone

    def _quiet_until(self, contact, number, now=None):
        """None when this campaign may write to contact now, else when its
        quiet hours end where the contact lives. Answers to a customer's own
        message (inbound campaigns) never wait."""
        self.ensure_one()
        if not self._has_quiet_hours():
            return None
        tz = recipient_timezone(contact.tz, number, self.company_id.partner_id.tz or "UTC")
        return quiet_until(
            now or fields.Datetime.now(), tz, self.quiet_hours_start, self.quiet_hours_end
        )

    def _has_quiet_hours(self):
        return self.campaign_type == "outbound" and self.quiet_hours

    def _hold_for_quiet_hours(self, vals_list):
        if not self._has_quiet_hours():
            return
        Partner = self.env["res.partner"]
        for vals in vals_list:
            until = self._quiet_until(Partner.browse(vals["contact_id"]), vals["campaign_number"])
            if until:
                vals.update(next_attempt_at=until, quiet_hours_until=until)

    # Cancelling

    def _withdraw_queued(self):
        """Every message of these campaigns not sent yet is cancelled."""
        Message = self.env["contact.centre.message"].sudo()
        queued = Message.search([("campaign_id", "in", self.ids), ("status", "=", "queued")])
        for ids in split_every(WITHDRAW_BATCH, queued.ids):
            Message.browse(ids).write({"status": "cancelled", "next_attempt_at": False})
