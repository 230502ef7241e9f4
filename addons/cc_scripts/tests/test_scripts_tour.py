import time

from odoo.tests import HttpCase, new_test_user, tagged

from odoo.addons.cc_base.tests.common import GROUP_AGENT


@tagged("post_install", "-at_install")
class TestScriptsTour(HttpCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="tour_scripts_agent",
            groups=f"base.group_user,{GROUP_AGENT}",
            name="Tour Scripts Agent",
        )
        Script = cls.env["contact.centre.script"]
        Script.search([]).active = False
        cls.greeting = Script.create(
            {
                "name": "Tour Welcome",
                "script_type": "greeting",
                "sequence": 1,
                "content_html": "<p>Hello {{ object.name }}!</p>",
            }
        )
        cls.pricing = Script.create(
            {
                "name": "Tour Prices",
                "script_type": "pricing",
                "sequence": 2,
                "trigger_keywords": "price, cost",
                "content_html": "<p>{{ object.name }}, our premium plan costs 29 € a month.</p>",
            }
        )
        provider = cls.env["contact.centre.provider"].create(
            {
                "name": "Tour Scripts Sandbox",
                "code": "sandbox",
                "channel": "whatsapp",
                "state": "enabled",
            }
        )
        provider._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": "tour-scripts-1",
                    "from": "+32470998866",
                    "name": "Tour Customer",
                    "text": "What is the price of your premium plan?",
                    "timestamp": int(time.time()),
                }
            ]
        )._process()
        cls.conversation = (
            cls.env["contact.centre.message"]
            .search([("external_message_id", "=", "tour-scripts-1")])
            .conversation_id
        )
        cls.conversation._cc_assign(cls.agent)

    def _start(self, tour):
        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{self.conversation.id}",
            tour,
            login="tour_scripts_agent",
        )

    def test_agent_inserts_the_suggested_pricing_script_edits_and_sends_it(self):
        self._start("cc_scripts_panel")
        reply = self.env["contact.centre.message"].search(
            [("conversation_id", "=", self.conversation.id), ("direction", "=", "outbound")]
        )
        self.assertEqual(
            reply.body_text, "Tour Customer, our premium plan costs 29 € a month. Today it is 25 €!"
        )
        self.assertEqual(self.pricing.usage_count, 1)
        self.assertEqual(self.pricing.usage_ids.conversation_id, self.conversation)
        self.assertEqual(self.greeting.usage_count, 0)

    def test_colon_shortcut_offers_the_scripts(self):
        self._start("cc_scripts_shortcut")
        self.assertEqual(self.pricing.usage_count, 1)

    def test_message_form_offers_the_scripts(self):
        message = self.env["contact.centre.message"].search(
            [("external_message_id", "=", "tour-scripts-1")]
        )
        self.start_tour(
            f"/odoo/action-cc_base.contact_centre_message_action_inbound/{message.id}",
            "cc_scripts_message_form",
            login="tour_scripts_agent",
        )
        self.assertEqual(self.pricing.usage_count, 1)
