import logging

import psycopg2

from odoo import api, fields, models

from ..tools import InboundMessage, StatusUpdate, next_status

_logger = logging.getLogger(__name__)


class MessageNotFoundYet(Exception):
    """A status for a message we do not know yet: its send result may still
    be on its way. The event is retried later."""


class ContactCentreMessage(models.Model):
    """Applying provider events: inbound messages and status updates, from
    webhooks or from a provider's synchronous answers alike. Applying the same
    event twice changes nothing."""

    _inherit = "contact.centre.message"

    # One automatic answer per inbound message: the first handler that acts on
    # it (an opt-out keyword here; a campaign keyword, an automation in feature
    # addons, which add their own values) claims it and the others leave it.
    handled_by = fields.Selection(
        [("consent_keyword", "Opt-in / Opt-out Keyword")],
        string="Handled Automatically By",
        readonly=True,
        copy=False,
    )
    inbound_keyword = fields.Char(
        "Keyword",
        readonly=True,
        copy=False,
        help="The keyword the customer wrote to, as the provider recognised it (SMS "
        "short codes), for inbound campaigns.",
    )

    @api.model
    def _apply_provider_events(self, provider, events):
        inbound = [event for event in events if isinstance(event, InboundMessage)]
        statuses = [event for event in events if isinstance(event, StatusUpdate)]
        if inbound:
            self._apply_inbound(provider, inbound)
        if statuses:
            self._apply_statuses(provider, statuses)

    # Inbound messages

    @api.model
    def _by_external_id(self, provider, external_ids):
        """{external id: message} of provider's messages among external_ids."""
        messages = self.sudo().search(
            [
                ("provider_id", "=", provider.id),
                ("external_message_id", "in", [eid for eid in external_ids if eid]),
            ]
        )
        return {message.external_message_id: message for message in messages}

    @api.model
    def _apply_inbound(self, provider, events):
        """Store new inbound messages (a known external id is a duplicate: no
        op), with their contact, quoted message and media: the contacts and
        conversations of the whole batch found or created together, the
        messages and their Discuss posts created in one go each."""
        known = set(self._by_external_id(provider, [event.external_id for event in events]))
        quoted = self._by_external_id(provider, [event.reply_to_external_id for event in events])
        new = []
        for event in events:
            if event.external_id not in known:
                known.add(event.external_id)
                new.append(event)
        if not new:
            return self.browse()
        contacts = self.env["res.partner"]._contact_centre_for_inbound_many(
            {event.sender: event.profile_name for event in new},
            provider.channel,
            provider.company_id,
        )
        conversations = self.env["discuss.channel"]._cc_conversations_for(
            self.env["res.partner"].union(*contacts.values()), provider
        )
        messages = self.sudo().create(
            [
                {
                    "contact_id": contacts[event.sender].id,
                    "conversation_id": conversations[contacts[event.sender]].id,
                    "channel": provider.channel,
                    "direction": "inbound",
                    "provider_id": provider.id,
                    "company_id": provider.company_id.id,
                    "message_type": event.message_type,
                    "body_text": event.body or (event.media[0].caption if event.media else ""),
                    "external_message_id": event.external_id,
                    "phone_number_id": event.recipient,
                    "message_timestamp": event.timestamp or fields.Datetime.now(),
                    "reply_to_message_id": quoted.get(event.reply_to_external_id, self).id,
                    "attachment_ids": provider._inbound_attachments(event),
                    "inbound_keyword": event.keyword,
                }
                for event in new
            ]
        )
        self.env["discuss.channel"]._cc_post_inbound_many(messages)
        messages._process_inbound()
        return messages

    @api.model
    def _cc_link_conversations(self):
        """Put messages stored without a conversation (databases from before
        conversations, demo data) into their conversations in Discuss, oldest
        first, with the agent who had them."""
        messages = self.sudo().search(
            [("conversation_id", "=", False), ("provider_id", "!=", False)],
            order="message_timestamp, id",
        )
        Channel = self.env["discuss.channel"]
        for message in messages:
            conversation = Channel._cc_conversation_for(message.contact_id, message.provider_id)
            agent = message.assigned_agent_id
            message.conversation_id = conversation
            if message.direction == "inbound":
                message.mail_message_id = conversation._cc_post_inbound(message)
            else:
                message.mail_message_id = conversation._cc_post_outbound(
                    message, author=agent.partner_id or None
                )
                conversation.cc_last_outbound_at = message.message_timestamp
            if agent:
                conversation._cc_assign(agent)

    def _process_inbound(self):
        """Run once per new inbound message, after it is stored: the automatic
        handlers answer in the order of `_inbound_handlers`, each acting only
        on `_unhandled_inbound()` and claiming what it answers."""
        for _sequence, handler in sorted(self._inbound_handlers()):
            # A handler that fails (a reply that does not render, a contact
            # field that refuses an answer) loses neither the message nor the
            # other handlers' work.
            try:
                with self.env.cr.savepoint():
                    getattr(self, handler)()
            except psycopg2.OperationalError:
                raise  # a concurrent update: the whole event is tried again
            except Exception:
                _logger.exception("Inbound handler %s failed on messages %s", handler, self.ids)

    @api.model
    def _inbound_handlers(self):
        """(sequence, method) of each automatic handler of inbound messages, in
        a fixed order whatever order the addons load in: opt-out keywords
        (10), then feature addons' own, such as campaign keywords (20) before
        automations and chatbots (30)."""
        return [(10, "_apply_consent_keywords")]

    def _unhandled_inbound(self):
        """The inbound messages no automatic handler has answered yet."""
        return self.filtered(lambda m: m.direction == "inbound" and not m.handled_by)

    def _apply_consent_keywords(self):
        """A message that is only an opt-out keyword (STOP, ARRET, BAJA…) opts
        its contact out of the channel, an opt-in keyword (START) back in, and
        the keyword's confirmation is sent. Any other message changes nothing:
        writing to us never opts a contact back in."""
        Keyword = self.env["contact.centre.consent.keyword"].sudo()
        replies = []
        for message in self._unhandled_inbound():
            keyword = Keyword._match(message.body_text, message.channel)
            if not keyword:
                continue
            message.handled_by = "consent_keyword"
            opted_out = keyword.action == "opt_out"
            message.contact_id.sudo().write(
                {
                    f"opt_out_{message.channel}": opted_out,
                    f"opt_in_{message.channel}": not opted_out,
                }
            )
            if keyword.reply:
                replies.append(
                    {
                        "contact_id": message.contact_id.id,
                        "channel": message.channel,
                        "provider_id": message.provider_id.id,
                        "company_id": message.company_id.id,
                        "body_text": keyword.reply,
                        "reply_to_message_id": message.id,
                        "consent_reply": True,
                        "message_timestamp": fields.Datetime.now(),
                    }
                )
        if replies:
            self.env["contact.centre.message"].sudo()._queue_outbound(
                replies, raise_if_refused=False
            )

    # Status updates

    @api.model
    def _apply_statuses(self, provider, updates):
        """Move messages forward only: queued < sent < delivered < read; a late
        or repeated report changes nothing; failed keeps its error."""
        Message = self.sudo().with_context(cc_status_notified_later=True)
        by_uuid = {
            m.uuid: m for m in Message.search([("uuid", "in", [u.uuid for u in updates if u.uuid])])
        }
        by_external_id = self._by_external_id(provider, [u.external_id for u in updates])
        missing = []
        moved = Message
        for update in updates:
            message = by_uuid.get(update.uuid) or by_external_id.get(update.external_id)
            if message:
                # Written in the cache, flushed as one UPDATE for the batch.
                before = message.status
                message.with_env(Message.env)._apply_status(update)
                if message.status != before:
                    moved |= message
            elif update.uuid:
                missing.append(update.uuid)
            else:
                # Not ours (sent from the provider's portal or another app on
                # the same account): the rest of the batch still applies.
                _logger.info("Status of a message not sent from Odoo: %s", update.external_id)
        moved._notify_status()
        if missing:
            raise MessageNotFoundYet(f"No message yet for {', '.join(missing)}")

    def _apply_status(self, update):
        self.ensure_one()
        status = next_status(self.status, update.status)
        if not status:
            return
        values = {
            "status": status,
            "status_timestamp": update.timestamp or fields.Datetime.now(),
        }
        if update.external_id and not self.external_message_id:
            values["external_message_id"] = update.external_id
        if status == "failed":
            values.update(
                failure_type=update.failure_type or "unknown",
                error_message=update.error_message,
                next_attempt_at=False,
            )
        self.write(values)
