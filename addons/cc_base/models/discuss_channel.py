from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL, html2plaintext

from odoo.addons.mail.tools.discuss import Store

from ..const import CHANNELS, SERVICE_WINDOW_HOURS
from ..tools import check_agent, split_store

CONVERSATION_STATES = [
    ("new", "New"),
    ("open", "Open"),
    ("pending", "Pending"),
    ("resolved", "Resolved"),
]
INBOX_COLUMNS = [
    ("unassigned", "Unassigned"),
    ("mine", "Assigned to me"),
    ("others", "Assigned to others"),
]


class DiscussChannel(models.Model):
    """A conversation: one contact on one channel through one provider account,
    as a Discuss channel of its own type, so that agents answer customers in
    Discuss. Inbound messages are posted as the contact; an agent's post is
    sent through the provider."""

    _inherit = "discuss.channel"

    channel_type = fields.Selection(
        selection_add=[("contact_centre", "Contact Centre Conversation")],
        ondelete={"contact_centre": "cascade"},
    )
    # Discuss's access rule for employees reads a sub-channel's parent: as a
    # subquery, which PostgreSQL runs only for a sub-channel, rather than as
    # a join of every conversation to its parent, which has it hash the whole
    # table for the inbox's counts.
    parent_channel_id = fields.Many2one(auto_join=False)
    cc_contact_id = fields.Many2one("res.partner", "Contact", index="btree_not_null")
    cc_provider_id = fields.Many2one(
        "contact.centre.provider", "Provider Account", index="btree_not_null", ondelete="restrict"
    )
    cc_channel = fields.Selection(CHANNELS, "Messaging Channel")
    cc_state = fields.Selection(CONVERSATION_STATES, "Conversation State", default="new")
    cc_agent_id = fields.Many2one("res.users", "Agent", index="btree_not_null")
    cc_last_inbound_at = fields.Datetime("Last Customer Message")
    cc_last_outbound_at = fields.Datetime("Last Reply")
    cc_window_end = fields.Datetime(
        "Window Closes",
        compute="_compute_cc_window_end",
        store=True,
        help="Until then free text may be sent; afterwards only approved templates.",
    )
    cc_unread_count = fields.Integer("Unread", compute="_compute_cc_unread_count")
    cc_message_ids = fields.One2many(
        "contact.centre.message", "conversation_id", "Contact Centre Messages"
    )
    # Stored, so that the inbox's cards do not read each conversation's
    # messages to show its last one.
    cc_last_message_id = fields.Many2one(
        "contact.centre.message",
        "Last Message",
        compute="_compute_cc_last_message_id",
        store=True,
        index="btree_not_null",
    )
    cc_last_message_preview = fields.Char("Last Message Text", related="cc_last_message_id.preview")
    cc_inbox_column = fields.Selection(
        INBOX_COLUMNS,
        "Inbox",
        compute="_compute_cc_inbox_column",
        search="_search_cc_inbox_column",
        group_expand=True,
    )

    def init(self):
        # One conversation per contact and provider account.
        self.env.cr.execute(
            SQL(
                "CREATE UNIQUE INDEX IF NOT EXISTS discuss_channel_cc_conversation_unique "
                "ON %s (cc_contact_id, cc_provider_id) WHERE channel_type = 'contact_centre'",
                SQL.identifier(self._table),
            )
        )
        # The inbox: conversations not resolved, by agent, in their order. Its
        # condition is the inbox's default filter as the ORM writes it. It
        # holds every column that the inbox's queries read (Discuss's access
        # rule for employees and ours, the cards' fields), so that they are
        # answered from it alone: the table's other conversations, resolved,
        # are not read, and the unassigned ones, spread over the table, not
        # fetched one page each.
        self.env.cr.execute(
            SQL(
                "DROP INDEX IF EXISTS %(old)s; "
                "CREATE INDEX IF NOT EXISTS %(index)s ON %(table)s (cc_agent_id, id) "
                "INCLUDE (active, channel_type, parent_channel_id, group_public_id, "
                "cc_provider_id, cc_state, cc_contact_id, cc_channel, cc_last_message_id) "
                "WHERE channel_type = 'contact_centre' "
                "AND (cc_state != 'resolved' OR cc_state IS NULL)",
                # Its first version, without the included columns.
                old=SQL.identifier(f"{self._table}_cc_unresolved_index"),
                index=SQL.identifier(f"{self._table}_cc_inbox_index"),
                table=SQL.identifier(self._table),
            )
        )

    @api.depends("cc_last_inbound_at", "cc_channel")
    def _compute_cc_window_end(self):
        for channel in self:
            hours = SERVICE_WINDOW_HOURS.get(channel.cc_channel)
            channel.cc_window_end = (
                channel.cc_last_inbound_at + timedelta(hours=hours)
                if hours and channel.cc_last_inbound_at
                else False
            )

    def _compute_cc_unread_count(self):
        counts = dict(
            self.env["contact.centre.message"]
            .sudo()
            ._read_group(
                [("conversation_id", "in", self.ids), ("status", "=", "received")],
                ["conversation_id"],
                ["__count"],
            )
        )
        for channel in self:
            channel.cc_unread_count = counts.get(channel, 0)

    @api.depends("cc_message_ids.message_timestamp")
    def _compute_cc_last_message_id(self):
        """The first of each conversation's messages in their order (the
        latest), one index probe a conversation however long it is."""
        Message = self.env["contact.centre.message"]
        Message.flush_model(["conversation_id", "message_timestamp"])
        conversations = self.filtered("id")
        rows = (
            self.env.execute_query(
                SQL(
                    "SELECT conversation.id, last.id FROM unnest(%(ids)s) AS conversation(id) "
                    "CROSS JOIN LATERAL (SELECT id FROM %(table)s "
                    "WHERE conversation_id = conversation.id "
                    "ORDER BY message_timestamp DESC, id DESC LIMIT 1) AS last",
                    ids=conversations.ids,
                    table=SQL.identifier(Message._table),
                )
            )
            if conversations
            else []
        )
        last = dict(rows)
        for channel in self:
            channel.cc_last_message_id = last.get(channel.id, False)

    @api.depends("cc_agent_id")
    @api.depends_context("uid")
    def _compute_cc_inbox_column(self):
        for channel in self:
            if not channel.cc_agent_id:
                channel.cc_inbox_column = "unassigned"
            elif channel.cc_agent_id == self.env.user:
                channel.cc_inbox_column = "mine"
            else:
                channel.cc_inbox_column = "others"

    def _search_cc_inbox_column(self, operator, value):
        if operator not in ("=", "!=", "in", "not in"):
            raise UserError(self.env._("The inbox column can only be compared with =, !=, in."))
        uid = self.env.uid
        domains = {
            "unassigned": [("cc_agent_id", "=", False)],
            "mine": [("cc_agent_id", "=", uid)],
            "others": [("cc_agent_id", "not in", [False, uid])],
        }
        columns = [value] if isinstance(value, str) else list(value or ())
        domain = expression.OR([domains[column] for column in columns if column in domains])
        return domain if operator in ("=", "in") else ["!", *domain]

    def _field_to_sql(self, alias, fname, query=None, flush=True):
        # The inbox column depends on who looks: computed in SQL so that the
        # kanban can group by it.
        if fname != "cc_inbox_column":
            return super()._field_to_sql(alias, fname, query, flush)
        agent = super()._field_to_sql(alias, "cc_agent_id", query, flush)
        return SQL(
            "CASE WHEN %(agent)s IS NULL THEN 'unassigned' "
            "WHEN %(agent)s = %(uid)s THEN 'mine' ELSE 'others' END",
            agent=agent,
            uid=self.env.uid,
        )

    # Finding and opening conversations

    @api.model
    def _cc_conversation_for(self, contact, provider):
        """The conversation of contact with provider's account, created (and
        assigned by the account's rule) when there is none yet."""
        return self._cc_conversations_for(contact, provider)[contact]

    @api.model
    def _cc_conversations_for(self, contacts, provider):
        """{contact: conversation} with provider's account, found in one
        search; those missing are created together, then assigned by the
        account's rule one by one (round robin takes turns)."""
        Channel = self.sudo()
        conversations = {
            conversation.cc_contact_id: conversation
            for conversation in Channel.search(
                [
                    ("channel_type", "=", "contact_centre"),
                    ("cc_contact_id", "in", contacts.ids),
                    ("cc_provider_id", "=", provider.id),
                ]
            )
        }
        missing = contacts.filtered(lambda contact: contact not in conversations)
        if not missing:
            return conversations
        created = Channel.with_context(mail_create_nolog=True).create(
            [
                {
                    "name": f"{contact.name} ({provider.name})",
                    "channel_type": "contact_centre",
                    "cc_contact_id": contact.id,
                    "cc_provider_id": provider.id,
                    "cc_channel": provider.channel,
                    "channel_partner_ids": [fields.Command.link(contact.id)],
                }
                for contact in missing
            ]
        )
        # create() adds whoever runs it (e.g. the cron's OdooBot): only the
        # contact and the assigned agent belong here.
        created.channel_member_ids.filtered(
            lambda m: m.partner_id != m.channel_id.cc_contact_id
        ).sudo().unlink()
        for conversation in created:
            conversations[conversation.cc_contact_id] = conversation
            agent = provider._cc_next_agent()
            if agent:
                conversation._cc_assign(agent)
        return conversations

    def _cc_assign(self, agent):
        """Give the conversations to agent (a res.users, or none to release
        them): the agent joins the Discuss channel, the previous one leaves."""
        for conversation in self:
            previous = conversation.cc_agent_id
            if previous == agent:
                continue
            if previous:
                conversation.channel_member_ids.filtered(
                    lambda m, p=previous: m.partner_id == p.partner_id
                ).sudo().unlink()
            values = {"cc_agent_id": agent.id}
            if agent and conversation.cc_state == "new":
                values["cc_state"] = "open"
            conversation.sudo().write(values)
            conversation.sudo().cc_message_ids.write({"assigned_agent_id": agent.id})
            if agent:
                conversation.sudo()._add_members(users=agent, post_joined_message=False)

    def _cc_check_agent(self):
        check_agent(self.env, self.env._("Only contact centre agents can do this."))
        self.check_access("read")

    def action_cc_assign_to_me(self):
        self._cc_check_agent()
        self._cc_assign(self.env.user)

    def action_cc_resolve(self):
        self._cc_check_agent()
        self.sudo().write({"cc_state": "resolved"})

    def action_cc_reopen(self):
        self._cc_check_agent()
        self.sudo().filtered(lambda c: c.cc_state == "resolved").write({"cc_state": "open"})

    def action_cc_mark_read(self):
        self._cc_check_agent()
        self.sudo()._cc_mark_read()

    def _cc_mark_read(self):
        """The customer's unread messages are read: marked so, and the
        provider is told (WhatsApp's blue ticks) where it can be."""
        Message = self.env["contact.centre.message"]
        for conversation in self:
            # Searched, not read from cc_message_ids: this runs each time an
            # agent sees the conversation, however long it is.
            unread = Message.search(
                [("conversation_id", "=", conversation.id), ("status", "=", "received")]
            )
            if unread:
                unread.write({"status": "read"})
                conversation.cc_provider_id._mark_read(unread)

    def action_cc_open_discuss(self):
        """Reply: the conversation in Discuss."""
        self.ensure_one()
        self._cc_check_agent()
        if not self.cc_agent_id:
            self._cc_assign(self.env.user)
        return {
            "type": "ir.actions.client",
            "tag": "mail.action_discuss",
            "params": {"active_id": f"discuss.channel_{self.id}"},
        }

    # Posting

    def _cc_post_inbound(self, message):
        """Show an inbound contact centre message in the conversation, as the
        contact wrote it; a resolved conversation opens again."""
        self.ensure_one()
        return self._cc_post_inbound_many(message)

    @api.model
    def _cc_post_inbound_many(self, messages):
        """Show inbound contact centre messages in their conversations as
        their contacts wrote them: the Discuss messages in one create, then
        what message_post would tell the browsers of each (the new message,
        the conversation pinned) and web pushes to its members; resolved and
        pending conversations open again. Returns the Discuss messages, in
        the order of messages."""
        comment = self.env["ir.model.data"]._xmlid_to_res_id("mail.mt_comment")
        # As message_post has it, for all conversations at once.
        reply_to = messages.conversation_id.sudo()._notify_get_reply_to()
        posts = (
            self.env["mail.message"]
            .sudo()
            .create(
                [
                    {
                        "model": self._name,
                        "res_id": message.conversation_id.id,
                        "record_name": message.conversation_id.name,
                        "author_id": message.contact_id.id,
                        "email_from": message.contact_id.email_formatted,
                        "body": message.body_html,
                        "message_type": "comment",
                        "subtype_id": comment,
                        "reply_to": reply_to[message.conversation_id.id],
                        "attachment_ids": [
                            fields.Command.link(attachment)
                            for attachment in message.attachment_ids.ids
                        ],
                    }
                    for message in messages
                ]
            )
        )
        for message, post in zip(messages, posts, strict=True):
            message.mail_message_id = post
        now = fields.Datetime.now()
        data = split_store(Store(posts).get_result(), "mail.message")
        pushed = self._cc_members_with_push(messages.conversation_id)
        for conversation, mine in messages.grouped("conversation_id").items():
            last = max(mine.mapped("message_timestamp"))
            values = {
                "last_interest_dt": now,
                "cc_last_inbound_at": max(last, conversation.cc_last_inbound_at or last),
            }
            if conversation.cc_state in ("resolved", "pending"):
                values["cc_state"] = "open"
            conversation = conversation.sudo()
            conversation.write(values)
            # What message_post's _notify_thread sends: the conversation is
            # pinned, an open thread shows each message and counts it unread.
            conversation._bus_send_store(conversation, {"is_pinned": True}, subchannel="members")
            for post in mine.mail_message_id:
                conversation._bus_send(
                    "discuss.channel/new_message", {"data": data[post.id], "id": conversation.id}
                )
                if conversation in pushed:
                    conversation._notify_thread_by_web_push(
                        post, conversation._notify_get_recipients(post, {})
                    )
            if not conversation.cc_agent_id:
                for message in mine:
                    conversation._cc_notify_agents(message)
            # An agent with the conversation open sees the window reopen.
            conversation._bus_send_store(
                conversation,
                {"cc_window_end": fields.Datetime.to_string(conversation.cc_window_end)},
            )
        return posts

    @api.model
    def _cc_members_with_push(self, conversations):
        """Those of conversations whose members (other than the contact) have
        a browser that takes web push notifications."""
        devices = (
            self.env["mail.push.device"]
            .sudo()
            .search(
                [
                    ("partner_id", "in", conversations.channel_member_ids.partner_id.ids),
                    ("partner_id", "not in", conversations.cc_contact_id.ids),
                ]
            )
        )
        return conversations.filtered(
            lambda c: c.channel_member_ids.partner_id & devices.partner_id
        )

    def _cc_post_outbound(self, message, author=None):
        """Show an outbound message queued elsewhere (an automatic reply, the
        composer) in the conversation, without sending it again."""
        self.ensure_one()
        return (
            self.sudo()
            .with_context(cc_no_send=True)
            .message_post(
                author_id=(author or self.env.user.partner_id).id,
                body=message.body_html,
                message_type="comment",
                subtype_xmlid="mail.mt_comment",
                attachment_ids=message.attachment_ids.ids,
            )
        )

    def _cc_notify_agents(self, message):
        """Nobody has this conversation yet: its account's agents are told
        that the customer wrote."""
        self.cc_provider_id._cc_agents()._bus_send(
            "simple_notification",
            {
                "type": "info",
                "title": self.env._("%(contact)s wrote", contact=self.cc_contact_id.name),
                "message": message.preview,
                "sticky": False,
            },
        )

    def _message_post_after_hook(self, message, msg_vals):
        """An agent posting in a conversation sends it to the customer."""
        if (
            self.channel_type == "contact_centre"
            and not self.env.context.get("cc_no_send")
            and message.message_type == "comment"
            and message.author_id != self.cc_contact_id
        ):
            self._cc_send_post(message)
        return super()._message_post_after_hook(message, msg_vals)

    def _cc_send_post(self, message):
        text = html2plaintext(message.body or "").strip()
        if not text and not message.attachment_ids:
            return
        self.env["contact.centre.message"].sudo()._queue_outbound(
            [
                {
                    "contact_id": self.cc_contact_id.id,
                    "channel": self.cc_channel,
                    "provider_id": self.cc_provider_id.id,
                    "company_id": self.cc_provider_id.company_id.id,
                    "conversation_id": self.id,
                    "mail_message_id": message.id,
                    "body_text": text,
                    "attachment_ids": [fields.Command.set(message.attachment_ids.ids)],
                    "message_type": "document" if message.attachment_ids and not text else "text",
                }
            ],
            send_now=True,
        )
        self.sudo().write({"cc_last_outbound_at": fields.Datetime.now(), "cc_state": "pending"})

    def _to_store(self, store):  # pylint: disable=missing-return
        super()._to_store(store)
        for channel in self.filtered(lambda c: c.channel_type == "contact_centre"):
            store.add(
                channel,
                {
                    "cc_window_end": fields.Datetime.to_string(channel.cc_window_end),
                    "cc_state": channel.cc_state,
                    "cc_channel": channel.cc_channel,
                    "cc_contact_id": channel.cc_contact_id.id,
                    "cc_provider_id": channel.cc_provider_id.id,
                },
            )
