import dataclasses
import json
import logging
from collections import defaultdict

from odoo import api, fields, models

from ..const import WINDOW_CLOSED_CODE
from ..tools import (
    MetaAccountError,
    MetaInbound,
    MetaReaction,
    MetaStatus,
    MetaTemplateUpdate,
    chosen_option_id,
)
from ..tools.meta_events import utc

_logger = logging.getLogger(__name__)


class ContactCentreMessage(models.Model):
    """What a WhatsApp message is at Meta: the request that sends it, and the
    conversation and pricing Meta reports for it."""

    _inherit = "contact.centre.message"

    meta_error_code = fields.Integer(readonly=True)
    meta_conversation_id = fields.Char(readonly=True)
    meta_conversation_origin = fields.Char(
        "Conversation Category",
        readonly=True,
        help="Why Meta opened the conversation this message belongs to: service, "
        "utility, marketing, authentication, referral.",
    )
    meta_conversation_expires_at = fields.Datetime("Conversation Expires", readonly=True)
    meta_pricing_model = fields.Char("Pricing Model", readonly=True)
    meta_pricing_category = fields.Char("Pricing Category", readonly=True)
    meta_billable = fields.Boolean("Billable", readonly=True)
    meta_payload = fields.Json(
        "Meta Data",
        readonly=True,
        help="The message as Meta sent it, kept whole for what Odoo does not show.",
    )
    meta_payload_text = fields.Text("Meta Data (JSON)", compute="_compute_meta_payload_text")
    message_type = fields.Selection(
        selection_add=[
            ("sticker", "Sticker"),
            ("contacts", "Contacts"),
            ("reaction", "Reaction"),
            ("order", "Order"),
            ("system", "System"),
            ("unsupported", "Unsupported"),
        ],
        ondelete=dict.fromkeys(
            ("sticker", "contacts", "reaction", "order", "system", "unsupported"), "set default"
        ),
    )

    @api.depends("meta_payload")
    def _compute_meta_payload_text(self):
        for message in self:
            message.meta_payload_text = (
                json.dumps(message.meta_payload, indent=2, ensure_ascii=False)
                if message.meta_payload
                else False
            )

    def _meta_close_window(self):
        """Meta says the customer's 24-hour window is closed (131047): the
        conversation shows it, and offers templates."""
        conversation = self.sudo().conversation_id
        if conversation.cc_window_end and conversation.cc_window_end > fields.Datetime.now():
            conversation.cc_window_end = fields.Datetime.now()
            conversation._bus_send_store(
                conversation,
                {"cc_window_end": fields.Datetime.to_string(conversation.cc_window_end)},
            )

    # Applying Meta's webhook events

    @api.model
    def _apply_provider_events(self, provider, events):
        """A Meta webhook may carry events of every number of the app: each
        number's events go to its own account."""
        if provider.code != "meta":
            return super()._apply_provider_events(provider, events)
        for account, account_events in self._meta_route(provider, events).items():
            # A customer Meta names by user id is looked up by it, one by one.
            by_user_id = [e for e in account_events if getattr(e, "user_id", None)]
            super()._apply_provider_events(
                account, [e for e in account_events if e not in by_user_id]
            )
            for event in by_user_id:
                contextual = self.with_context(meta_user_id=event.user_id)
                super(ContactCentreMessage, contextual)._apply_provider_events(account, [event])
            self._meta_apply_template_updates(
                account,
                [event for event in account_events if isinstance(event, MetaTemplateUpdate)],
            )
            self._meta_apply_reactions(
                account, [event for event in account_events if isinstance(event, MetaReaction)]
            )
            self._meta_apply_statuses(
                account, [event for event in account_events if isinstance(event, MetaStatus)]
            )
            self._meta_apply_inbound(
                account, [event for event in account_events if isinstance(event, MetaInbound)]
            )
            account._meta_account_errors(
                [event for event in account_events if isinstance(event, MetaAccountError)]
            )
        return None

    @api.model
    def _meta_route(self, provider, events):
        """{account: its events}, by the phone number id each event names;
        events that name none (template updates, some errors) stay with provider."""
        numbers = {_number_of(event) for event in events} - {None}
        accounts = provider._meta_accounts_by_number(numbers)
        unknown = numbers - set(accounts)
        if unknown:
            # Another number of the same Meta app, not set up in Odoo: its
            # events are left aside (the stored webhook keeps them), and the
            # numbers we have in the same delivery still apply.
            _logger.info(
                "WhatsApp events for phone number ids without an account left aside: %s",
                ", ".join(sorted(unknown)),
            )
        routed = defaultdict(list)
        for event in events:
            number = _number_of(event)
            if number in unknown:
                continue
            routed[accounts.get(number, provider)].append(event)
        return routed

    def _meta_apply_template_updates(self, account, updates):
        """Meta reviewed, paused or re-rated a template: a template Odoo does
        not have yet is fetched whole."""
        Template = self.env["contact.centre.template"].sudo().with_context(active_test=False)
        for update in updates:
            template = Template.search(
                [
                    ("meta_provider_id", "=", account.id),
                    ("meta_template_id", "=", update.template_id),
                ]
            )
            if not template:
                created, _updated = account._meta_fetch_template(update.template_id)
                template = created
            template._meta_apply_update(update)

    def _meta_apply_reactions(self, account, reactions):
        """A customer's emoji shows on the message it reacts to, in Discuss;
        a new one replaces theirs, an empty one removes it."""
        targets = self._by_external_id(account, [r.message_external_id for r in reactions])
        Reaction = self.env["mail.message.reaction"].sudo()
        no_guest = self.env["mail.guest"]
        for reaction in reactions:
            message = targets.get(reaction.message_external_id)
            if not message or not message.mail_message_id:
                continue
            partner = message.contact_id
            mail_message = message.sudo().mail_message_id
            theirs = Reaction.search(
                [("message_id", "=", mail_message.id), ("partner_id", "=", partner.id)]
            )
            for old in theirs.filtered(lambda r, emoji=reaction.emoji: r.content != emoji):
                mail_message._message_reaction(old.content, "remove", partner, no_guest)
            if reaction.emoji:
                mail_message._message_reaction(reaction.emoji, "add", partner, no_guest)

    @api.model
    def _apply_inbound(self, provider, events):
        if provider.code == "meta":
            events = self._meta_with_whole_choices(provider, events)
        return super()._apply_inbound(provider, events)

    @api.model
    def _meta_with_whole_choices(self, provider, events):
        """A tapped reply button or list row reads as the whole title of the
        option offered (WhatsApp shows it shortened to Meta's limit): what the
        agent reads, and what the automation that asked recognises."""
        questions = self._by_external_id(provider, [event.reply_to_external_id for event in events])
        whole = []
        for event in events:
            chosen = chosen_option_id(getattr(event, "raw", None) or {})
            question = questions.get(event.reply_to_external_id)
            offered = (question.interactive_payload or {}).get("options") if question else None
            title = next((o["title"] for o in offered or () if chosen and o["id"] == chosen), None)
            whole.append(dataclasses.replace(event, body=title) if title else event)
        return whole

    def _meta_apply_inbound(self, account, events):
        """Keep Meta's whole message on each new inbound message."""
        messages = self._by_external_id(account, [event.external_id for event in events])
        for event in events:
            message = messages.get(event.external_id)
            if message and not message.meta_payload:
                message.meta_payload = event.raw

    def _meta_apply_statuses(self, account, statuses):
        """Keep Meta's conversation and pricing on the messages; a failure
        for a closed window closes the conversation's window."""
        messages = self._by_external_id(account, [status.external_id for status in statuses])
        for status in statuses:
            message = messages.get(status.external_id)
            if not message:
                continue
            values = {}
            conversation = status.conversation or {}
            if conversation:
                values.update(
                    meta_conversation_id=conversation.get("id"),
                    meta_conversation_origin=(conversation.get("origin") or {}).get("type"),
                )
                if conversation.get("expiration_timestamp"):
                    values["meta_conversation_expires_at"] = utc(
                        conversation["expiration_timestamp"]
                    )
            pricing = status.pricing or {}
            if pricing:
                values.update(
                    meta_pricing_model=pricing.get("pricing_model"),
                    meta_pricing_category=pricing.get("category"),
                    meta_billable=bool(pricing.get("billable", True)),
                )
            if status.error_code and message.status == "failed":
                values["meta_error_code"] = status.error_code
            if values:
                message.write(values)
            if status.error_code == WINDOW_CLOSED_CODE:
                message._meta_close_window()


def _number_of(event):
    """The phone number id of our number that an event concerns."""
    return getattr(event, "phone_number_id", None) or getattr(event, "recipient", None)
