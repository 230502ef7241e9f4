from datetime import timedelta

from odoo import fields
from odoo.tests import new_test_user, tagged

from odoo.addons.cc_base.tools import ProviderError

from .common import CUSTOMER_WA_ID, MetaCase


@tagged("post_install", "-at_install")
class TestMetaSend(MetaCase):
    """What goes to Meta, byte for byte, and what Meta's refusals do."""

    def test_connection_test_reports_name_and_quality(self):
        answer = self.account._test_connection()
        self.assertIn("Contact Centre Simulator", answer)
        self.assertIn("GREEN", answer)
        self.assertEqual(
            self.account.meta_display_phone_number, self.simulator.display_phone_number
        )

    def test_text_request_body(self):
        question = self._customer_writes("Where is my parcel?")
        message = self._send(
            body_text="See https://example.com/track", reply_to_message_id=question.id
        )
        self.assertEqual(message.status, "sent", message.error_message)
        request = self.simulator.requests_to(f"/v23.0/{self.simulator.phone_number_id}/messages")[
            -1
        ]
        self.assertEqual(request.headers["Authorization"], f"Bearer {self.simulator.access_token}")
        self.assertEqual(
            request.json(),
            {
                "messaging_product": "whatsapp",
                "recipient_type": "individual",
                "to": CUSTOMER_WA_ID,
                "biz_opaque_callback_data": message.uuid,
                "type": "text",
                "text": {"body": "See https://example.com/track", "preview_url": True},
                "context": {"message_id": question.external_message_id},
            },
        )
        self.assertEqual(message.external_message_id, self.simulator.sent[-1][0])

    def test_an_answer_that_is_not_metas_error_object_is_a_provider_error(self):
        """A proxy in front of the Graph API answers {"error": "words"}."""
        with self.assertRaisesRegex(ProviderError, "No route for GET"):
            self.account._meta_call("GET", "no/such/node")

    def test_sent_status_webhook_finds_the_message_by_our_uuid(self):
        self._customer_writes()
        message = self._send()
        self.assertEqual(self.simulator.deliver_outbox(), [200])
        self._process_events()
        self.assertEqual(message.meta_conversation_origin, "service")

    def test_window_closed_synchronously_closes_the_conversation_window(self):
        self._customer_writes()
        self.simulator.fail_next(131047)
        message = self._send()
        self.assertEqual((message.status, message.failure_type), ("failed", "window_closed"))
        self.assertEqual(message.meta_error_code, 131047)
        self.assertLessEqual(message.conversation_id.cc_window_end, fields.Datetime.now())

    def test_window_closed_asynchronously_is_handled_the_same_way(self):
        self._customer_writes()
        # Meta's clock says the customer wrote more than a day ago.
        self.simulator.window_mode = "async"
        self.simulator.last_inbound[CUSTOMER_WA_ID] -= 25 * 3600
        message = self._send()
        self.assertEqual(message.status, "sent", "a 200 first")
        self.assertEqual(self.simulator.deliver_outbox(), [200])
        self._process_events()
        self.assertEqual((message.status, message.failure_type), ("failed", "window_closed"))
        self.assertEqual(message.meta_error_code, 131047)
        self.assertLessEqual(message.conversation_id.cc_window_end, fields.Datetime.now())

    def test_throughput_and_pair_rate_limits_are_retried_later(self):
        self._customer_writes()
        for code, at_least in ((130429, 0), (131056, 6)):
            with self.subTest(code=code):
                self.simulator.fail_next(code)
                message = self._send()
                self.assertEqual((message.status, message.failure_type), ("queued", "rate_limited"))
                self.assertGreater(
                    message.next_attempt_at, fields.Datetime.now() + timedelta(seconds=at_least)
                )
                self.assertIn(str(code), message.error_message)

    def test_refused_token_raises_one_activity_per_admin(self):
        admin = new_test_user(
            self.env,
            login="meta_cc_admin",
            groups="base.group_user,cc_base.group_contact_centre_admin",
        )
        self.account.meta_access_token = "expired-token-123"
        for _attempt in range(2):
            try:
                self.account._test_connection()
            except ProviderError as error:
                self.assertEqual(error.failure_type, "authentication")
                self.assertNotIn("expired-token-123", str(error))
            else:
                self.fail("a wrong token is refused")
        activities = self.account.activity_ids.filtered(lambda a: a.user_id == admin)
        self.assertEqual(len(activities), 1)
        self.assertIn("Renew", activities.summary)

    def test_agent_opening_an_unread_conversation_sends_read_receipts(self):
        agent = new_test_user(
            self.env,
            login="meta_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
        )
        hello = self._customer_writes("Hello")
        question = self._customer_writes("Are you open on Sunday?")
        conversation = question.conversation_id
        conversation._cc_assign(agent)
        member = conversation.channel_member_ids.filtered(
            lambda m: m.partner_id == agent.partner_id
        )
        sent_before = len(self.simulator.sent_payloads())
        member.with_user(agent)._mark_as_read(question.mail_message_id.id)
        self.assertEqual((hello | question).mapped("status"), ["read", "read"])
        self.assertEqual(
            len(self.simulator.sent_payloads()) - sent_before, 1, "one receipt, for the latest"
        )
        self.assertEqual(
            self.simulator.sent_payloads()[-1],
            {
                "messaging_product": "whatsapp",
                "status": "read",
                "message_id": question.external_message_id,
            },
        )
