from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import GROUP_MANAGER, ContactCentreCommon


@tagged("post_install", "-at_install")
class TestSecurity(ContactCentreCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.unassigned = cls._message(cls.alice)
        cls.agent_message = cls._message(cls.alice, assigned_agent_id=cls.agent.id)
        cls.other_agent_message = cls._message(cls.bob, assigned_agent_id=cls.other_agent.id)
        cls.all_messages = cls.unassigned | cls.agent_message | cls.other_agent_message

    def _visible(self, user):
        return self.Message.with_user(user).search([("id", "in", self.all_messages.ids)])

    def test_groups_imply_each_other(self):
        self.assertTrue(self.cc_admin.has_group("cc_base.group_contact_centre_manager"))
        self.assertTrue(self.manager.has_group("cc_base.group_contact_centre_agent"))
        self.assertTrue(self.agent.has_group("cc_base.group_contact_centre_user"))
        self.assertFalse(self.agent.has_group("cc_base.group_contact_centre_manager"))
        self.assertTrue(
            self.env.ref("base.user_admin").has_group("cc_base.group_contact_centre_admin")
        )

    def test_agent_sees_own_and_unassigned_messages(self):
        self.assertEqual(self._visible(self.agent), self.unassigned | self.agent_message)
        self.assertEqual(self._visible(self.cc_user), self.unassigned)

    def test_agent_cannot_read_another_agents_conversation(self):
        with self.assertRaises(AccessError):
            self.other_agent_message.with_user(self.agent).read(["body_text"])
        with self.assertRaises(AccessError):
            self.other_agent_message.with_user(self.agent).write({"status": "read"})

    def test_managers_see_everything(self):
        self.assertEqual(self._visible(self.manager), self.all_messages)
        self.assertEqual(self._visible(self.cc_admin), self.all_messages)

    def test_partner_counts_follow_what_the_agent_may_see(self):
        self.assertEqual(self.bob.with_user(self.agent).whatsapp_message_count, 0)
        self.assertEqual(self.bob.with_user(self.manager).whatsapp_message_count, 1)

    def test_users_cannot_change_configuration(self):
        for model, values in (
            ("contact.centre.tag", {"name": "New tag"}),
            ("contact.centre.template", {"name": "T", "channel": "sms", "body": "Hi"}),
            ("contact.centre.provider", {"name": "Account", "channel": "sms"}),
        ):
            for user in (self.cc_user, self.agent):
                with self.subTest(model=model, user=user.login), self.assertRaises(AccessError):
                    self.env[model].with_user(user).create(values)

    def test_managers_manage_tags_and_templates_not_providers(self):
        self.env["contact.centre.tag"].with_user(self.manager).create({"name": "Manager tag"})
        self.env["contact.centre.template"].with_user(self.manager).create(
            {"name": "T", "channel": "sms", "body": "Hi"}
        )
        with self.assertRaises(AccessError):
            self.env["contact.centre.provider"].with_user(self.manager).create(
                {"name": "Account", "channel": "sms"}
            )
        self.env["contact.centre.provider"].with_user(self.cc_admin).create(
            {"name": "Account", "channel": "sms"}
        )

    def test_users_and_agents_cannot_rewrite_messages(self):
        for user in (self.cc_user, self.agent):
            message = self.unassigned.with_user(user)
            for values in (
                {"body_text": "forged"},
                {"direction": "outbound"},
                {"assigned_agent_id": user.id},
                {"assigned_agent_id": self.other_agent.id},
            ):
                with self.subTest(user=user.login, values=values), self.assertRaises(AccessError):
                    message.write(values)
            with self.assertRaises(AccessError):
                message.unlink()
            with self.assertRaises(AccessError):
                self.Message.with_user(user).create(
                    {"contact_id": self.alice.id, "channel": "sms", "direction": "inbound"}
                )
        self.assertEqual(self.unassigned.body_text, "Hello")
        self.assertFalse(self.unassigned.assigned_agent_id)

    def test_managers_reassign_conversations(self):
        self.unassigned.with_user(self.manager).assigned_agent_id = self.other_agent
        self.assertEqual(self.unassigned.assigned_agent_id, self.other_agent)

    def test_contact_centre_search_fields_only_for_its_users(self):
        plain = new_test_user(self.env, login="plain_user", groups="base.group_user")
        for user, shown in ((plain, False), (self.cc_user, True)):
            arch = self.Partner.with_user(user).get_views([(False, "search")])["views"]["search"][
                "arch"
            ]
            with self.subTest(user=user.login):
                self.assertEqual("contact_centre_tag_ids" in arch, shown)
                self.assertEqual("contact_centre_opted_out" in arch, shown)

    def test_agent_keeps_contacts_up_to_date(self):
        tag = self.env["contact.centre.tag"].create({"name": "Test VIP"})
        self.alice.with_user(self.agent).write(
            {"contact_centre_tag_ids": [(4, tag.id)], "opt_out_sms": True}
        )
        self.assertEqual(self.alice.contact_centre_tag_ids, tag)

    def test_records_stay_in_their_company(self):
        other_company = self.env["res.company"].create({"name": "Other Company"})
        provider = self.env["contact.centre.provider"].create(
            {"name": "Other account", "channel": "whatsapp", "company_id": other_company.id}
        )
        foreign = self._message(self.alice, company_id=other_company.id, provider_id=provider.id)
        outsider = new_test_user(
            self.env, login="cc_outsider", groups=f"base.group_user,{GROUP_MANAGER}"
        )
        self.assertFalse(
            self.Message.with_user(outsider).search([("id", "=", foreign.id)]),
            "even a manager only sees the messages of their companies",
        )
        Provider = self.env["contact.centre.provider"].with_user(outsider)
        self.assertFalse(Provider.search([("id", "=", provider.id)]))
        with self.assertRaises(AccessError):
            foreign.with_user(outsider).read(["body_text"])
        outsider.company_ids |= other_company
        self.assertEqual(
            self.Message.with_user(outsider)
            .with_context(allowed_company_ids=[other_company.id])
            .search([("id", "=", foreign.id)]),
            foreign,
        )

    def test_discuss_sub_channels_follow_their_parents_group(self):
        """cc_base has Discuss's access rule read a sub-channel's parent in a
        subquery rather than a join: an employee still sees the threads of
        the channels of his groups, and only those."""
        Channel = self.env["discuss.channel"]
        public, admins = Channel.create(
            [
                {"name": "Everyone", "group_public_id": self.env.ref("base.group_user").id},
                {"name": "Admins", "group_public_id": self.env.ref("base.group_system").id},
            ]
        )
        threads = Channel.create(
            [
                {"name": f"{parent.name} thread", "parent_channel_id": parent.id}
                for parent in public | admins
            ]
        )
        self.assertEqual(
            Channel.with_user(self.agent).search([("id", "in", (public | admins | threads).ids)]),
            public | threads[0],
        )
