from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from .common import InfobipSimulatorMixin


@tagged("post_install", "-at_install")
class TestInfobipTour(InfobipSimulatorMixin, SimulatedProviderMixin, HttpCase):
    def test_agent_answers_an_sms_in_discuss_and_sees_it_delivered(self):
        agent = new_test_user(
            self.env,
            login="tour_infobip_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
            name="Infobip Tour Agent",
        )
        account = self._infobip_account(name="Tour Infobip")
        body, headers = self.simulator.inbound_request(
            "tour-mo-1", "+32470998866", "Is the shop open on Sunday?"
        )
        response = self._post_webhook(account.webhook_url, body, headers)
        self.assertEqual(response.status_code, 200)
        self._process_webhooks(account)
        inbound = self.env["contact.centre.message"].search(
            [("external_message_id", "=", "tour-mo-1")]
        )
        conversation = inbound.conversation_id
        conversation._cc_assign(agent)

        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_sms_infobip_discuss_reply",
            login="tour_infobip_agent",
        )
        reply = self.env["contact.centre.message"].search(
            [("conversation_id", "=", conversation.id), ("direction", "=", "outbound")]
        )
        self.assertEqual((reply.body_text, reply.status), ("Yes, from 10 to 16.", "sent"))
        sent = self.simulator.messages[reply.external_message_id]
        self.assertEqual((sent["to"], sent["callback_data"]), ("32470998866", reply.uuid))

        # The handset confirms: Infobip posts the report to the URL the answer
        # was sent with.
        body, headers = self.simulator.report_request(reply.external_message_id, "delivered")
        response = self._post_webhook(sent["notify_url"], body, headers)
        self.assertEqual(response.status_code, 200)
        self._process_webhooks(account)
        self.assertEqual(reply.status, "delivered")
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_sms_infobip_discuss_delivered",
            login="tour_infobip_agent",
        )
