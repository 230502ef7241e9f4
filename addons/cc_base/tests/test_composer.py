import time

from odoo.exceptions import AccessError
from odoo.tests import Form, tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestComposer(ContactCentreCommon):
    """The Send a Message wizard: one or many contacts, what became of each."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.carol = cls.Partner.create({"name": "Carol", "sms_number": "+32 471 00 00 02"})
        cls.dave = cls.Partner.create({"name": "Dave"})

    def _composer(self, partners, channel="sms", user=None, **values):
        action = partners.with_user(user or self.agent)._contact_centre_composer_action(channel)
        composer = Form(
            self.env["contact.centre.composer"]
            .with_user(user or self.agent)
            .with_context(**action["context"])
        )
        composer.provider_id = self.sandbox_sms if channel == "sms" else self.sandbox_whatsapp
        for name, value in values.items():
            setattr(composer, name, value)
        return composer.save()

    def _results(self, composer):
        return {line.partner_id: (line.result, line.reason) for line in composer.line_ids}

    def test_one_contact_is_sent_at_once_with_placeholders_filled(self):
        composer = self._composer(self.bob, body="Hello {{ object.name }}, your parcel left.")
        self.assertIn("Hello Bob, your parcel left.", composer.preview_html)
        composer.action_send()
        self._commit_point()
        message = composer.line_ids.message_id
        self.assertEqual(message.body_text, "Hello Bob, your parcel left.")
        self.assertEqual((message.status, message.channel), ("sent", "sms"))
        self.assertEqual(composer.line_ids.message_status, "sent")

    def test_contacts_selected_in_the_action_menu_are_the_recipients(self):
        Composer = self.env["contact.centre.composer"].with_user(self.agent)
        selected = self.bob | self.carol
        composer = Form(Composer.with_context(active_model="res.partner", active_ids=selected.ids))
        self.assertEqual(composer.partner_ids[:], selected)
        opened_elsewhere = Form(
            Composer.with_context(active_model="discuss.channel", active_ids=selected.ids)
        )
        self.assertFalse(opened_elsewhere.partner_ids[:])

    def test_sms_parts_are_counted_before_sending(self):
        composer = self._composer(self.bob | self.carol, body="Hello {{ object.name }}")
        self.assertEqual(
            composer.send_estimate,
            "2 SMS in all (longest message: 11 characters in GSM-7, 1 SMS)",
        )
        composer = self._composer(self.bob, body="Thanks 👍 " + "x" * 70)
        self.assertEqual(
            composer.send_estimate,
            "2 SMS in all (longest message: 80 characters in UCS-2, 2 SMS)",
        )
        self.assertFalse(
            self._composer(self.alice, channel="whatsapp", body="Hello").send_estimate,
            "WhatsApp messages are not counted in parts",
        )

    def test_each_recipient_says_what_happened(self):
        self.carol.opt_out_sms = True
        composer = self._composer(self.bob | self.carol | self.dave, body="News")
        composer.action_send()
        results = self._results(composer)
        self.assertEqual(results[self.bob], ("queued", False))
        self.assertEqual(results[self.carol][0], "refused")
        self.assertIn("opted out", results[self.carol][1])
        self.assertIn("has no SMS number", results[self.dave][1])
        self.assertFalse(
            self.Message.search([("contact_id", "in", (self.carol | self.dave).ids)]),
            "nothing is queued for a refused recipient",
        )

    def test_whatsapp_template_outside_the_window(self):
        template = self.env["contact.centre.template"].create(
            {"name": "Reminder", "channel": "whatsapp", "body": "Hi {{ object.name }}!"}
        )
        free = self._composer(self.alice, channel="whatsapp", body="Free text")
        free.action_send()
        self.assertIn("window", free.line_ids.reason)
        composer = self._composer(self.alice, channel="whatsapp", template_id=template)
        self.assertEqual(composer.body, "Hi {{ object.name }}!")
        composer.action_send()
        self.assertEqual(composer.line_ids.result, "queued")
        self.assertEqual(composer.line_ids.message_id.body_text, "Hi Alice!")

    def test_only_agents_send(self):
        composer = self._composer(self.bob, body="Hi")
        with self.assertRaises(AccessError):
            composer.with_user(self.cc_user).action_send()

    def test_forward_and_reply(self):
        provider = self.sandbox_sms
        event = provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "fwd-1",
                    "from": "+33698765432",
                    "text": "Please call me",
                    "timestamp": int(time.time()),
                }
            ]
        )
        event._process()
        message = self.Message.search([("external_message_id", "=", "fwd-1")])
        forward = message.action_forward()
        self.assertEqual(forward["context"]["default_body"], "Please call me")
        reply = message.with_user(self.agent).action_reply()
        self.assertEqual(reply["tag"], "mail.action_discuss")
        self.assertEqual(message.conversation_id.cc_agent_id, self.agent)
