from odoo.tests import tagged

from ..tools import whatsapp_to_html
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestMessageRendering(ContactCentreCommon):
    def _html(self, text):
        message = self._message(self.alice, body_text=text)
        return str(message.body_html), str(message.preview_html)

    def test_whatsapp_formatting(self):
        body, _preview = self._html("*bold* _italic_ ~struck~ ```mono *x*```")
        self.assertIn("<b>bold</b>", body)
        self.assertIn("<i>italic</i>", body)
        self.assertIn("<s>struck</s>", body)
        self.assertIn("<code>mono *x*</code>", body, "monospace is shown as typed")

    def test_marks_nest_but_never_overlap(self):
        self.assertEqual(whatsapp_to_html("*a _b_ c*"), "<b>a <i>b</i> c</b>")
        self.assertEqual(whatsapp_to_html("*a _b* c_"), "<b>a _b</b> c_")
        self.assertEqual(whatsapp_to_html("*bold** * no *"), "*bold** * no *")

    def test_marks_inside_words_stay_text(self):
        body, _preview = self._html("2*3*4 = 24, see snake_case_name and a ~ b ~ c")
        self.assertNotIn("<b>", body)
        self.assertNotIn("<i>", body)
        self.assertNotIn("<s>", body)

    def test_line_breaks(self):
        body, _preview = self._html("one\ntwo")
        self.assertIn("one<br>two", body)

    def test_customer_html_is_shown_as_text(self):
        body, preview = self._html('<b>Not happy</b> <a href="https://evil.example">click</a>')
        for html in (body, preview):
            self.assertIn("&lt;b&gt;Not happy&lt;/b&gt;", html)
            self.assertIn("&lt;a href=", html)
            self.assertNotIn("<a ", html)

    def test_markup_helpers_escape_before_any_sanitizer(self):
        # The helpers themselves, not only the sanitised Html fields, are safe.
        self.assertEqual(
            whatsapp_to_html('<script>alert("x")</script> *hi*'),
            "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; <b>hi</b>",
        )
        attachment = self.env["ir.attachment"].create(
            {"name": '<img src=x onerror="alert(1)">.png', "raw": b"x"}
        )
        bubble = self.Message._bubble_html(
            '"><svg onload=alert(1)>', "inbound", "whatsapp", attachments=attachment
        )
        self.assertNotIn("<img", bubble)
        self.assertNotIn("<svg", bubble)
        self.assertIn("&lt;img src=x onerror=&#34;alert(1)&#34;&gt;.png", bubble)

    def test_script_injection_is_escaped(self):
        attacks = [
            "<script>alert(1)</script>",
            '<img src=x onerror="alert(1)">',
            '*"><script>alert(1)</script>*',
            "_<svg/onload=alert(1)>_",
            "```</code><script>alert(1)</script>```",
        ]
        for attack in attacks:
            with self.subTest(attack=attack):
                body, preview = self._html(attack)
                for html in (body, preview):
                    self.assertNotIn("<script", html)
                    self.assertNotIn("<img", html)
                    self.assertNotIn("<svg", html)
                    self.assertIn("&lt;", html)

    def test_preview_bubble_shows_side_and_receipt(self):
        outbound = self._message(self.alice, direction="outbound", status="read")
        inbound = self._message(self.alice)
        self.assertIn("o_cc_bubble_row_outbound", str(outbound.preview_html))
        self.assertIn("o_cc_ticks_read", str(outbound.preview_html))
        self.assertIn("o_cc_bubble_row_inbound", str(inbound.preview_html))
        self.assertNotIn("o_cc_ticks", str(inbound.preview_html))

    def test_preview_text_is_short(self):
        message = self._message(self.alice, body_text="word " * 100)
        self.assertLessEqual(len(message.preview), 80)
        self.assertTrue(message.preview.endswith("…"))
        image = self._message(self.alice, body_text=False, message_type="image")
        self.assertEqual(image.preview, "[Image]")

    def test_conversation_shows_the_thread_in_order(self):
        self._message(self.alice, body_text="first")
        current = self._message(self.alice, direction="outbound", body_text="second")
        self._message(self.alice, channel="sms", body_text="other channel")
        html = str(current.conversation_html)
        self.assertLess(html.index("first"), html.index("second"))
        self.assertNotIn("other channel", html)
        self.assertEqual(html.count("o_cc_bubble_current"), 1)

    def test_template_preview_escapes(self):
        template = self.env["contact.centre.template"].create(
            {"name": "T", "channel": "sms", "body": "Hi *{{ object.name }}* <i>x</i>"}
        )
        self.assertIn("<b>{{ object.name }}</b>", str(template.preview_html))
        self.assertIn("&lt;i&gt;x&lt;/i&gt;", str(template.preview_html))
