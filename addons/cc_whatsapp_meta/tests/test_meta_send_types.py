from odoo.tests import tagged

from .common import MetaCase


@tagged("post_install", "-at_install")
class TestMetaSendTypes(MetaCase):
    """Each kind of message, checked at the simulator for the exact request."""

    def setUp(self):
        super().setUp()
        self._customer_writes("Hello")

    def _attachment(self, name, mimetype, raw):
        return self.env["ir.attachment"].create({"name": name, "mimetype": mimetype, "raw": raw})

    def test_image_is_uploaded_then_sent_by_media_id(self):
        attachment = self._attachment("photo.png", "image/png", b"\x89PNG picture")
        message = self._send(
            body_text="Here it is", message_type="image", attachment_ids=[(6, 0, attachment.ids)]
        )
        media_id = next(iter(self.simulator.media))
        self.assertEqual(
            self.simulator.media[media_id], (b"\x89PNG picture", "image/png", "photo.png")
        )
        self.assertEqual(
            self._sent_body(message),
            {"type": "image", "image": {"id": media_id, "caption": "Here it is"}},
        )

    def test_document_goes_with_its_filename_and_audio_without_caption(self):
        pdf = self._attachment("terms.pdf", "application/pdf", b"%PDF-1.4")
        document = self._send(body_text="Our terms", attachment_ids=[(6, 0, pdf.ids)])
        body = self._sent_body(document)
        self.assertEqual(body["document"]["filename"], "terms.pdf")
        self.assertEqual(body["document"]["caption"], "Our terms")
        voice = self._attachment("note.ogg", "audio/ogg", b"OggS")
        audio = self._send(body_text="", attachment_ids=[(6, 0, voice.ids)])
        self.assertEqual(list(self._sent_body(audio)["audio"]), ["id"])

    def test_file_over_meta_limit_is_refused_before_upload(self):
        big = self._attachment("huge.jpg", "image/jpeg", b"0" * (5 * 1024 * 1024 + 1))
        message = self._send(body_text="", attachment_ids=[(6, 0, big.ids)])
        self.assertEqual((message.status, message.failure_type), ("failed", "media"))
        self.assertIn("5.0 MB", message.error_message)
        self.assertFalse(self.simulator.media, "nothing uploaded")

    def test_location_contacts_interactive_and_reaction(self):
        cases = {
            "location": {"latitude": 50.85, "longitude": 4.35, "name": "Shop", "address": "Main 1"},
            "contacts": [
                {
                    "name": {"formatted_name": "Support Desk", "first_name": "Support"},
                    "phones": [{"phone": "+3225550000", "type": "WORK"}],
                }
            ],
            "interactive": {
                "type": "button",
                "body": {"text": "Is your problem solved?"},
                "action": {
                    "buttons": [
                        {"type": "reply", "reply": {"id": "yes", "title": "Yes"}},
                        {"type": "reply", "reply": {"id": "no", "title": "No"}},
                    ]
                },
            },
        }
        for kind, content in cases.items():
            with self.subTest(kind=kind):
                message = self._send(body_text=kind, message_type=kind, meta_content=content)
                self.assertEqual(self._sent_body(message), {"type": kind, kind: content})
        target = self.Message.search([("direction", "=", "inbound")], limit=1)
        reaction = self._send(
            body_text="👍",
            message_type="reaction",
            meta_content={"message_id": target.external_message_id, "emoji": "👍"},
        )
        self.assertEqual(
            self._sent_body(reaction),
            {
                "type": "reaction",
                "reaction": {"message_id": target.external_message_id, "emoji": "👍"},
            },
        )
