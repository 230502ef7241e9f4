import time

from odoo.tests import HttpCase, new_test_user, tagged

from .common import GROUP_AGENT


@tagged("post_install", "-at_install")
class TestDiscussTour(HttpCase):
    def test_agent_answers_in_discuss_and_sees_it_read(self):
        agent = new_test_user(
            self.env,
            login="tour_cc_agent",
            groups=f"base.group_user,{GROUP_AGENT}",
            name="Tour Agent",
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": "Tour Discuss Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "tour-in-1",
                    "from": "+32470998877",
                    "name": "Tour Customer",
                    "text": "Tour: is my order on its way?",
                    "timestamp": int(time.time()),
                }
            ]
        )._process()
        message = self.env["contact.centre.message"].search(
            [("external_message_id", "=", "tour-in-1")]
        )
        conversation = message.conversation_id
        conversation._cc_assign(agent)
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_base_discuss_reply",
            login="tour_cc_agent",
        )
        reply = self.env["contact.centre.message"].search(
            [("conversation_id", "=", conversation.id), ("direction", "=", "outbound")]
        )
        self.assertEqual(
            (reply.body_text, reply.status), ("Tour: yes, it left this morning", "read")
        )

    def test_closed_window_offers_the_template_picker(self):
        agent = new_test_user(
            self.env,
            login="tour_cc_late_agent",
            groups=f"base.group_user,{GROUP_AGENT}",
        )
        provider = self.env["contact.centre.provider"].create(
            {
                "name": "Tour Late Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "tour-late-1",
                    "from": "+32470998866",
                    "name": "Tour Late Customer",
                    "text": "Hello?",
                    "timestamp": int(time.time()) - 2 * 24 * 3600,
                }
            ]
        )._process()
        conversation = (
            self.env["contact.centre.message"]
            .search([("external_message_id", "=", "tour-late-1")])
            .conversation_id
        )
        conversation._cc_assign(agent)
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_base_discuss_window_closed",
            login="tour_cc_late_agent",
        )
