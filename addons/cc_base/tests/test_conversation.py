import time
from unittest.mock import patch

from odoo.exceptions import UserError
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestConversation(ContactCentreCommon):
    """Customer messages arrive in Discuss; agents answer from Discuss."""

    def _receive(self, text, sender="+32470123456", provider=None):
        external_id = f"in-{time.monotonic_ns()}"
        event = (provider or self.sandbox_whatsapp)._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": external_id,
                    "from": sender,
                    "text": text,
                    "timestamp": int(time.time()),
                }
            ]
        )
        event._process()
        return self.Message.search([("external_message_id", "=", external_id)])

    def test_inbound_message_is_posted_in_the_conversation_as_the_contact(self):
        message = self._receive("Where is my *order*?")
        conversation = message.conversation_id
        self.assertEqual(conversation.channel_type, "contact_centre")
        self.assertEqual(conversation.cc_contact_id, self.alice)
        posted = message.mail_message_id
        self.assertEqual(posted.author_id, self.alice)
        self.assertIn("<b>order</b>", posted.body)
        self.assertEqual(posted.res_id, conversation.id)
        self.assertTrue(conversation.cc_window_end)
        # The next message goes to the same conversation.
        self.assertEqual(self._receive("Hello?").conversation_id, conversation)

    def test_agent_reply_in_discuss_is_sent_to_the_customer(self):
        conversation = self._receive("Hi").conversation_id
        conversation._cc_assign(self.agent)
        posted = conversation.with_user(self.agent).message_post(
            body="On its way!", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        reply = self.Message.search([("mail_message_id", "=", posted.id)])
        self.assertEqual(reply.status, "queued", "sent only as the request commits")
        self._commit_point()
        self.assertEqual((reply.direction, reply.status), ("outbound", "sent"))
        self.assertEqual(reply.body_text, "On its way!")
        self.assertEqual(reply.provider_id, self.sandbox_whatsapp)
        self.assertEqual(conversation.cc_state, "pending")
        self.assertEqual(posted._cc_status_values()["cc_status"], "sent")

    def test_reply_outside_the_window_is_refused_with_the_reason(self):
        conversation = self._receive("Hi").conversation_id
        conversation.cc_last_inbound_at = "2020-01-01 00:00:00"
        self.env["contact.centre.message"].search(
            [("conversation_id", "=", conversation.id)]
        ).message_timestamp = "2020-01-01 00:00:00"
        with self.assertRaisesRegex(UserError, "window"):
            conversation.message_post(
                body="Late answer", message_type="comment", subtype_xmlid="mail.mt_comment"
            )

    def test_status_changes_reach_discuss(self):
        conversation = self._receive("Hi").conversation_id
        posted = conversation.message_post(
            body="Answer", message_type="comment", subtype_xmlid="mail.mt_comment"
        )
        self._commit_point()
        reply = self.Message.search([("mail_message_id", "=", posted.id)])
        with patch.object(type(conversation), "_bus_send") as sent:
            reply.status = "delivered"
        notification, data = sent.call_args.args
        self.assertEqual(notification, "mail.record/insert")
        [values] = data["mail.message"]
        self.assertEqual((values["id"], values["cc_status"]), (posted.id, "delivered"))

    def test_agents_are_told_of_a_message_nobody_has(self):
        self.sandbox_whatsapp.agent_ids = self.agent
        with patch.object(type(self.agent), "_bus_send") as sent:
            conversation = self._receive("Anyone there?").conversation_id
        self.assertEqual(sent.call_args.args[0], "simple_notification")
        self.assertEqual(sent.call_args.args[1]["message"], "Anyone there?")
        conversation._cc_assign(self.agent)
        with patch.object(type(self.agent), "_bus_send") as sent:
            self._receive("Hello again")
        self.assertFalse(sent.called, "the agent who has it sees it in Discuss")

    def test_new_message_reopens_a_resolved_conversation(self):
        conversation = self._receive("Hi").conversation_id
        conversation.cc_state = "resolved"
        self._receive("One more thing")
        self.assertEqual(conversation.cc_state, "open")

    def test_automatic_reply_shows_in_the_conversation(self):
        stop = self._receive("STOP")
        confirmation = self.Message.search(
            [("reply_to_message_id", "=", stop.id), ("direction", "=", "outbound")]
        )
        self.assertEqual(confirmation.conversation_id, stop.conversation_id)
        self.assertTrue(confirmation.mail_message_id)

    def test_round_robin_among_online_agents(self):
        self.sandbox_sms.write(
            {"assignment_method": "round_robin", "agent_ids": (self.agent | self.other_agent).ids}
        )
        online = self.agent | self.other_agent
        with patch.object(type(self.agent), "_compute_im_status", _online(online)):
            first = self._receive("1", sender="+32470000101", provider=self.sandbox_sms)
            second = self._receive("2", sender="+32470000102", provider=self.sandbox_sms)
            third = self._receive("3", sender="+32470000103", provider=self.sandbox_sms)
        agents = [m.conversation_id.cc_agent_id for m in (first, second, third)]
        self.assertEqual(agents, [self.agent, self.other_agent, self.agent])

    def test_least_open_and_offline_agents(self):
        self.sandbox_sms.write(
            {"assignment_method": "least_open", "agent_ids": (self.agent | self.other_agent).ids}
        )
        busy = self._receive("busy", sender="+32470000201", provider=self.sandbox_sms)
        busy.conversation_id._cc_assign(self.agent)
        with patch.object(
            type(self.agent), "_compute_im_status", _online(self.agent | self.other_agent)
        ):
            fresh = self._receive("new", sender="+32470000202", provider=self.sandbox_sms)
        self.assertEqual(fresh.conversation_id.cc_agent_id, self.other_agent)
        with patch.object(type(self.agent), "_compute_im_status", _online(self.agent.browse())):
            nobody = self._receive("late", sender="+32470000203", provider=self.sandbox_sms)
        self.assertFalse(nobody.conversation_id.cc_agent_id, "nobody online: left unassigned")


def _online(users):
    def compute(records):
        for user in records:
            user.im_status = "online" if user in users else "offline"

    return compute
