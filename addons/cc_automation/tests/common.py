import itertools
import time
from datetime import datetime, timezone

from odoo.addons.cc_base.tests.common import ContactCentreCommon

_external_ids = itertools.count()


class AutomationCommon(ContactCentreCommon):
    """The base contacts and Sandbox accounts, a Brussels office calendar, and
    a way to receive a customer's message as a provider would deliver it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Automation = cls.env["contact.centre.automation"]
        cls.Chatbot = cls.env["contact.centre.chatbot"]
        # Monday to Friday, 8:00-12:00 and 13:00-17:00.
        cls.office_hours = cls.env["resource.calendar"].create(
            {"name": "Brussels office", "tz": "Europe/Brussels"}
        )

    def _receive(self, contact, text, channel="sms", at=None, sender=None):
        """The customer's message, through the Sandbox's webhook event store;
        at: when they sent it (naive UTC), now by default."""
        provider = self.sandbox_sms if channel == "sms" else self.sandbox_whatsapp
        number = sender or contact[f"{'sms' if channel == 'sms' else 'whatsapp'}_number"]
        external_id = f"test-in-{next(_external_ids)}"
        stamp = at.replace(tzinfo=timezone.utc).timestamp() if at else time.time()
        event = provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": external_id,
                    "from": number,
                    "text": text,
                    "timestamp": int(stamp),
                }
            ]
        )
        event._process()
        self.assertEqual(event.state, "done", event.error)
        return self.Message.search([("external_message_id", "=", external_id)])

    def _replies(self, contact):
        return self.Message.search(
            [("contact_id", "=", contact.id), ("direction", "=", "outbound")], order="id"
        )

    @staticmethod
    def _utc(*args):
        return datetime(*args)
