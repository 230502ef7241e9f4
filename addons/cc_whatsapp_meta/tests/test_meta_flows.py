from odoo.tests import tagged

from .common import CUSTOMER_WA_ID, MetaCase


@tagged("post_install", "-at_install")
class TestMetaFlows(MetaCase):
    def test_flows_sync_and_one_is_sent_as_an_interactive_message(self):
        self.simulator.flows = [
            {
                "id": "801",
                "name": "Book a visit",
                "status": "PUBLISHED",
                "categories": ["APPOINTMENT_BOOKING"],
                "validation_errors": [],
            },
            {"id": "802", "name": "Survey", "status": "DRAFT", "categories": ["SURVEY", "OTHER"]},
            {"id": "803", "name": "Old", "status": "DEPRECATED", "categories": []},
        ]
        self.simulator.page_size_cap = 2
        self.assertIn("3 flows", self.account._sync())
        Flow = self.env["contact.centre.meta.flow"]
        flows = Flow.search([("provider_id", "=", self.account.id)])
        self.assertEqual(
            {(f.name, f.status, f.categories) for f in flows},
            {
                ("Book a visit", "PUBLISHED", "APPOINTMENT_BOOKING"),
                ("Survey", "DRAFT", "SURVEY, OTHER"),
                ("Old", "DEPRECATED", ""),
            },
        )
        self.simulator.flows = self.simulator.flows[:2]
        self.account._sync()
        self.assertEqual(len(Flow.search([("provider_id", "=", self.account.id)])), 2)

        self._customer_writes("I'd like to visit")
        booking = flows.filtered(lambda f: f.flow_id == "801")
        message = booking.action_send_to(self.customer, "Pick a day", "Book now", screen="DAY")
        message._send_claimed()
        self.assertEqual(message.status, "sent", message.error_message)
        payload = self.simulator.sent_payloads()[-1]
        self.assertEqual(payload["to"], CUSTOMER_WA_ID)
        self.assertEqual(
            payload["interactive"],
            {
                "type": "flow",
                "body": {"text": "Pick a day"},
                "action": {
                    "name": "flow",
                    "parameters": {
                        "flow_message_version": "3",
                        "flow_token": f"flow-801-{self.customer.id}",
                        "flow_id": "801",
                        "flow_cta": "Book now",
                        "flow_action": "navigate",
                        "flow_action_payload": {"screen": "DAY"},
                    },
                },
            },
        )
