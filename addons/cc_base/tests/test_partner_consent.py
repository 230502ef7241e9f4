from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestPartnerConsent(ContactCentreCommon):
    @freeze_time("2026-03-01 10:00:00")
    def test_opt_in_is_dated(self):
        self.alice.opt_in_whatsapp = True
        self.assertEqual(str(self.alice.opt_in_whatsapp_date), "2026-03-01 10:00:00")
        self.assertFalse(self.alice.opt_out_whatsapp_date)

    def test_opt_out_ends_opt_in_on_that_channel_only(self):
        self.alice.write({"opt_in_whatsapp": True, "opt_in_sms": True})
        with freeze_time("2026-04-02 08:30:00"):
            self.alice.opt_out_whatsapp = True
        self.assertFalse(self.alice.opt_in_whatsapp)
        self.assertTrue(self.alice.opt_out_whatsapp)
        self.assertEqual(str(self.alice.opt_out_whatsapp_date), "2026-04-02 08:30:00")
        self.assertTrue(self.alice.opt_in_sms, "SMS consent is untouched")
        self.assertTrue(self.alice.opt_in_whatsapp_date, "the opt-in date stays for audits")

    def test_opt_in_again_ends_opt_out(self):
        self.alice.opt_out_sms = True
        self.alice.opt_in_sms = True
        self.assertFalse(self.alice.opt_out_sms)

    def test_opt_in_and_out_at_once_is_refused(self):
        with self.assertRaisesRegex(ValidationError, "opt in and opt out of WhatsApp"):
            self.alice.write({"opt_in_whatsapp": True, "opt_out_whatsapp": True})
