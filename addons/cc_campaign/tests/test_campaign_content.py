from odoo.tests import Form, tagged

from .common import CampaignCommon


@tagged("post_install", "-at_install")
class TestCampaignContent(CampaignCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.numbered = cls.env["contact.centre.template"].create(
            {
                "name": "Order ready",
                "channel": "whatsapp",
                "body": "Hi {{1}}, your order is ready in {{2}}. {{ object.name }}, see you!",
            }
        )
        cls.carol.city = "Ghent"

    def test_template_parameters_map_to_contact_fields(self):
        campaign = self._campaign(
            self.carol | self.bob,
            channel="whatsapp",
            use_template=True,
            template_id=self.numbered.id,
        )
        params = campaign.template_param_ids
        self.assertEqual(params.mapped("position"), [1, 2], "one line per {{n}} of the template")
        params[0].field_name = "name"
        params[1].write({"field_name": "city", "default_value": "our shop"})
        self._run(campaign)
        texts = {m.contact_id: m.body_text for m in campaign.message_ids}
        self.assertEqual(
            texts[self.carol], "Hi Carol, your order is ready in Ghent. Carol, see you!"
        )
        self.assertEqual(texts[self.bob], "Hi Bob, your order is ready in our shop. Bob, see you!")

    def test_preview_for_a_chosen_contact(self):
        with Form(self.Campaign.with_user(self.manager)) as form:
            form.name = "Preview"
            form.channel = "sms"
            form.contact_ids.add(self.bob)
            form.message_body = "Dear {{ object.name }}, *sale* today"
            self.assertEqual(form.preview_contact_id, self.bob, "the first of the audience")
            self.assertIn("Dear Bob, <b>sale</b> today", form.preview_html)
            form.preview_contact_id = self.carol
            self.assertIn("Dear Carol", form.preview_html)

    def test_changing_template_keeps_mapped_parameters(self):
        campaign = self._campaign(
            self.carol, channel="whatsapp", use_template=True, template_id=self.numbered.id
        )
        campaign.template_param_ids[0].field_name = "name"
        self.numbered.body = "Hello {{1}}"
        self.assertEqual(campaign.template_param_ids.mapped("position"), [1])
        self.assertEqual(campaign.template_param_ids.field_name, "name")
