import time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_AGENT


@tagged("post_install", "-at_install")
class TestDiscussTour(HttpCase):
    def _conversation_for_agent(self, login, account, external_id, number, name, text, timestamp):
        """A customer's WhatsApp message through a new Sandbox account (the
        tours find it by name), its conversation assigned to a new agent."""
        agent = new_test_user(
            self.env, login=login, groups=f"base.group_user,{GROUP_AGENT}", name=login
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": account,
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": external_id,
                    "from": number,
                    "name": name,
                    "text": text,
                    "timestamp": timestamp,
                }
            ]
        )._process()
        conversation = (
            self.env["contact.centre.message"]
            .search([("external_message_id", "=", external_id)])
            .conversation_id
        )
        conversation._cc_assign(agent)
        return conversation

    def _start_tour_in(self, conversation, tour, login):
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}", tour, login=login
        )

    def test_agent_answers_in_discuss_and_sees_it_read(self):
        conversation = self._conversation_for_agent(
            "tour_cc_agent",
            "Tour Discuss Sandbox",
            "tour-in-1",
            "+32470998877",
            "Tour Customer",
            "Tour: is my order on its way?",
            int(time.time()),
        )
        self._start_tour_in(conversation, "cc_base_discuss_reply", "tour_cc_agent")
        reply = self.env["contact.centre.message"].search(
            [("conversation_id", "=", conversation.id), ("direction", "=", "outbound")]
        )
        self.assertEqual(
            (reply.body_text, reply.status), ("Tour: yes, it left this morning", "read")
        )

    def test_agent_whose_window_closed_is_offered_templates(self):
        two_days_ago = int(time.time()) - 2 * 24 * 3600
        conversation = self._conversation_for_agent(
            "tour_cc_late_agent",
            "Tour Late Sandbox",
            "tour-late-1",
            "+32470998866",
            "Tour Late Customer",
            "Tour: are you there?",
            two_days_ago,
        )
        self._start_tour_in(conversation, "cc_base_discuss_window_closed", "tour_cc_late_agent")
