from odoo.tests import Form, TransactionCase, new_test_user, tagged

from .common import InfobipSimulatorMixin


@tagged("post_install", "-at_install")
class TestInfobipEstimate(InfobipSimulatorMixin, TransactionCase):
    """Before sending, the composer says how many SMS a message takes
    through Infobip, and about what they cost."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_simulator()
        cls.agent = new_test_user(
            cls.env,
            login="cc_infobip_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
        )
        cls.customers = cls.env["res.partner"].create(
            [
                {"name": "Zoë", "sms_number": "+32470990101"},
                {"name": "Al", "sms_number": "+32470990102"},
            ]
        )

    def setUp(self):
        super().setUp()
        self.account = self._infobip_account(
            infobip_price_per_sms=0.05, infobip_currency_id=self.env.ref("base.EUR").id
        )

    def _estimate(self, body, partners=None):
        composer = Form(
            self.env["contact.centre.composer"]
            .with_user(self.agent)
            .with_context(default_channel="sms")
        )
        for partner in partners or self.customers[1]:
            composer.partner_ids.add(partner)
        composer.provider_id = self.account.with_user(self.agent)
        composer.body = body
        return composer.send_estimate

    def test_gsm7_texts(self):
        self.assertEqual(
            self._estimate("See you at 10:00!"),
            "1 SMS in all (longest message: 17 characters in GSM-7, 1 SMS), about 0.05\xa0€",
        )
        self.assertEqual(
            self._estimate("a" * 161),
            "2 SMS in all (longest message: 161 characters in GSM-7, 2 SMS), about 0.10\xa0€",
        )

    def test_extended_characters(self):
        self.assertEqual(
            self._estimate("Only 5€ {today}" + "x" * 143),
            "2 SMS in all (longest message: 161 characters in GSM-7, 2 SMS), about 0.10\xa0€",
        )

    def test_emoji_make_it_ucs2(self):
        self.assertEqual(
            self._estimate("Thanks 👍"),
            "1 SMS in all (longest message: 9 characters in UCS-2, 1 SMS), about 0.05\xa0€",
        )

    def test_long_text_for_each_recipient(self):
        # Placeholders make each recipient's text different: Zoë's name is UCS-2.
        self.assertEqual(
            self._estimate("Dear {{ object.name }}, " + "news " * 20, self.customers),
            "3 SMS in all (longest message: 110 characters in UCS-2, 2 SMS), about 0.15\xa0€",
        )

    def test_no_price_no_cost(self):
        self.account.infobip_price_per_sms = 0
        self.assertEqual(
            self._estimate("Hello"), "1 SMS in all (longest message: 5 characters in GSM-7, 1 SMS)"
        )
