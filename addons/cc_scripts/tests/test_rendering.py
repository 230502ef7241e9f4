from odoo.tests import Form, tagged

from .common import ScriptsCommon


@tagged("post_install", "-at_install")
class TestRendering(ScriptsCommon):
    """Placeholders are filled for the conversation at hand; HTML stays safe."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.acme = cls.Partner.create({"name": "Acme Corp", "is_company": True})
        cls.alice.write({"parent_id": cls.acme.id, "city": "Ghent"})
        cls.script = cls.Script.with_user(cls.manager).create(
            {
                "name": "Welcome",
                "content_html": "<p>Hello <strong>{{ object.name }}</strong> "
                "({{ object.commercial_company_name ||| private}}) in "
                "{{ object.city ||| your town}}, this is {{ user.name }}.</p>",
            }
        )

    def test_placeholders_are_filled_for_the_contact_and_the_agent(self):
        text = self.script.with_user(self.agent)._render_text(self.alice)
        self.assertEqual(text, "Hello *Alice* (Acme Corp) in Ghent, this is Cc_Agent.")
        text = self.script.with_user(self.agent)._render_text(self.bob)
        self.assertEqual(text, "Hello *Bob* (private) in your town, this is Cc_Agent.")

    def test_contact_data_is_escaped_in_html_and_kept_in_text(self):
        mallory = self.Partner.create({"name": "<img src=x onerror=alert(1)> & Co"})
        html = self.script.with_user(self.agent)._render_html(mallory)
        self.assertIn("<strong>&lt;img src=x onerror=alert(1)&gt; &amp; Co</strong>", html)
        self.assertNotIn("<img", html)
        text = self.script.with_user(self.agent)._render_text(mallory)
        self.assertIn("*<img src=x onerror=alert(1)> & Co*", text)

    def test_plain_text_follows_the_html(self):
        self.assertEqual(
            self.script.content_text,
            "Hello *{{ object.name }}* ({{ object.commercial_company_name ||| private}}) in "
            "{{ object.city ||| your town}}, this is {{ user.name }}.",
        )
        self.script.content_html = "<p>Bye {{ object.name }}</p><p>See you</p>"
        self.assertEqual(self.script.content_text, "Bye {{ object.name }}\nSee you")
        imported = self.Script.create({"name": "Imported", "content_text": "Hi {{ object.name }}"})
        self.assertIn("Hi {{ object.name }}", imported.content_html)
        self.assertEqual(imported._render_text(self.alice), "Hi Alice")

    def test_form_previews_the_script_for_a_chosen_contact(self):
        form = Form(self.script.with_user(self.manager))
        self.assertIn("{{ object.name }}", form.preview_html)
        form.preview_partner_id = self.alice
        self.assertIn("Hello <strong>Alice</strong> (Acme Corp) in Ghent", form.preview_html)
        form.content_html = "<p>Dear {{ object.name }}</p>"
        self.assertIn("Dear Alice", form.preview_html)
        self.assertEqual(form.content_text, "Dear {{ object.name }}")
