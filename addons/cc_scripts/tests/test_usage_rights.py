from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import ScriptsCommon


@tagged("post_install", "-at_install")
class TestUsageAndRights(ScriptsCommon):
    """Agents use scripts and every use counts; managers write them."""

    def test_every_use_is_counted(self):
        self.assertEqual((self.pricing.usage_count, self.pricing.last_used), (0, False))
        self.pricing.with_user(self.agent).increment_usage(self.conversation.id)
        self.pricing.with_user(self.other_agent).increment_usage()
        self.pricing.invalidate_recordset()
        self.assertEqual(self.pricing.usage_count, 2)
        self.assertTrue(self.pricing.last_used)
        self.assertEqual(self.greeting.usage_count, 0)
        uses = self.pricing.usage_ids
        self.assertEqual(uses.user_id, self.agent | self.other_agent)
        self.assertEqual(
            uses.filtered(lambda u: u.user_id == self.agent).conversation_id, self.conversation
        )
        # Agents record only their own uses, yet see every use counted.
        as_agent = self.pricing.with_user(self.agent)
        self.assertEqual(as_agent.usage_count, 2)
        self.assertEqual(
            self.env["contact.centre.script.usage"].with_user(self.agent).search([]).user_id,
            self.agent,
        )

    def test_agents_use_scripts_but_cannot_change_them(self):
        as_agent = self.pricing.with_user(self.agent)
        self.assertEqual(as_agent.name, "Pricing")
        for attempt in (
            lambda: as_agent.write({"name": "Mine"}),
            lambda: self.Script.with_user(self.agent).create({"name": "Mine"}),
            lambda: as_agent.unlink(),
            lambda: self.category.with_user(self.agent).write({"name": "Mine"}),
        ):
            with self.assertRaises(AccessError):
                attempt()

    def test_managers_write_scripts_with_placeholders(self):
        script = self.Script.with_user(self.manager).create(
            {"name": "Signed", "content_html": "<p>Best regards, {{ user.name }}</p>"}
        )
        script.with_user(self.manager).write({"sequence": 1})
        self.assertEqual(
            script.with_user(self.agent)._render_text(self.alice), "Best regards, Cc_Agent"
        )
        self.env["contact.centre.script.category"].with_user(self.manager).create({"name": "Mine"})

    def test_users_who_are_not_agents_cannot_use_scripts(self):
        with self.assertRaises(AccessError):
            self.pricing.with_user(self.cc_user).increment_usage()
        with self.assertRaises(AccessError):
            self.Script.with_user(self.cc_user).get_panel_scripts(self.conversation.id)

    def test_agents_get_scripts_only_for_conversations_they_may_see(self):
        self.conversation._cc_assign(self.other_agent)
        with self.assertRaises(AccessError):
            self.Script.with_user(self.agent).get_panel_scripts(self.conversation.id)
        panel = self.Script.with_user(self.other_agent).get_panel_scripts(self.conversation.id)
        self.assertEqual(panel[0]["text"], "Greeting for Alice")
