from odoo.tests import HttpCase, tagged

from .common import HttpGatewaySimulatorMixin


@tagged("post_install", "-at_install")
class TestHttpTour(HttpGatewaySimulatorMixin, HttpCase):
    def test_administrator_sets_up_a_get_gateway(self):
        account = self._http_account(name="Tour Gateway", state="disabled")
        # The refused save is logged by Odoo's HTTP layer, as every user error.
        with self.assertLogs("odoo.http", "WARNING") as logs:
            self.start_tour(
                f"/odoo/action-cc_base.contact_centre_provider_action/{account.id}",
                "cc_sms_http_setup",
                login="admin",
            )
        self.assertIn("Unknown placeholder(s) {{ txt }}", logs.output[0])
        self.assertEqual(
            (account.http_method, account.http_template_format, account.http_template),
            ("GET", "form", "to={{ to_digits }}&text={{ text }}&ref={{ uuid }}"),
        )
        self.assertEqual([r.path for r in self.simulator.requests], ["/"])
