import base64
import json

from odoo.tests import tagged

from .common import CUSTOMER_WA_ID, MetaCase

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


@tagged("post_install", "-at_install")
class TestMetaInbound(MetaCase):
    """Every kind of message a customer sends, as Meta delivers it."""

    def test_image_is_downloaded_into_an_attachment(self):
        media_id = self.simulator.add_media(PNG, "image/png")
        message = self._customer_writes(
            message_type="image",
            content={"id": media_id, "mime_type": "image/png", "sha256": "x", "caption": "Broken"},
        )
        self.assertEqual((message.message_type, message.body_text), ("image", "Broken"))
        self.assertEqual(message.attachment_ids.raw, PNG)
        self.assertEqual(message.attachment_ids.mimetype, "image/png")
        download = self.simulator.requests_to(f"/download/{media_id}")[0]
        self.assertEqual(download.headers["Authorization"], f"Bearer {self.simulator.access_token}")

    def test_document_keeps_its_filename_and_voice_note_its_type(self):
        pdf = self.simulator.add_media(b"%PDF-1.4 invoice", "application/pdf", "invoice.pdf")
        document = self._customer_writes(
            message_type="document",
            content={"id": pdf, "mime_type": "application/pdf", "filename": "invoice.pdf"},
        )
        self.assertEqual(document.attachment_ids.name, "invoice.pdf")
        voice = self.simulator.add_media(b"OggS voice", "audio/ogg")
        audio = self._customer_writes(
            message_type="audio", content={"id": voice, "mime_type": "audio/ogg", "voice": True}
        )
        self.assertEqual((audio.message_type, audio.attachment_ids.raw), ("audio", b"OggS voice"))

    def test_sticker(self):
        sticker = self.simulator.add_media(b"RIFF webp", "image/webp")
        message = self._customer_writes(
            message_type="sticker", content={"id": sticker, "mime_type": "image/webp"}
        )
        self.assertEqual(message.message_type, "sticker")
        self.assertTrue(message.attachment_ids)

    def test_a_failed_download_keeps_the_event_to_try_again(self):
        payload = self.simulator.inbound_payload(
            CUSTOMER_WA_ID, "image", {"id": "404404", "mime_type": "image/jpeg"}
        )
        self.simulator.outbox.append(payload)
        self.simulator.deliver_outbox()
        event = self.Event.search([("state", "=", "pending")])
        event._process()
        self.assertEqual(event.state, "pending")
        self.assertIn("404404", event.error)

    def test_location_contacts_and_replies_read_as_text(self):
        location = self._customer_writes(
            message_type="location",
            content={
                "latitude": 50.85,
                "longitude": 4.35,
                "name": "Grand-Place",
                "address": "Brussels",
            },
        )
        self.assertEqual(location.body_text, "📍 Grand-Place, Brussels (50.85, 4.35)")
        contacts = self._customer_writes(
            message_type="contacts",
            content=[
                {
                    "name": {"formatted_name": "Jan Peeters", "first_name": "Jan"},
                    "phones": [{"phone": "+32 470 11 22 33", "type": "CELL"}],
                }
            ],
        )
        self.assertEqual(
            (contacts.message_type, contacts.body_text),
            ("contacts", "👤 Jan Peeters: +32 470 11 22 33"),
        )
        listed = self._customer_writes(
            message_type="interactive",
            content={
                "type": "list_reply",
                "list_reply": {"id": "slot-2", "title": "Tuesday", "description": "10:00"},
            },
        )
        self.assertEqual(listed.body_text, "Tuesday — 10:00")
        button = self._customer_writes(
            message_type="button", content={"payload": "STOP_PROMOS", "text": "Stop promotions"}
        )
        self.assertEqual(
            (button.message_type, button.body_text), ("interactive", "Stop promotions")
        )
        self.assertEqual(button.meta_payload["button"]["payload"], "STOP_PROMOS")

    def test_completed_flow_is_stored_and_readable(self):
        answers = {"flow_token": "t1", "preferred_date": "2026-12-01", "party_size": 4}
        message = self._customer_writes(
            message_type="interactive",
            content={
                "type": "nfm_reply",
                "nfm_reply": {
                    "name": "flow",
                    "body": "Sent",
                    "response_json": json.dumps(answers),
                },
            },
        )
        self.assertEqual(message.body_text, "Sent\nPreferred date: 2026-12-01\nParty size: 4")
        stored = json.loads(message.meta_payload["interactive"]["nfm_reply"]["response_json"])
        self.assertEqual(stored, answers)

    def test_order_referral_system_and_unsupported(self):
        order = self._customer_writes(
            message_type="order",
            content={
                "catalog_id": "c1",
                "text": "For Friday",
                "product_items": [
                    {
                        "product_retailer_id": "SKU-1",
                        "quantity": 2,
                        "item_price": 9.5,
                        "currency": "EUR",
                    }
                ],
            },
        )
        self.assertEqual(order.body_text, "🛒 For Friday\n2 × SKU-1 (9.5 EUR)")
        from_ad = self._customer_writes(
            "Is it still available?",
            referral={"source_type": "ad", "source_id": "ad-7", "headline": "Winter sale"},
        )
        self.assertEqual(from_ad.body_text, "Is it still available?\n(From the ad: Winter sale)")
        system = self._customer_writes(
            message_type="system",
            content={"body": "Customer changed their number", "type": "user_changed_number"},
        )
        self.assertEqual(
            (system.message_type, system.body_text), ("system", "Customer changed their number")
        )
        unsupported = self._customer_writes(
            message_type="unsupported",
            content={},
            errors=[{"code": 131051, "title": "Message type unknown"}],
        )
        self.assertEqual(unsupported.message_type, "unsupported")
        self.assertIn("does not support", unsupported.body_text)
        self.assertEqual(unsupported.meta_payload["errors"][0]["code"], 131051)

    def test_reaction_shows_on_its_message_and_goes_away(self):
        self._customer_writes("Hi")
        sent = self._send(body_text="Your order left this morning")
        reaction = self.env["mail.message.reaction"]

        def react(emoji):
            self._customer_writes(
                message_type="reaction",
                content={"message_id": sent.external_message_id, "emoji": emoji},
            )
            return reaction.search([("message_id", "=", sent.mail_message_id.id)])

        self.assertEqual(react("👍").mapped("content"), ["👍"])
        self.assertEqual(react("❤️").mapped("content"), ["❤️"], "one reaction per customer")
        self.assertEqual(react("❤️").partner_id, self.customer)
        self.assertFalse(react(""), "an empty emoji removes it")
        self.assertEqual(
            self.Message.search_count([("message_type", "=", "reaction")]), 0, "not a message"
        )

    def test_customer_known_by_user_id_only(self):
        def writes(text, wa_id=None):
            payload = self.simulator.inbound_payload("1", content={"body": text})
            value = payload["entry"][0]["changes"][0]["value"]
            value["contacts"] = [{"profile": {"name": "Anonymous Fox"}, "user_id": "US.99887766"}]
            message = value["messages"][0]
            del message["from"]
            if wa_id:
                value["contacts"][0]["wa_id"] = message["from"] = wa_id
            self.simulator.outbox.append(payload)
            self.simulator.deliver_outbox()
            self._process_events()
            return self.Message.search([("external_message_id", "=", message["id"])])

        first = writes("Hello, no number")
        self.assertEqual(first.contact_id.meta_user_id, "US.99887766")
        self.assertEqual(first.contact_id.name, "Anonymous Fox")
        self.assertFalse(first.contact_id.whatsapp_number)
        # An agent's reaction stays in Odoo: there is no number to send it to.
        agent = self.env["res.users"].create(
            {
                "name": "Reacting Agent",
                "login": "meta_fox_agent",
                "groups_id": [(6, 0, [self.env.ref("cc_base.group_contact_centre_agent").id])],
            }
        )
        first.mail_message_id._message_reaction(
            "👍", "add", agent.partner_id, self.env["mail.guest"]
        )
        self.assertFalse([p for p in self.simulator.sent_payloads() if p.get("type") == "reaction"])
        second = writes("Me again")
        self.assertEqual(second.contact_id, first.contact_id)
        third = writes("Now with my number", wa_id="32470556677")
        self.assertEqual(third.contact_id, first.contact_id)
        self.assertEqual(first.contact_id.whatsapp_number, "+32470556677")

    def test_agent_reaction_reaches_the_customer_message(self):
        question = self._customer_writes("Thanks for your help!")
        agent = self.env["res.users"].create(
            {
                "name": "Reacting Agent",
                "login": "meta_reacting_agent",
                "groups_id": [(6, 0, [self.env.ref("cc_base.group_contact_centre_agent").id])],
            }
        )
        mail_message = question.mail_message_id
        no_guest = self.env["mail.guest"]
        mail_message._message_reaction("❤️", "add", agent.partner_id, no_guest)
        mail_message._message_reaction("❤️", "remove", agent.partner_id, no_guest)
        reactions = [
            p["reaction"] for p in self.simulator.sent_payloads() if p.get("type") == "reaction"
        ]
        self.assertEqual(
            reactions,
            [
                {"message_id": question.external_message_id, "emoji": "❤️"},
                {"message_id": question.external_message_id, "emoji": ""},
            ],
        )
