import json
from pathlib import Path
from urllib.parse import urlencode

from odoo.tests import BaseCase, new_test_user, tagged

from odoo.addons.cc_base.tools import InboundMessage, PayloadError, StatusUpdate

from ..models.contact_centre_provider import meta_signature
from ..tools import MetaAccountError, MetaTemplateUpdate, parse_payload
from .common import MetaCase

SAMPLES = json.loads((Path(__file__).parent / "data" / "meta_webhook_samples.json").read_text())
# The number the pywa samples are addressed to.
SAMPLE_NUMBER_ID = "1122334455667"


def sample(name):
    return next(s["payload"] for s in SAMPLES["samples"] if s["name"] == name)


@tagged("post_install", "-at_install")
class TestMetaWebhook(MetaCase):
    """Meta's webhooks through the real route: verification, signatures,
    every sample payload, routing by phone number id, odd deliveries."""

    def _post(self, body, headers, account=None):
        return self.url_open(
            self._webhook_path(account or self.account), data=body, headers=headers
        )

    def _post_payload(self, payload, account=None):
        response = self._post(*self.simulator.signed(payload), account=account)
        self.assertEqual(response.status_code, 200, response.text)

    def _sample_message(self, status):
        """Our message wamid.xyzxyz, the pywa samples' message, sent from
        a second number of the app."""
        second = self._meta_account(name="Second Number", meta_phone_number_id=SAMPLE_NUMBER_ID)
        customer = self.env["res.partner"].create(
            {"name": "Sample Customer", "whatsapp_number": "+32470990033"}
        )
        return self.Message.create(
            {
                "contact_id": customer.id,
                "channel": "whatsapp",
                "direction": "outbound",
                "provider_id": second.id,
                "status": status,
                "external_message_id": "wamid.xyzxyz",
                "body_text": "Sample",
            }
        )

    # Verification and signatures

    def test_signature_test_vector(self):
        vector = SAMPLES["signature_test_vector"]
        self.assertEqual(
            "sha256=" + meta_signature(vector["app_secret"], vector["raw_body"].encode()),
            vector["x_hub_signature_256"],
        )

    def test_get_echoes_the_challenge_for_the_right_token_only(self):
        path = self._webhook_path(self.account)
        query = {"hub.mode": "subscribe", "hub.challenge": "1158201444"}
        right = self.url_open(
            f"{path}?{urlencode({**query, 'hub.verify_token': self.account.meta_verify_token})}"
        )
        self.assertEqual((right.status_code, right.text), (200, "1158201444"))
        wrong = self.url_open(f"{path}?{urlencode({**query, 'hub.verify_token': 'guessed'})}")
        self.assertEqual(wrong.status_code, 403)
        self.assertNotIn("1158201444", wrong.text)

    def test_missing_signature_is_401_and_wrong_one_403(self):
        body, headers = self.simulator.signed(sample("inbound_text_message_official"))
        del headers["X-Hub-Signature-256"]
        self.assertEqual(self._post(body, headers).status_code, 401)
        _body, signed = self.simulator.signed({}, app_secret="another app's secret")
        self.assertEqual(self._post(body, {**headers, **signed}).status_code, 403)
        self.assertFalse(self.Event.search([("provider_id", "=", self.account.id)]))

    def test_signature_is_checked_over_the_raw_bytes(self):
        # Meta escapes non-ASCII text: a parser that re-serialised the JSON
        # would compute another signature.
        payload = self.simulator.inbound_payload("32470990011", content={"body": "Ça coûte 5 € 👍"})
        body = json.dumps(payload, ensure_ascii=True).encode()
        headers = {
            "Content-Type": "application/json",
            "X-Hub-Signature-256": "sha256=" + meta_signature(self.simulator.app_secret, body),
        }
        self.assertEqual(self._post(body, headers).status_code, 200)
        self._process_events()
        message = self.Message.search([("provider_id", "=", self.account.id)])
        self.assertEqual(message.body_text, "Ça coûte 5 € 👍")

    # The samples

    def test_each_sample_parses(self):
        events = {s["name"]: parse_payload(s["payload"]) for s in SAMPLES["samples"]}
        text = events["inbound_text_message_official"][0]
        self.assertIsInstance(text, InboundMessage)
        self.assertEqual(
            (text.sender, text.body, text.profile_name, text.recipient),
            ("+16505551234", "Does it come in another color?", "Sheena Nelson", "106540352242922"),
        )
        image = events["inbound_image_message"][0]
        self.assertEqual(
            (image.message_type, image.media[0].provider_media_id), ("image", "65463453")
        )
        reply = events["inbound_text_reply_with_context"][0]
        self.assertEqual(reply.reply_to_external_id, "wamid.xyzxyz==")
        button = events["inbound_interactive_button_reply"][0]
        self.assertEqual((button.message_type, button.body), ("interactive", "title"))
        self.assertEqual(button.user_id, "US.13491208655302741918")
        sent = events["status_sent_with_conversation_and_pricing"][0]
        self.assertIsInstance(sent, StatusUpdate)
        self.assertEqual((sent.status, sent.conversation["origin"]["type"]), ("sent", "service"))
        failed = events["status_failed_with_error"][0]
        self.assertEqual((failed.status, failed.error_code), ("failed", 130472))
        self.assertIn("experiment", failed.error_message)
        template = events["template_status_update_approved"][0]
        self.assertIsInstance(template, MetaTemplateUpdate)
        self.assertEqual((template.template_id, template.status), ("12345678", "APPROVED"))

    def test_official_sample_through_the_route(self):
        self._post_payload(sample("inbound_text_message_official"))
        self._process_events()
        message = self.Message.search([("provider_id", "=", self.account.id)])
        self.assertEqual(message.body_text, "Does it come in another color?")
        self.assertEqual(message.contact_id.name, "Sheena Nelson")
        self.assertEqual(message.contact_id.whatsapp_number, "+16505551234")
        self.assertEqual(message.meta_payload["id"], message.external_message_id)

    def test_statuses_of_the_samples_move_our_message_and_keep_pricing(self):
        message = self._sample_message("queued")
        # Posted to the first account's URL: routed by phone number id.
        self._post_payload(sample("status_delivered"))
        self._post_payload(sample("status_sent_with_conversation_and_pricing"))
        self._process_events()
        self.assertEqual(message.status, "delivered", "a late sent changes nothing")
        self.assertEqual(
            (message.meta_conversation_id, message.meta_conversation_origin),
            ("7270432eae37498234f4444b35ffc5", "service"),
        )
        self.assertEqual(
            (message.meta_pricing_model, message.meta_pricing_category), ("CBP", "service")
        )
        self.assertTrue(message.meta_conversation_expires_at)

    def test_failed_sample_keeps_its_error(self):
        message = self._sample_message("sent")
        self._post_payload(sample("status_failed_with_error"))
        self._process_events()
        self.assertEqual((message.status, message.meta_error_code), ("failed", 130472))
        self.assertIn("part of an experiment", message.error_message)

    def test_a_number_we_do_not_have_does_not_hold_up_ours(self):
        """Another number of the same Meta app, not set up in Odoo, shares a
        delivery with ours: ours applies, the other is left aside."""
        theirs = sample("inbound_image_message")
        ours = self.simulator.inbound_payload("32470990011", content={"body": "Ours"})
        theirs["entry"] += ours["entry"]
        self._post_payload(theirs)
        event = self.Event.search([("provider_id", "=", self.account.id)])
        event._process()
        self.assertEqual(event.state, "done")
        self.assertFalse(self.Message.search([("external_message_id", "=", "wamid.xyzxyz")]))
        self.assertEqual(
            self.Message.search([("provider_id", "=", self.account.id)]).body_text, "Ours"
        )

    # Odd deliveries

    def test_batched_payload_applies_every_entry(self):
        first = self.simulator.inbound_payload("32470990011", content={"body": "First"})
        second = self.simulator.inbound_payload("32470990022", content={"body": "Second"})
        third = self.simulator.inbound_payload("32470990011", content={"body": "Third"})
        # Two messages in one change, and a second entry.
        first["entry"][0]["changes"][0]["value"]["messages"] += third["entry"][0]["changes"][0][
            "value"
        ]["messages"]
        self.simulator.outbox += [first, second]
        self.assertEqual(self.simulator.deliver_outbox(batch=True), [200])
        self._process_events()
        messages = self.Message.search([("provider_id", "=", self.account.id)])
        self.assertEqual(sorted(messages.mapped("body_text")), ["First", "Second", "Third"])

    def test_duplicated_and_reordered_statuses(self):
        self._customer_writes("Hello")
        message = self._send(body_text="Status order")
        wamid = message.external_message_id
        self.simulator.outbox.clear()
        for status in ("sent", "delivered", "read"):
            self.simulator.outbox.append(
                self.simulator.status_payload(wamid, status, "32470990011", message.uuid)
            )
        self.assertEqual(self.simulator.deliver_outbox(duplicate=True, reorder=True), [200] * 6)
        self._process_events()
        self.assertEqual(message.status, "read")

    def test_legacy_deleted_status_changes_nothing(self):
        self._customer_writes("Hello")
        message = self._send(body_text="Keep me")
        self.simulator.outbox.clear()
        payload = self.simulator.status_payload(
            message.external_message_id, "deleted", "32470990011", message.uuid
        )
        self._post_payload(payload)
        self._process_events()
        self.assertEqual(message.status, "sent")

    # Errors about the account

    def test_account_error_reaches_the_chatter_and_the_administrators(self):
        admin = new_test_user(
            self.env,
            login="meta_error_admin",
            groups="base.group_user,cc_base.group_contact_centre_admin",
        )
        for details in ("Throughput reached for this number", "Throughput reached again"):
            self._post_payload(self.simulator.account_error_payload(130429, details))
        events = self._process_events()
        self.assertEqual(len(events), 2)
        self.assertTrue(all("Throughput reached" in event.body for event in events))
        notes = self.account.message_ids.filtered(lambda m: "130429" in (m.body or ""))
        self.assertEqual(len(notes), 2, "each error is kept")
        self.assertTrue(any("Throughput reached again" in note.body for note in notes))
        activities = self.account.activity_ids.filtered(lambda a: a.user_id == admin)
        self.assertEqual(len(activities), 1, "one activity until the admin marks it done")
        self.assertIn("error", activities.summary)
        self.assertIn("130429", activities.note)

    def test_account_error_parses_with_its_number(self):
        payload = self.simulator.account_error_payload(131042, "Payment method missing")
        (error,) = parse_payload(payload)
        self.assertIsInstance(error, MetaAccountError)
        self.assertEqual(
            (error.code, error.phone_number_id), (131042, self.simulator.phone_number_id)
        )
        self.assertIn("Payment method missing", error.text)


