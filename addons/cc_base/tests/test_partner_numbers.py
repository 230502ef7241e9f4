from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestPartnerNumbers(ContactCentreCommon):
    def test_national_number_read_in_partner_country(self):
        self.assertEqual(self.alice.whatsapp_number, "+32470123456")
        self.assertEqual(self.bob.sms_number, "+33698765432")

    def test_formats_give_one_e164_number(self):
        for typed in (
            "0470 12 34 56",
            "0470-12-34-56",
            "+32 470 12 34 56",
            "+32-470-123456",
            "0032 470 12 34 56",
            "(0470) 12.34.56",
        ):
            with self.subTest(typed=typed):
                partner = self.Partner.create(
                    {"name": "P", "country_id": self.country_be.id, "sms_number": typed}
                )
                self.assertEqual(partner.sms_number, "+32470123456")

    def test_international_number_ignores_partner_country(self):
        partner = self.Partner.create(
            {"name": "P", "country_id": self.country_be.id, "whatsapp_number": "+1 201-555-0123"}
        )
        self.assertEqual(partner.whatsapp_number, "+12015550123")

    def test_company_country_when_partner_has_none(self):
        partner = self.Partner.create({"name": "P", "whatsapp_number": "0470 12 34 56"})
        self.assertEqual(partner.whatsapp_number, "+32470123456")

    def test_contact_of_a_company_reads_numbers_in_its_country(self):
        company = self.Partner.create({"name": "Paris SA", "country_id": self.country_fr.id})
        employee = self.Partner.create(
            {"name": "E", "parent_id": company.id, "sms_number": "06 98 76 54 32"}
        )
        self.assertEqual(employee.sms_number, "+33698765432")

    def test_partner_of_another_company_reads_numbers_in_its_country(self):
        french_company = self.env["res.company"].create(
            {"name": "FR Co", "country_id": self.country_fr.id}
        )
        partner = self.Partner.create(
            {"name": "P", "company_id": french_company.id, "sms_number": "06 98 76 54 32"}
        )
        self.assertEqual(partner.sms_number, "+33698765432")
        partner.whatsapp_number = "06 11 22 33 44"
        self.assertEqual(partner.whatsapp_number, "+33611223344")

    def test_write_reads_each_partner_in_its_country(self):
        french = self.Partner.create({"name": "F", "country_id": self.country_fr.id})
        belgian = self.Partner.create({"name": "B", "country_id": self.country_be.id})
        (french | belgian).write({"sms_number": "04 70 12 34 56"})
        self.assertEqual(french.sms_number, "+33470123456")
        self.assertEqual(belgian.sms_number, "+32470123456")

    def test_write_with_new_country_uses_it(self):
        self.alice.write({"country_id": self.country_fr.id, "whatsapp_number": "06 12 34 56 78"})
        self.assertEqual(self.alice.whatsapp_number, "+33612345678")

    def test_impossible_number_names_the_field(self):
        with self.assertRaisesRegex(ValidationError, "^WhatsApp Number: .*12"):
            self.Partner.create({"name": "P", "whatsapp_number": "12"})
        with self.assertRaisesRegex(ValidationError, "^SMS Number: "):
            self.alice.write({"sms_number": "+99 123 456"})
        with self.assertRaisesRegex(ValidationError, "^SMS Number: "):
            self.alice.write({"sms_number": "not a number"})
        self.assertFalse(self.alice.sms_number, "a refused number is not stored")

    def test_clearing_a_number(self):
        self.alice.write({"whatsapp_number": False})
        self.assertFalse(self.alice.whatsapp_number)

    def test_lookup_finds_every_format(self):
        typed_plus = self.Partner.create(
            {"name": "Typed with +", "whatsapp_number": "+32 470 12 34 56"}
        )
        typed_sms = self.Partner.create(
            {"name": "SMS only", "country_id": self.country_be.id, "sms_number": "0470/12.34.56"}
        )
        self.Partner.create({"name": "Someone else", "whatsapp_number": "+32 470 99 99 99"})
        for query in ("0470123456", "+32470123456", "0032 470 12 34 56", "+32 (0)470 12 34 56"):
            with self.subTest(query=query):
                found = self.Partner._contact_centre_find_by_number(query)
                self.assertEqual(found, self.alice | typed_plus | typed_sms)
                self.assertEqual(found.ids, sorted(found.ids), "oldest partner first")

    def test_lookup_by_channel(self):
        both = self.Partner.create(
            {"name": "Both", "whatsapp_number": "0471 11 22 33", "sms_number": "0472 11 22 33"}
        )
        find = self.Partner._contact_centre_find_by_number
        self.assertEqual(find("0471112233", "whatsapp"), both)
        self.assertFalse(find("0471112233", "sms"))

    def test_lookup_of_impossible_number_finds_nobody(self):
        self.assertFalse(self.Partner._contact_centre_find_by_number("12"))
        self.assertFalse(self.Partner._contact_centre_find_by_number("hello"))

    def test_search_by_number_in_any_format(self):
        def search(number):
            return self.Partner.search([("contact_centre_number", "ilike", number)])

        self.assertEqual(search("0470 12 34 56"), self.alice)
        self.assertEqual(search("987654"), self.bob, "part of a number matches its digits")
        self.assertFalse(search("no digits"))
