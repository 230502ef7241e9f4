from odoo.tests import tagged

from .common import MetaCase

QUESTION = "What do you need?"


@tagged("post_install", "-at_install")
class TestMetaInteractive(MetaCase):
    """cc_base's provider-neutral choices (what a chatbot question offers)
    reach WhatsApp as reply buttons or a list that Meta accepts."""

    def setUp(self):
        super().setUp()
        self._customer_writes("Hello")

    def _ask(self, kind, titles, **payload):
        options = [{"id": f"cc_option_{n}", "title": title} for n, title in enumerate(titles, 1)]
        numbered = "\n".join(f"{n}. {title}" for n, title in enumerate(titles, 1))
        return self._send(
            body_text=f"{QUESTION}\n{numbered}",
            message_type="interactive",
            interactive_payload={"kind": kind, "text": QUESTION, "options": options, **payload},
        )

    def test_up_to_three_options_are_reply_buttons_with_titles_meta_accepts(self):
        question = self._ask("buttons", ["Sales", "Technical support and repairs"])
        self.assertEqual(
            self._sent_body(question),
            {
                "type": "interactive",
                "interactive": {
                    "type": "button",
                    "body": {"text": QUESTION},
                    "action": {
                        "buttons": [
                            {"type": "reply", "reply": {"id": "cc_option_1", "title": "Sales"}},
                            {
                                "type": "reply",
                                "reply": {"id": "cc_option_2", "title": "Technical support a…"},
                            },
                        ]
                    },
                },
            },
        )

    def test_more_options_are_a_list_whose_long_titles_read_whole_in_descriptions(self):
        titles = ["Sales", "Billing", "Opening hours", "Returns of damaged or faulty goods"]
        question = self._ask("list", titles, button="See all our departments")
        rows = [
            {"id": "cc_option_1", "title": "Sales"},
            {"id": "cc_option_2", "title": "Billing"},
            {"id": "cc_option_3", "title": "Opening hours"},
            {
                "id": "cc_option_4",
                "title": "Returns of damaged or f…",
                "description": "Returns of damaged or faulty goods",
            },
        ]
        self.assertEqual(
            self._sent_body(question),
            {
                "type": "interactive",
                "interactive": {
                    "type": "list",
                    "body": {"text": QUESTION},
                    "action": {"button": "See all our departm…", "sections": [{"rows": rows}]},
                },
            },
        )

    def test_choices_beyond_what_meta_takes_go_as_numbered_text(self):
        titles = [f"Shop {n}" for n in range(1, 12)]
        too_many = self._ask("list", titles, button="Shops")
        body = self._sent_body(too_many)
        self.assertEqual(body["type"], "text")
        self.assertEqual(body["text"]["body"], too_many.body_text)
        self.assertIn("11. Shop 11", body["text"]["body"])
        long_question = self._ask("buttons", ["Yes", "No"])
        long_question.interactive_payload = {
            **long_question.interactive_payload,
            "text": "?" * 1025,
        }
        self.assertEqual(long_question._meta_content()["type"], "text")

    def test_buttons_alike_once_shortened_become_a_list(self):
        alike = self._ask("buttons", ["Delivery to my home address", "Delivery to my home office"])
        self.assertEqual(
            self._sent_body(alike)["interactive"]["action"],
            {
                "button": "Choose",
                "sections": [
                    {
                        "rows": [
                            {
                                "id": "cc_option_1",
                                "title": "Delivery to my home add…",
                                "description": "Delivery to my home address",
                            },
                            {
                                "id": "cc_option_2",
                                "title": "Delivery to my home off…",
                                "description": "Delivery to my home office",
                            },
                        ]
                    }
                ],
            },
        )

    def test_a_tapped_button_or_row_reads_as_the_whole_option_it_chose(self):
        buttons = self._ask("buttons", ["Sales", "Technical support and repairs"])
        self._sent_body(buttons)
        reply = self._customer_writes(
            message_type="interactive",
            content={
                "type": "button_reply",
                "button_reply": {"id": "cc_option_2", "title": "Technical support a…"},
            },
            context={"from": "15550783881", "id": buttons.external_message_id},
        )
        self.assertEqual(reply.reply_to_message_id, buttons)
        self.assertEqual(reply.body_text, "Technical support and repairs")
        listed = self._ask("list", ["Sales", "Billing", "Returns of damaged or faulty goods", "Hi"])
        self._sent_body(listed)
        row = self._customer_writes(
            message_type="interactive",
            content={
                "type": "list_reply",
                "list_reply": {
                    "id": "cc_option_3",
                    "title": "Returns of damaged or f…",
                    "description": "Returns of damaged or faulty goods",
                },
            },
            context={"from": "15550783881", "id": listed.external_message_id},
        )
        self.assertEqual(row.body_text, "Returns of damaged or faulty goods")
