from odoo.tests import TransactionCase, new_test_user

GROUP_USER = "cc_base.group_contact_centre_user"
GROUP_AGENT = "cc_base.group_contact_centre_agent"
GROUP_MANAGER = "cc_base.group_contact_centre_manager"
GROUP_ADMIN = "cc_base.group_contact_centre_admin"


class ContactCentreCommon(TransactionCase):
    """A Belgian company with one user per contact-centre group and two contacts."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.company = cls.env.company
        cls.company.country_id = cls.env.ref("base.be")
        cls.country_be = cls.env.ref("base.be")
        cls.country_fr = cls.env.ref("base.fr")
        cls.country_us = cls.env.ref("base.us")

        def user(login, group):
            return new_test_user(
                cls.env, login=login, groups=f"base.group_user,{group}", name=login.title()
            )

        cls.cc_user = user("cc_user", GROUP_USER)
        cls.agent = user("cc_agent", GROUP_AGENT)
        cls.other_agent = user("cc_other_agent", GROUP_AGENT)
        cls.manager = user("cc_manager", GROUP_MANAGER)
        cls.cc_admin = user("cc_admin", GROUP_ADMIN)

        cls.Provider = cls.env["contact.centre.provider"]
        cls.sandbox_whatsapp = cls.Provider.create(
            {"name": "Test WhatsApp", "code": "sandbox", "channel": "whatsapp", "state": "enabled"}
        )
        cls.sandbox_sms = cls.Provider.create(
            {"name": "Test SMS", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )
        cls.Partner = cls.env["res.partner"]
        cls.Message = cls.env["contact.centre.message"]
        cls.alice = cls.Partner.create(
            {"name": "Alice", "country_id": cls.country_be.id, "whatsapp_number": "0470 12 34 56"}
        )
        cls.bob = cls.Partner.create(
            {"name": "Bob", "country_id": cls.country_fr.id, "sms_number": "06 98 76 54 32"}
        )

    @classmethod
    def _message(cls, contact, channel="whatsapp", direction="inbound", **values):
        return cls.env["contact.centre.message"].create(
            {
                "contact_id": contact.id,
                "channel": channel,
                "direction": direction,
                "body_text": values.pop("body_text", "Hello"),
                **values,
            }
        )

    @classmethod
    def _queue(cls, contact, channel="whatsapp", send_now=False, **values):
        """An outbound message through the compliance gate and the queue;
        send_now sends it as the transaction commits, as for an agent's reply."""
        provider = cls.sandbox_whatsapp if channel == "whatsapp" else cls.sandbox_sms
        messages = cls.env["contact.centre.message"]._queue_outbound(
            [
                {
                    "contact_id": contact.id,
                    "channel": channel,
                    "provider_id": provider.id,
                    "body_text": values.pop("body_text", "Hello"),
                    **values,
                }
            ],
            send_now=send_now,
        )
        if send_now:
            cls._commit_point()
        return messages

    @classmethod
    def _commit_point(cls):
        """What a request's commit does first: flush, then run the precommit
        hooks (where interactive messages are sent)."""
        cls.env.cr.flush()
