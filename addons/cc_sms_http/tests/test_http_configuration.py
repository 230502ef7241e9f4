from odoo.exceptions import ValidationError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestHttpConfiguration(TransactionCase):
    """A configuration that cannot work is refused when saved, saying why."""

    def _account(self, **values):
        return self.env["contact.centre.provider"].create(
            {
                "name": "Gateway",
                "code": "http",
                "channel": "sms",
                "http_url": "https://sms.example.com/send",
                "http_api_key": "k",
                **values,
            }
        )

    def test_a_working_configuration_is_saved(self):
        account = self._account(state="enabled")
        self.assertEqual(account.state, "enabled")
        self.assertTrue(account.webhook_url.endswith(f"?secret={account.webhook_secret}"))
        self.assertFalse(account.support_delivery_reports or account.support_inbound)
        account.write(
            {
                "http_callback_status_path": "status",
                "http_callback_id_path": "ref",
                "http_status_delivered_values": "DELIVERED",
            }
        )
        self.assertTrue(account.support_delivery_reports)

    def test_bad_configurations_are_refused(self):
        cases = [
            ({"http_template": '{"to": {{ to }}, "text": "{{ text }}"}'}, "not valid JSON"),
            (
                {"http_template": '{"to": "{{ phone }}", "text": "{{ text }}"}'},
                "Unknown placeholder",
            ),
            ({"http_template": '{"text": "{{ text }}"}'}, "must carry the number"),
            ({"http_method": "GET"}, "A GET request has no body"),
            (
                {"http_method": "GET", "http_template_format": "form", "http_template": "to"},
                "not a key=value pair",
            ),
            ({"http_url": "sms.example.com/send"}, "is not a web address"),
            ({"http_auth_type": "header", "http_auth_header": "X API Key"}, "Name the header"),
            ({"http_message_id_path": "messages..id"}, "not a dotted path"),
            ({"http_callback_status_path": "status"}, "names the message"),
            (
                {"http_callback_status_path": "status", "http_callback_id_path": "ref"},
                "List the status values",
            ),
            ({"state": "enabled", "http_api_key": False}, "Fill in the API key"),
            ({"state": "enabled", "http_url": False}, "Endpoint URL"),
        ]
        for values, words in cases:
            with self.subTest(values=values), self.assertRaisesRegex(ValidationError, words):
                self._account(**values)

    def test_an_edit_is_checked_too(self):
        account = self._account()
        with self.assertRaisesRegex(ValidationError, "Unknown placeholder"):
            account.http_template = '{"to": "{{ to }}", "text": "{{ text }}", "x": "{{ nope }}"}'

    def test_the_secrets_are_for_administrators_only(self):
        for name in ("http_api_key", "http_password", "http_webhook_password"):
            field = self.env["contact.centre.provider"]._fields[name]
            self.assertEqual(field.groups, "cc_base.group_contact_centre_admin", name)
