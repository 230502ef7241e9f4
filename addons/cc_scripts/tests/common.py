from datetime import timedelta

from odoo import fields

from odoo.addons.cc_base.tests.common import ContactCentreCommon


class ScriptsCommon(ContactCentreCommon):
    """Scripts of each kind (demo data aside) and a conversation with Alice."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Script = cls.env["contact.centre.script"]
        # Only this class's scripts take part in the ranking.
        cls.Script.search([]).active = False
        cls.category = cls.env["contact.centre.script.category"].create({"name": "Test Scripts"})

        def script(name, script_type, sequence, **values):
            return cls.Script.create(
                {
                    "name": name,
                    "script_type": script_type,
                    "sequence": sequence,
                    "category_id": cls.category.id,
                    "content_html": f"<p>{name} for {{{{ object.name }}}}</p>",
                    **values,
                }
            )

        cls.greeting = script("Greeting", "greeting", 10, trigger_keywords="hello, hi")
        cls.pricing = script("Pricing", "pricing", 20, trigger_keywords="price, how much, tarif")
        cls.delivery = script("Delivery", "support", 30, trigger_keywords="order, parcel")
        cls.vip = script("VIP", "product_info", 40)
        cls.closing = script("Closing", "closing", 90, trigger_keywords="thanks")
        cls.vip_tag = cls.env["contact.centre.tag"].create({"name": "Test VIP"})
        cls.vip.contact_tag_ids = cls.vip_tag
        cls.conversation = cls.env["discuss.channel"]._cc_conversation_for(
            cls.alice, cls.sandbox_whatsapp
        )
        cls._clock = fields.Datetime.now() - timedelta(hours=1)

    @classmethod
    def _say(cls, text, direction="inbound", conversation=None):
        """A message in the conversation, each one a minute after the last."""
        cls._clock += timedelta(minutes=1)
        conversation = conversation or cls.conversation
        return cls._message(
            conversation.cc_contact_id,
            direction=direction,
            body_text=text,
            conversation_id=conversation.id,
            provider_id=conversation.cc_provider_id.id,
            message_timestamp=cls._clock,
            status="received" if direction == "inbound" else "sent",
        )

    def _ranking(self, conversation=None):
        scripts, _scores = self.Script.get_relevant_scripts(conversation or self.conversation)
        return scripts
