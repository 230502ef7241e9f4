from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestInbox(ContactCentreCommon):
    """The agent inbox: conversations, grouped by who has them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Channel = cls.env["discuss.channel"]
        cls.carol = cls.Partner.create({"name": "Carol", "whatsapp_number": "+32 471 00 00 01"})
        cls.waiting = cls._conversation(cls.alice, cls.sandbox_whatsapp)
        cls.mine = cls._conversation(cls.bob, cls.sandbox_sms)
        cls.mine._cc_assign(cls.agent)
        cls.theirs = cls._conversation(cls.carol, cls.sandbox_whatsapp)
        cls.theirs._cc_assign(cls.manager)

    @classmethod
    def _conversation(cls, contact, provider):
        return cls.env["discuss.channel"]._cc_conversation_for(contact, provider)

    def _columns(self, user):
        groups = self.Channel.with_user(user)._read_group(
            [("id", "in", (self.waiting | self.mine | self.theirs).ids)],
            ["cc_inbox_column"],
            ["id:recordset"],
        )
        return dict(groups)

    def test_columns_depend_on_who_looks(self):
        self.assertEqual(self._columns(self.agent), {"unassigned": self.waiting, "mine": self.mine})
        self.assertEqual(
            self._columns(self.manager),
            {"unassigned": self.waiting, "others": self.mine, "mine": self.theirs},
        )

    def test_kanban_always_shows_the_three_columns(self):
        groups = self.Channel.with_user(self.agent).web_read_group(
            [("id", "=", self.waiting.id)], ["cc_inbox_column"], ["cc_inbox_column"]
        )["groups"]
        self.assertEqual(
            [group["cc_inbox_column"] for group in groups], ["unassigned", "mine", "others"]
        )

    def test_search_by_column(self):
        scope = [("id", "in", (self.waiting | self.mine | self.theirs).ids)]
        Channel = self.Channel.with_user(self.manager)
        self.assertEqual(Channel.search(scope + [("cc_inbox_column", "=", "others")]), self.mine)
        self.assertEqual(
            Channel.search(scope + [("cc_inbox_column", "!=", "unassigned")]),
            self.mine | self.theirs,
        )

    def test_one_conversation_per_contact_and_account(self):
        self.assertEqual(self._conversation(self.alice, self.sandbox_whatsapp), self.waiting)
        self.assertEqual(self.waiting.channel_type, "contact_centre")
        self.assertEqual(self.waiting.channel_member_ids.partner_id, self.alice)

    def test_new_message_stays_with_the_conversations_agent(self):
        follow_up = self._message(self.bob, channel="sms", conversation_id=self.mine.id)
        self.assertEqual(follow_up.assigned_agent_id, self.agent)
        self.assertFalse(
            self.Message.with_user(self.other_agent).search([("id", "=", follow_up.id)]),
            "another agent does not see it",
        )

    def test_assign_to_me_joins_the_discuss_channel(self):
        earlier = self._message(
            self.alice, conversation_id=self.waiting.id, message_timestamp=datetime(2020, 1, 1)
        )
        self.waiting.with_user(self.agent).action_cc_assign_to_me()
        self.assertEqual(self.waiting.cc_agent_id, self.agent)
        self.assertEqual(self.waiting.cc_state, "open")
        self.assertEqual(earlier.assigned_agent_id, self.agent)
        self.assertIn(self.agent.partner_id, self.waiting.channel_member_ids.partner_id)
        # A manager takes it over: the agent leaves the channel.
        self.waiting.with_user(self.manager).action_cc_assign_to_me()
        members = self.waiting.channel_member_ids.partner_id
        self.assertIn(self.manager.partner_id, members)
        self.assertNotIn(self.agent.partner_id, members)

    def test_agent_cannot_see_or_take_another_agents_conversation(self):
        self.assertFalse(self.Channel.with_user(self.agent).search([("id", "=", self.theirs.id)]))
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.agent).action_cc_assign_to_me()
        self.assertEqual(self.theirs.cc_agent_id, self.manager)

    def _assign_to(self, conversation, agent, user):
        Assign = self.env["contact.centre.assign"].with_user(user)
        Assign.with_context(active_model="discuss.channel", active_ids=conversation.ids).create(
            {"agent_id": agent.id}
        ).action_assign()

    def test_assign_to(self):
        self._assign_to(self.theirs, self.other_agent, self.manager)
        self.assertEqual(self.theirs.cc_agent_id, self.other_agent)
        self.assertIn(self.other_agent.partner_id, self.theirs.channel_member_ids.partner_id)
        # An agent hands over their own conversation, not someone else's.
        self._assign_to(self.mine, self.other_agent, self.agent)
        self.assertEqual(self.mine.cc_agent_id, self.other_agent)
        with self.assertRaises(AccessError):
            self._assign_to(self.mine, self.agent, self.agent)

    def test_only_agents_take_conversations(self):
        with self.assertRaises(AccessError):
            self.waiting.with_user(self.cc_user).action_cc_assign_to_me()
        self.assertFalse(self.waiting.cc_agent_id)

    def test_resolve_and_reopen(self):
        self.mine.with_user(self.agent).action_cc_resolve()
        self.assertEqual(self.mine.cc_state, "resolved")
        self.mine.with_user(self.agent).action_cc_reopen()
        self.assertEqual(self.mine.cc_state, "open")

    def test_mark_read(self):
        unread = self._message(self.bob, channel="sms", conversation_id=self.mine.id)
        self.assertEqual(self.mine.cc_unread_count, 1)
        self.mine.with_user(self.agent).action_cc_mark_read()
        self.assertEqual(unread.status, "read")
        with self.assertRaises(AccessError):
            self.mine.with_user(self.other_agent).action_cc_mark_read()

    def test_agent_opening_the_conversation_reads_it(self):
        unread = self._message(self.bob, channel="sms", conversation_id=self.mine.id)
        unread.mail_message_id = self.mine._cc_post_inbound(unread)
        member = self.mine.channel_member_ids.filtered(lambda m: m.partner_id == self.bob)
        member._mark_as_read(unread.mail_message_id.id)
        self.assertEqual(unread.status, "received", "the customer's own seen mark reads nothing")
        agent_member = self.mine.channel_member_ids.filtered(
            lambda m: m.partner_id == self.agent.partner_id
        )
        agent_member.with_user(self.agent)._mark_as_read(unread.mail_message_id.id)
        self.assertEqual(unread.status, "read")

    def test_users_mark_their_messages_read(self):
        message = self._message(self.alice)
        message.with_user(self.cc_user).action_mark_read()
        self.assertEqual(message.status, "read")

    def test_agents_of_an_account(self):
        self.sandbox_whatsapp.agent_ids = self.other_agent
        self.assertFalse(
            self.Channel.with_user(self.agent).search([("id", "=", self.waiting.id)]),
            "unassigned conversations are for the account's agents",
        )
        self.assertTrue(
            self.Channel.with_user(self.other_agent).search([("id", "=", self.waiting.id)])
        )

    def _cards(self, user, conversations):
        """The inbox cards' last message texts, as the kanban reads them."""
        records = self.Channel.with_user(user).web_search_read(
            [("id", "in", conversations.ids)], {"cc_last_message_preview": {}}
        )["records"]
        return {record["id"]: record["cc_last_message_preview"] for record in records}

    def test_card_shows_the_latest_message(self):
        self._message(
            self.bob,
            channel="sms",
            conversation_id=self.mine.id,
            body_text="Second",
            message_timestamp=datetime(2024, 1, 2),
        )
        self._message(
            self.bob,
            channel="sms",
            conversation_id=self.mine.id,
            body_text="First, late",
            message_timestamp=datetime(2024, 1, 1),
        )
        self.assertEqual(
            self._cards(self.agent, self.mine | self.waiting),
            {self.mine.id: "Second", self.waiting.id: False},
        )
        self.assertEqual(self.mine.cc_last_message_id.body_text, "Second")
        newest = self._message(
            self.bob,
            channel="sms",
            conversation_id=self.mine.id,
            body_text="Third",
            message_timestamp=datetime(2024, 1, 3),
        )
        self.assertEqual(self._cards(self.agent, self.mine), {self.mine.id: "Third"})
        newest.unlink()
        self.assertEqual(self._cards(self.agent, self.mine), {self.mine.id: "Second"})
