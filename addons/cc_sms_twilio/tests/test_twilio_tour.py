from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from ..const import EMPTY_TWIML
from .common import TwilioSimulatorMixin


@tagged("post_install", "-at_install")
class TestTwilioTour(TwilioSimulatorMixin, SimulatedProviderMixin, HttpCase):
    def test_agent_answers_an_sms_in_discuss_and_sees_it_delivered(self):
        agent = new_test_user(
            self.env,
            login="tour_twilio_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
            name="Twilio Tour Agent",
        )
        account = self._twilio_account(name="Tour Twilio")
        sid = "SM" + "7" * 32
        response = self._post_webhook(
            account.webhook_url,
            *self.simulator.inbound_request(
                account.webhook_url, sid, "+32470998877", "Can I pick my order up tonight?"
            ),
        )
        self.assertEqual((response.status_code, response.text), (200, EMPTY_TWIML))
        self._process_webhooks(account)
        inbound = self.env["contact.centre.message"].search([("external_message_id", "=", sid)])
        conversation = inbound.conversation_id
        conversation._cc_assign(agent)

        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_sms_twilio_discuss_reply",
            login="tour_twilio_agent",
        )
        reply = self.env["contact.centre.message"].search(
            [("conversation_id", "=", conversation.id), ("direction", "=", "outbound")]
        )
        self.assertEqual((reply.body_text, reply.status), ("Yes, until 8 pm.", "sent"))
        sent = self.simulator.messages[reply.external_message_id]
        self.assertEqual(sent["To"], "+32470998877")
        self.assertTrue(sent["StatusCallback"].endswith(f"?uuid={reply.uuid}"))

        # The handset confirms: Twilio posts to the message's callback URL.
        response = self._post_webhook(
            sent["StatusCallback"],
            *self.simulator.status_request(reply.external_message_id, "delivered"),
        )
        self.assertEqual(response.status_code, 200)
        self._process_webhooks(account)
        self.assertEqual(reply.status, "delivered")
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_sms_twilio_discuss_delivered",
            login="tour_twilio_agent",
        )
