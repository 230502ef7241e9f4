import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL, format_datetime
from odoo.tools.sql import create_index

from odoo.addons.mail.tools.discuss import Store

from ..const import (
    CHANNELS,
    DIRECTIONS,
    FAILURE_TYPES,
    MESSAGE_TYPES,
    STATUSES,
)
from ..tools import check_agent, selection_label, whatsapp_to_html

# Receipt ticks drawn in a bubble, as WhatsApp shows them.
STATUS_TICKS = {
    "queued": "🕓",
    "sent": "✓",
    "delivered": "✓✓",
    "read": "✓✓",
    "failed": "⚠",
}
PREVIEW_LENGTH = 80
CONVERSATION_LENGTH = 30


class ContactCentreMessage(models.Model):
    """One SMS or WhatsApp message, inbound or outbound.

    An outbound message is also the queue entry of its own sending: it keeps
    a uuid handed to the provider, its status and why it failed.
    """

    _name = "contact.centre.message"
    _description = "Contact Centre Message"
    _order = "message_timestamp desc, id desc"

    name = fields.Char(
        "Message ID", required=True, index=True, readonly=True, copy=False, default="/"
    )
    uuid = fields.Char(
        "UUID",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: uuid.uuid4().hex,
        help="Our identity of the message, handed to the provider so that its "
        "delivery reports find the message back.",
    )
    contact_id = fields.Many2one("res.partner", required=True, index=True, ondelete="restrict")
    contact_whatsapp_number = fields.Char(related="contact_id.whatsapp_number")
    contact_sms_number = fields.Char(related="contact_id.sms_number")
    contact_tag_ids = fields.Many2many(related="contact_id.contact_centre_tag_ids")
    # Not indexed: two or three values, which an index would not narrow down,
    # while every write of a message (a campaign's, three a message) would
    # pay for it. The queries that need them have indexes of their own.
    channel = fields.Selection(CHANNELS, required=True)
    direction = fields.Selection(DIRECTIONS, required=True)
    provider_id = fields.Many2one(
        "contact.centre.provider", "Provider Account", index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )

    # Content
    message_type = fields.Selection(MESSAGE_TYPES, required=True, default="text")
    body_text = fields.Text("Message Body")
    # Provider-neutral choices for an interactive message; each provider addon
    # renders them its own way, and body_text (the text with numbered options)
    # stays the readable fallback:
    # {"kind": "buttons" | "list", "text": "the question, without the options",
    #  "button": "list button label", "options": [{"id": "...", "title": "..."}, ...]}
    interactive_payload = fields.Json(
        "Interactive Content",
        copy=False,
        help="Reply buttons or a list to choose from, for channels that show them.",
    )
    body_html = fields.Html("Formatted Body", compute="_compute_body_html")
    preview_html = fields.Html("Preview", compute="_compute_preview_html")
    preview = fields.Char("Preview Text", compute="_compute_preview")

    # Status and tracking
    status = fields.Selection(STATUSES, required=True, index=True, default="queued")
    status_timestamp = fields.Datetime("Status Time", readonly=True)
    error_message = fields.Text("Error", readonly=True)
    failure_type = fields.Selection(FAILURE_TYPES, readonly=True)
    # Looked up with its account, by the unique index on both.
    external_message_id = fields.Char(
        "External Message ID",
        copy=False,
        help="The message's identity at the provider.",
    )
    phone_number_id = fields.Char(
        "Phone Number ID", help="The provider's identity of our sending number."
    )
    template_id = fields.Many2one(
        "contact.centre.template", index="btree_not_null", ondelete="set null"
    )
    assigned_agent_id = fields.Many2one("res.users", index="btree_not_null", ondelete="set null")

    # Media
    attachment_ids = fields.Many2many(
        "ir.attachment",
        "contact_centre_message_ir_attachment_rel",
        "message_id",
        "attachment_id",
        string="Attachments",
    )
    media_url = fields.Char("Media URL")
    media_type = fields.Char()

    # Threading
    parent_message_id = fields.Many2one(
        "contact.centre.message", index="btree_not_null", ondelete="set null"
    )
    reply_to_message_id = fields.Many2one(
        "contact.centre.message", "Reply To", index="btree_not_null", ondelete="set null"
    )
    thread_id = fields.Char("Thread ID", index="btree_not_null")
    message_timestamp = fields.Datetime(
        "Message Time", required=True, index=True, default=fields.Datetime.now
    )
    conversation_html = fields.Html("Conversation Preview", compute="_compute_conversation_html")

    # Conversation
    conversation_id = fields.Many2one(
        "discuss.channel", index="btree_not_null", ondelete="set null", readonly=True
    )
    mail_message_id = fields.Many2one(
        "mail.message",
        "Discuss Message",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The message as it shows in the conversation in Discuss.",
    )
    time_since = fields.Char(compute="_compute_time_since")

    _sql_constraints = [
        ("uuid_unique", "unique(uuid)", "Two messages cannot share a UUID."),
        (
            "external_message_id_unique",
            "unique(provider_id, external_message_id)",
            "This provider account already has a message with this external ID.",
        ),
    ]

    def init(self):
        # The constraint above lets equal external IDs through when there is no
        # provider account (NULLs are distinct): this index closes the gap.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS %s ON %s (external_message_id) "
                "WHERE provider_id IS NULL",
                SQL.identifier(f"{self._table}_external_message_id_no_provider_unique"),
                SQL.identifier(self._table),
            )
        )
        # A conversation's messages in their order: its last message (the
        # inbox's cards) is one probe, however long the conversation.
        create_index(
            self.env.cr,
            f"{self._table}_conversation_order_index",
            self._table,
            ["conversation_id", "message_timestamp DESC", "id DESC"],
            where="conversation_id IS NOT NULL",
        )

    @api.model_create_multi
    def create(self, vals_list):
        # A new message belongs to its conversation's agent.
        conversations = (
            self.env["discuss.channel"]
            .sudo()
            .browse({vals["conversation_id"] for vals in vals_list if vals.get("conversation_id")})
        )
        agents = {conversation.id: conversation.cc_agent_id.id for conversation in conversations}
        # Looked up once, not once per message: campaigns create thousands at once.
        sequence = (
            self.env["ir.sequence"]
            .sudo()
            .search(
                [
                    ("code", "=", "contact.centre.message"),
                    ("company_id", "in", [self.env.company.id, False]),
                ],
                order="company_id",
                limit=1,
            )
        )
        unnamed = [vals for vals in vals_list if vals.get("name", "/") == "/"]
        for vals, name in zip(unnamed, self._next_names(sequence, len(unnamed)), strict=True):
            vals["name"] = name
        for vals in vals_list:
            if "assigned_agent_id" not in vals and vals.get("conversation_id"):
                vals["assigned_agent_id"] = agents[vals["conversation_id"]]
            if "status" not in vals and vals.get("direction") == "inbound":
                vals["status"] = "received"
            vals.setdefault("status_timestamp", fields.Datetime.now())
        return super().create(vals_list)

    @api.model
    def _next_names(self, sequence, count):
        """`count` names from the messages' sequence: a standard one (a
        PostgreSQL sequence) gives them all in one query."""
        if not count:
            return []
        if sequence.implementation != "standard" or sequence.use_date_range:
            return [sequence._next() for _ in range(count)]
        numbers = self.env.execute_query(
            SQL(
                "SELECT nextval(%s) FROM generate_series(1, %s)",
                f"ir_sequence_{sequence.id:03d}",
                count,
            )
        )
        prefix, suffix = sequence._get_prefix_suffix()
        return [f"{prefix}{number:0{sequence.padding}d}{suffix}" for (number,) in sorted(numbers)]

    def write(self, vals):
        if "status" in vals and "status_timestamp" not in vals:
            vals = dict(vals, status_timestamp=fields.Datetime.now())
        result = super().write(vals)
        if "status" in vals and not self.env.context.get("cc_status_notified_later"):
            self._notify_status()
        return result

    def _notify_status(self):
        """Agents watching the conversation in Discuss see the new status:
        one notification per conversation."""
        shown = self.sudo().filtered(
            lambda m: m.mail_message_id and m.conversation_id and m.direction == "outbound"
        )
        for conversation, messages in shown.grouped("conversation_id").items():
            store = Store()
            for message in messages:
                store.add(
                    message.mail_message_id, message.mail_message_id._cc_status_values(message)
                )
            conversation._bus_send_store(store)

    @api.constrains("provider_id", "channel")
    def _check_provider_channel(self):
        # Checked once per account and channel: a campaign creates thousands.
        pairs = {}
        for message in self:
            pairs.setdefault((message.provider_id, message.channel), message)
        for (provider, channel), message in pairs.items():
            if provider and provider.channel != channel:
                raise ValidationError(
                    self.env._(
                        "Message %(message)s is a %(channel)s message but provider account "
                        "%(provider)s works on %(provider_channel)s.",
                        message=message.name,
                        channel=selection_label(message, "channel"),
                        provider=message.provider_id.name,
                        provider_channel=selection_label(message.provider_id, "channel"),
                    )
                )

    # Rendering

    @api.depends("body_text")
    def _compute_body_html(self):
        for message in self:
            message.body_html = whatsapp_to_html(message.body_text)

    @api.depends("body_text", "message_type")
    def _compute_preview(self):
        for message in self:
            text = " ".join((message.body_text or "").split())
            if not text and message.message_type != "text":
                text = f"[{selection_label(message, 'message_type')}]"
            if len(text) > PREVIEW_LENGTH:
                text = text[: PREVIEW_LENGTH - 1] + "…"
            message.preview = text

    @api.depends(
        "body_text", "direction", "channel", "status", "message_timestamp", "attachment_ids"
    )
    def _compute_preview_html(self):
        for message in self:
            message.preview_html = message._bubble()

    def _bubble(self, current=False):
        self.ensure_one()
        return self._bubble_html(
            self.body_text,
            self.direction,
            self.channel,
            status=self.status,
            timestamp=self.message_timestamp,
            attachments=self.attachment_ids,
            current=current,
        )

    @api.model
    def _bubble_html(
        self, text, direction, channel, status=None, timestamp=None, attachments=None, current=False
    ):
        """A message drawn as a chat bubble; any HTML in the text is escaped."""
        meta = Markup("")
        if timestamp:
            meta += format_datetime(self.env, timestamp, dt_format="short")
        if direction == "outbound" and status in STATUS_TICKS:
            meta += Markup(' <span class="o_cc_ticks o_cc_ticks_%s">%s</span>') % (
                status,
                STATUS_TICKS[status],
            )
        files = Markup("").join(
            Markup('<div class="o_cc_bubble_file">📎 %s</div>') % attachment.name
            for attachment in attachments or ()
        )
        classes = f"o_cc_bubble o_cc_bubble_{direction or 'outbound'} o_cc_bubble_{channel}"
        if current:
            classes += " o_cc_bubble_current"
        return Markup(
            '<div class="o_cc_bubble_row o_cc_bubble_row_%s"><div class="%s">'
            '%s<div class="o_cc_bubble_text">%s</div><div class="o_cc_bubble_meta">%s</div>'
            "</div></div>"
        ) % (direction or "outbound", classes, files, whatsapp_to_html(text), meta)

    def _compute_conversation_html(self):
        for message in self:
            if not message.contact_id:
                message.conversation_html = False
                continue
            thread = self.search(
                [
                    ("contact_id", "=", message.contact_id.id),
                    ("channel", "=", message.channel),
                ],
                limit=CONVERSATION_LENGTH,
            )
            message.conversation_html = Markup('<div class="o_cc_conversation">%s</div>') % (
                Markup("").join(
                    other._bubble(current=other == message) for other in reversed(thread)
                )
            )

    @api.depends("message_timestamp")
    def _compute_time_since(self):
        now = fields.Datetime.now()
        for message in self:
            if not message.message_timestamp:
                message.time_since = False
                continue
            minutes = max(0, int((now - message.message_timestamp).total_seconds() // 60))
            if minutes < 60:
                message.time_since = self.env._("%(count)s min", count=minutes)
            elif minutes < 24 * 60:
                message.time_since = self.env._("%(count)s h", count=minutes // 60)
            else:
                message.time_since = self.env._("%(count)s d", count=minutes // (24 * 60))

    # Actions

    @api.model
    def _count_by(self, fname, records):
        """{record: its number of messages} for records linked to messages by fname."""
        return dict(self._read_group([(fname, "in", records.ids)], [fname], ["__count"]))

    def _conversation_domain(self):
        """Messages of the same conversations (contact and channel) as self."""
        return expression.OR(
            [("contact_id", "=", contact.id), ("channel", "=", channel)]
            for contact, channel in {(m.contact_id, m.channel) for m in self}
        )

    # Users and agents may not write messages: these actions check what they
    # may do, then write as the system.

    def action_assign_to_me(self):
        """Take the conversations of these messages: every message of them the
        user can see (an agent: the unassigned ones; a manager: all)."""
        check_agent(self.env, self.env._("Only agents can take conversations."))
        self.check_access("read")
        self.search(self._conversation_domain()).sudo().write({"assigned_agent_id": self.env.uid})
        self.conversation_id.check_access("read")
        self.conversation_id.sudo()._cc_assign(self.env.user)

    def action_reply(self):
        """Answer in the conversation, in Discuss."""
        self.ensure_one()
        if not self.conversation_id:
            return self.contact_id._contact_centre_composer_action(self.channel)
        return self.conversation_id.action_cc_open_discuss()

    def action_forward(self):
        """Send this message's text to other contacts."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_composer_action"
        )
        action["context"] = {
            "default_channel": self.channel,
            "default_body": self.body_text,
            "default_partner_ids": [],
        }
        return action

    def action_mark_read(self):
        self.check_access("read")
        self.sudo().filtered(lambda m: m.status == "received").write({"status": "read"})
