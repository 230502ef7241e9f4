import json
import time
from unittest.mock import patch

from odoo.tests import tagged

from ..tools import WebhookRequest, split_store
from .common import ContactCentreCommon

NOW = int(time.time())


@tagged("post_install", "-at_install")
class TestInboundBatch(ContactCentreCommon):
    """The webhook cron applies a batch of events together: contacts,
    conversations, messages and Discuss posts made in bulk, with what an agent
    with Discuss open sees, and each event still on its own when one fails."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Event = cls.env["contact.centre.webhook.event"]
        cls.provider = cls.sandbox_sms

    def _store(self, *events):
        """Each event as a webhook of its own, stored as the route stores it."""
        stored = self.Event
        for event in events:
            stored |= self.provider._sandbox_receive([event])
        return stored

    def _inbound(self, external_id, sender, text="Hi"):
        return {
            "type": "message",
            "id": external_id,
            "from": sender,
            "text": text,
            "name": f"Customer {sender[-3:]}",
            "timestamp": NOW,
        }

    def _messages(self, *external_ids):
        return self.Message.search(
            [("external_message_id", "in", external_ids)], order="external_message_id"
        )

    def test_a_batch_from_several_customers_gives_each_their_conversation(self):
        self.env["discuss.channel"]._cc_conversation_for(self.bob, self.provider)
        events = self._store(
            self._inbound("b-1", "+32470000501", "First"),
            self._inbound("b-2", self.bob.sms_number, "Bob here"),
            self._inbound("b-3", "+32470000501", "Second"),
            self._inbound("b-4", "+32 470 00 05 02", "Third"),
        )
        conversation_type = type(self.env["discuss.channel"])
        with patch.object(conversation_type, "_bus_send", autospec=True) as sent:
            events._process()
        self.assertEqual(set(events.mapped("state")), {"done"})
        first, bob, second, third = self._messages("b-1", "b-2", "b-3", "b-4")
        self.assertEqual(bob.contact_id, self.bob, "a known customer is found")
        self.assertEqual(first.contact_id, second.contact_id, "one contact per number")
        self.assertEqual(first.contact_id.name, "Customer 501")
        self.assertEqual(third.contact_id.sms_number, "+32470000502")
        self.assertEqual(first.conversation_id, second.conversation_id)
        self.assertEqual(
            len((first | bob | third).conversation_id), 3, "each customer has their own"
        )
        for message in (first, bob, second, third):
            post = message.mail_message_id
            self.assertEqual(
                (post.model, post.res_id, post.author_id, post.message_type),
                ("discuss.channel", message.conversation_id.id, message.contact_id, "comment"),
            )
            self.assertIn(message.body_text, post.body)
            self.assertEqual(message.status, "received")
        self.assertEqual(first.conversation_id.cc_unread_count, 2)
        # What an open Discuss thread needs: each message, on its channel,
        # with its author, as message_post sends it.
        new_messages = [
            (call.args[0], call.args[2])
            for call in sent.call_args_list
            if call.args[1] == "discuss.channel/new_message"
        ]
        self.assertEqual(
            [(channel.id, payload["id"]) for channel, payload in new_messages],
            [(m.conversation_id.id, m.conversation_id.id) for m in (first, second, bob, third)],
        )
        for _channel, payload in new_messages:
            [post] = payload["data"]["mail.message"]
            [author] = payload["data"]["res.partner"]
            self.assertEqual(author["id"], post["author"]["id"])
        self.assertEqual(
            {post["id"] for _c, p in new_messages for post in p["data"]["mail.message"]},
            set((first | second | bob | third).mail_message_id.ids),
        )

    def test_applying_a_batch_twice_changes_nothing(self):
        events = self._store(
            self._inbound("t-1", "+32470000601"), self._inbound("t-2", "+32470000602")
        )
        events._process()
        events.write({"state": "pending"})
        events._process()
        messages = self._messages("t-1", "t-2")
        self.assertEqual(len(messages), 2)
        self.assertEqual(
            self.env["mail.message"].search_count(
                [("model", "=", "discuss.channel"), ("res_id", "in", messages.conversation_id.ids)]
            ),
            2,
        )

    def test_a_bad_event_leaves_the_others_applied(self):
        good = self._store(self._inbound("g-1", "+32470000701"))
        bad = self.Event._store(
            self.provider,
            WebhookRequest("POST", "/bench", json.dumps({"events": [{"type": "?"}]}).encode()),
        )
        later = self._store(self._inbound("g-2", "+32470000702"))
        (good | bad | later)._process()
        self.assertEqual((good | later).mapped("state"), ["done", "done"])
        self.assertEqual((bad.state, bad.attempt_count), ("failed", 1))
        self.assertIn("PayloadError", bad.error)
        self.assertEqual(len(self._messages("g-1", "g-2").mail_message_id), 2)

    def test_consent_keywords_apply_to_each_message_of_a_batch(self):
        events = self._store(
            self._inbound("k-1", "+32470000801", "STOP"),
            self._inbound("k-2", "+32470000802", "Hello"),
        )
        events._process()
        stop, hello = self._messages("k-1", "k-2")
        self.assertEqual(stop.handled_by, "consent_keyword")
        self.assertTrue(stop.contact_id.opt_out_sms)
        self.assertFalse(hello.handled_by)
        self.assertFalse(hello.contact_id.opt_out_sms)

    def test_statuses_of_a_batch_move_each_message_forward(self):
        conversation = self.env["discuss.channel"]._cc_conversation_for(self.bob, self.provider)
        sent = self.Message.create(
            [
                {
                    "contact_id": self.bob.id,
                    "conversation_id": conversation.id,
                    "channel": "sms",
                    "direction": "outbound",
                    "provider_id": self.provider.id,
                    "body_text": f"Out {index}",
                    "status": "sent",
                    "external_message_id": f"out-{index}",
                    "mail_message_id": self.env["mail.message"]
                    .create(
                        {
                            "model": "discuss.channel",
                            "res_id": conversation.id,
                            "body": f"Out {index}",
                            "message_type": "comment",
                        }
                    )
                    .id,
                }
                for index in range(3)
            ]
        )

        def status(index, value):
            return {"type": "status", "id": f"out-{index}", "status": value, "timestamp": NOW}

        events = self._store(
            status(0, "delivered"),
            status(0, "read"),
            status(1, "read"),
            status(1, "delivered"),
            {**status(2, "failed"), "failure_type": "wrong_number", "error": "No such number"},
        )
        with patch.object(type(conversation), "_bus_send", autospec=True) as notified:
            events._process()
        self.assertEqual(set(events.mapped("state")), {"done"})
        self.assertEqual(sent.mapped("status"), ["read", "read", "failed"])
        self.assertEqual(
            (sent[2].failure_type, sent[2].error_message), ("wrong_number", "No such number")
        )
        [(channel, notification, data)] = [call.args[:3] for call in notified.call_args_list]
        self.assertEqual((channel, notification), (conversation, "mail.record/insert"))
        self.assertEqual(
            {(values["id"], values["cc_status"]) for values in data["mail.message"]},
            {(m.mail_message_id.id, m.status) for m in sent},
        )

    def test_split_store_keeps_what_each_record_names(self):
        data = {
            "mail.message": [
                {"id": 10, "author": {"id": 1, "type": "partner"}, "attachment_ids": [7]},
                {"id": 11, "author": {"id": 2, "type": "partner"}, "attachment_ids": []},
            ],
            "res.partner": [{"id": 1, "name": "Ann"}, {"id": 2, "name": "Bob"}],
            "ir.attachment": [{"id": 7}],
            "Store": {"settings": True},
        }
        self.assertEqual(
            split_store(data, "mail.message"),
            {
                10: {
                    "mail.message": [data["mail.message"][0]],
                    "res.partner": [{"id": 1, "name": "Ann"}],
                    "ir.attachment": [{"id": 7}],
                    "Store": {"settings": True},
                },
                11: {
                    "mail.message": [data["mail.message"][1]],
                    "res.partner": [{"id": 2, "name": "Bob"}],
                    "Store": {"settings": True},
                },
            },
        )
