from datetime import datetime

from odoo.addons.cc_base.tests.common import ContactCentreCommon

BRUSSELS = "Europe/Brussels"


class DashboardCommon(ContactCentreCommon):
    """A known day of the contact centre, Friday 6 March 2026 at 13:00 in
    Brussels (12:00 UTC), and the evening before:

    * Alice, WhatsApp account with business hours (Monday to Friday, 9:00 to
      17:00, Brussels), agent: writes Thursday 17:30 and 17:40 (after hours),
      answered Friday 9:30 (30 business minutes each); writes 10:00, answered
      10:10 (10 minutes). The conversation is open.
    * Bob, SMS account without hours, the other agent: writes 11:00, answered
      11:05 (5 minutes); writes 12:00, not answered, unread; a message to him
      failed 12:30 (no credit). The conversation is pending.
    * Carol, WhatsApp, nobody's: writes 12:45, unread.
    * Dave, SMS, the other agent: writes Friday 0:30 in Brussels (Thursday
      23:30 UTC), answered 0:50 (20 minutes); the conversation is resolved.

    Times above are Brussels time (UTC+1); the data is written in UTC.
    """

    freeze_time = "2026-03-06 12:00:00"

    @staticmethod
    def _page(dashboard, options):
        """What the Overview page shows for these options: its two calls."""
        return {**dashboard.get_overview(options), "agents": dashboard.get_agents(options)}

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Monday to Friday, 9:00-17:00 in Brussels.
        cls.office_hours = cls.env["resource.calendar"].create(
            {
                "name": "Brussels desk",
                "tz": BRUSSELS,
                "attendance_ids": [
                    (
                        0,
                        0,
                        {
                            "name": f"Day {day}",
                            "dayofweek": str(day),
                            "hour_from": 9,
                            "hour_to": 17,
                        },
                    )
                    for day in range(5)
                ],
            }
        )
        cls.sandbox_whatsapp.cc_business_hours_id = cls.office_hours
        cls.carol = cls.Partner.create({"name": "Carol", "whatsapp_number": "+32 470 11 22 33"})
        cls.dave = cls.Partner.create({"name": "Dave", "sms_number": "+32 470 44 55 66"})
        Conversation = cls.env["discuss.channel"]
        cls.alice_chat = Conversation._cc_conversation_for(cls.alice, cls.sandbox_whatsapp)
        cls.bob_chat = Conversation._cc_conversation_for(cls.bob, cls.sandbox_sms)
        cls.carol_chat = Conversation._cc_conversation_for(cls.carol, cls.sandbox_whatsapp)
        cls.dave_chat = Conversation._cc_conversation_for(cls.dave, cls.sandbox_sms)
        cls.alice_chat._cc_assign(cls.agent)
        (cls.bob_chat | cls.dave_chat)._cc_assign(cls.other_agent)

        cls.m1 = cls._say(cls.alice_chat, "inbound", (3, 5, 16, 30), status="read")
        cls.m2 = cls._say(cls.alice_chat, "inbound", (3, 5, 16, 40), status="read")
        cls.r1 = cls._say(cls.alice_chat, "outbound", (3, 6, 8, 30), status="delivered")
        cls.m3 = cls._say(cls.alice_chat, "inbound", (3, 6, 9, 0), status="read")
        cls.r2 = cls._say(cls.alice_chat, "outbound", (3, 6, 9, 10), status="read")
        cls.m4 = cls._say(cls.bob_chat, "inbound", (3, 6, 10, 0), status="read")
        cls.r3 = cls._say(cls.bob_chat, "outbound", (3, 6, 10, 5), status="delivered")
        cls.m5 = cls._say(cls.bob_chat, "inbound", (3, 6, 11, 0))
        cls.f1 = cls._say(
            cls.bob_chat, "outbound", (3, 6, 11, 30), status="failed", failure_type="credit"
        )
        cls.m6 = cls._say(cls.carol_chat, "inbound", (3, 6, 11, 45))
        cls.m7 = cls._say(cls.dave_chat, "inbound", (3, 5, 23, 30), status="read")
        cls.r4 = cls._say(cls.dave_chat, "outbound", (3, 5, 23, 50), status="sent")
        cls.bob_chat.cc_state = "pending"
        cls.dave_chat.with_user(cls.other_agent).action_cc_resolve()
        cls.Dashboard = cls.env["contact.centre.dashboard"].with_context(tz=BRUSSELS)

    @classmethod
    def _say(cls, conversation, direction, when, **values):
        """A message of the conversation at `when` (month, day, hour, minute
        of 2026, UTC)."""
        return cls._message(
            conversation.cc_contact_id,
            channel=conversation.cc_channel,
            direction=direction,
            provider_id=conversation.cc_provider_id.id,
            conversation_id=conversation.id,
            message_timestamp=datetime(2026, *when),
            **values,
        )