@tagged("post_install", "-at_install")
class TestMetaPayloadShape(BaseCase):
    """A payload not shaped as Meta documents it is refused with what is
    wrong and where (it raised TypeError or AttributeError before)."""

    def test_misshapen_payloads_say_what_is_wrong(self):
        text = sample("inbound_text_message_official")
        status = sample("status_failed_with_error")

        def changed(payload, **value):
            payload = json.loads(json.dumps(payload))
            payload["entry"][0]["changes"][0]["value"].update(value)
            return payload

        message = text["entry"][0]["changes"][0]["value"]["messages"][0]
        failed = status["entry"][0]["changes"][0]["value"]["statuses"][0]
        cases = {
            "Meta webhook body: an object expected, not list": [text],
            "entry: a list expected, not str": {"entry": "all of them"},
            r"entry\[0\]: an object expected, not null": {"entry": [None]},
            "contact.wa_id: a text expected, not list": changed(
                text, contacts=[{"wa_id": ["16505551234"]}]
            ),
            "message.type: a text expected, not dict": changed(
                text, messages=[{**message, "type": {"text": 1}}]
            ),
            "'soon' is not a Unix timestamp": changed(
                text, messages=[{**message, "timestamp": "soon"}]
            ),
            "status.id: a text expected, not dict": changed(
                status, statuses=[{**failed, "id": {"wamid": 1}}]
            ),
            "error code .* is not a number": changed(
                status, statuses=[{**failed, "errors": [{"code": {"n": 1}}]}]
            ),
            "conversation.id: a text expected, not list": changed(
                status, statuses=[{**failed, "conversation": {"id": ["c"]}}]
            ),
            "pricing.category: a text expected, not dict": changed(
                status, statuses=[{**failed, "pricing": {"category": {"c": 1}}}]
            ),
        }
        for reason, payload in cases.items():
            with self.subTest(reason=reason), self.assertRaisesRegex(PayloadError, reason):
                parse_payload(payload)
