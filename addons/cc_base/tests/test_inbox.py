from datetime import datetime

from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestInbox(ContactCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carol = cls.Partner.create({"name": "Carol", "whatsapp_number": "+32 471 00 00 01"})
        cls.waiting = cls._message(cls.alice)
        cls.mine = cls._message(cls.bob, channel="sms", assigned_agent_id=cls.agent.id)
        cls.theirs = cls._message(cls.carol, assigned_agent_id=cls.manager.id)

    def _columns(self, user):
        groups = self.Message.with_user(user)._read_group(
            [("id", "in", (self.waiting | self.mine | self.theirs).ids)],
            ["inbox_column"],
            ["id:recordset"],
        )
        return dict(groups)

    def test_columns_depend_on_who_looks(self):
        self.assertEqual(
            self._columns(self.agent),
            {"unassigned": self.waiting, "mine": self.mine},
            "an agent does not see the conversations of others",
        )
        self.assertEqual(
            self._columns(self.manager),
            {"unassigned": self.waiting, "mine": self.theirs, "others": self.mine},
        )

    def test_kanban_always_shows_the_three_columns(self):
        groups = self.Message.with_user(self.agent).web_read_group(
            [("id", "=", self.waiting.id)], ["inbox_column"], ["inbox_column"]
        )["groups"]
        self.assertEqual(
            [group["inbox_column"] for group in groups], ["unassigned", "mine", "others"]
        )

    def test_search_by_column(self):
        Message = self.Message.with_user(self.manager)
        scope = [("id", "in", (self.waiting | self.mine | self.theirs).ids)]
        self.assertEqual(Message.search(scope + [("inbox_column", "=", "others")]), self.mine)
        self.assertEqual(
            Message.search(scope + [("inbox_column", "!=", "unassigned")]), self.mine | self.theirs
        )
        self.assertEqual(self.waiting.with_user(self.agent).inbox_column, "unassigned")
        self.assertEqual(self.mine.with_user(self.agent).inbox_column, "mine")

    def test_latest_inbound_message_per_conversation(self):
        newer = self._message(self.alice, message_timestamp=datetime(2099, 1, 1))
        self._message(self.alice, direction="outbound", message_timestamp=datetime(2099, 1, 2))
        latest = self.Message.search(
            [("contact_id", "=", self.alice.id), ("is_latest_inbound", "=", True)]
        )
        self.assertEqual(latest, newer)
        self.assertFalse(self.waiting.is_latest_inbound)
        self.assertTrue(newer.is_latest_inbound)

    def test_column_is_computed_for_each_user(self):
        self.assertEqual(self.mine.with_user(self.agent).inbox_column, "mine")
        self.assertEqual(self.mine.with_user(self.manager).inbox_column, "others")

    def test_new_message_stays_with_the_conversations_agent(self):
        follow_up = self._message(self.bob, channel="sms")
        self.assertEqual(follow_up.assigned_agent_id, self.agent)
        self.assertFalse(
            self.Message.with_user(self.other_agent).search([("id", "=", follow_up.id)]),
            "another agent does not see it in the inbox",
        )
        other_channel = self._message(self.bob, channel="whatsapp")
        self.assertFalse(other_channel.assigned_agent_id)
        explicit = self._message(self.bob, channel="sms", assigned_agent_id=False)
        self.assertFalse(explicit.assigned_agent_id, "an explicit value wins")

    def test_manager_takes_over_a_conversation(self):
        earlier = self._message(self.bob, channel="sms", message_timestamp=datetime(2020, 1, 1))
        self.assertEqual(earlier.assigned_agent_id, self.agent)
        self.mine.with_user(self.manager).action_assign_to_me()
        self.assertEqual((self.mine | earlier).assigned_agent_id, self.manager)

    def test_agent_cannot_take_another_agents_conversation(self):
        with self.assertRaises(AccessError):
            self.theirs.with_user(self.agent).action_assign_to_me()
        self.assertEqual(self.theirs.assigned_agent_id, self.manager)

    def test_assign_to_me_takes_the_conversation(self):
        earlier = self._message(self.alice, message_timestamp=datetime(2020, 1, 1))
        other_channel = self._message(self.alice, channel="sms")
        self.waiting.with_user(self.agent).action_assign_to_me()
        self.assertEqual((self.waiting | earlier).assigned_agent_id, self.agent)
        self.assertFalse(other_channel.assigned_agent_id, "another channel is another conversation")
        self.assertEqual(self.waiting.with_user(self.agent).inbox_column, "mine")

    def test_only_agents_take_conversations(self):
        with self.assertRaises(AccessError):
            self.waiting.with_user(self.cc_user).action_assign_to_me()
        self.assertFalse(self.waiting.assigned_agent_id)

    def test_users_mark_their_messages_read(self):
        self.waiting.with_user(self.cc_user).action_mark_read()
        self.assertEqual(self.waiting.status, "read")
        with self.assertRaises(AccessError):
            self.mine.with_user(self.other_agent).action_mark_read()
        self.assertEqual(self.mine.status, "received")
