import time
from datetime import timedelta

from odoo import fields

from odoo.addons.cc_base.tests.common import ContactCentreCommon


class CampaignCommon(ContactCentreCommon):
    """cc_base's company, users, Sandbox accounts (no rate limit) and
    contacts, a WhatsApp template, and helpers to run campaigns."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        ours = cls.sandbox_whatsapp | cls.sandbox_sms
        ours.rate_limit = 0
        # Campaigns send through each channel's default account: ours (demo
        # data may hold others).
        cls.Provider.search([("id", "not in", ours.ids)]).state = "disabled"
        # The test company writes at any hour unless a test says otherwise.
        cls.company.cc_quiet_hours = False
        cls.Campaign = cls.env["contact.centre.campaign"]
        cls.template = cls.env["contact.centre.template"].create(
            {"name": "Promo", "channel": "whatsapp", "body": "Hello {{ object.name }}, 20% off!"}
        )
        cls.carol = cls.Partner.create(
            {
                "name": "Carol",
                "country_id": cls.country_be.id,
                "whatsapp_number": "+32470000003",
                "sms_number": "+32470000003",
            }
        )

    @classmethod
    def _campaign(cls, contacts=None, **values):
        return cls.Campaign.with_user(cls.manager).create(
            {
                "name": values.pop("name", "Spring sale"),
                "channel": values.pop("channel", "sms"),
                "contact_ids": [fields.Command.set(contacts.ids)] if contacts else [],
                "message_body": values.pop("message_body", "Hi {{ object.name }}!"),
                **values,
            }
        )

    def _run(self, campaign):
        """Start the campaign and let the runner queue its audience."""
        campaign.with_user(self.manager).action_start()
        self.Campaign._cron_run_campaigns()
        return campaign.message_ids

    def _send(self):
        self.Message._cron_send_queued()

    def _deliver(self):
        (self.sandbox_whatsapp | self.sandbox_sms).action_sandbox_deliver_now()

    def _reply(self, contact, text, channel="sms", ago=None):
        """contact writes to us, through the Sandbox's webhook event store."""
        provider = self.sandbox_sms if channel == "sms" else self.sandbox_whatsapp
        number = contact.sms_number if channel == "sms" else contact.whatsapp_number
        stamp = time.time() - (ago or timedelta()).total_seconds()
        event = provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": f"in-{contact.id}-{text}-{stamp}",
                    "from": number,
                    "text": text,
                    "timestamp": int(stamp),
                }
            ]
        )
        event._process()
        return self.Message.search(
            [("contact_id", "=", contact.id), ("direction", "=", "inbound")], limit=1
        )
