from .http_gateway_simulator import HttpGatewaySimulator

WEBHOOK_CREDENTIALS = ("gateway-notify", "n0tify-pa55")


class HttpGatewaySimulatorMixin:
    """A class-wide gateway simulator, started with the class, and accounts
    that talk to it."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.simulator = HttpGatewaySimulator.start()
        cls.addClassCleanup(cls.simulator.stop)

    def _http_account(self, **values):
        return self.env["contact.centre.provider"].create(
            {
                "name": "HTTP Gateway",
                "code": "http",
                "channel": "sms",
                "sender": "ACME",
                "http_url": f"{self.simulator.url}/api/send",
                "http_auth_type": "header",
                "http_auth_header": "X-API-Key",
                "http_api_key": self.simulator.api_key,
                "http_message_id_path": "messages.0.id",
                "http_callback_id_path": "reference",
                "http_callback_status_path": "status",
                "http_status_sent_values": "ACCEPTED, SENT",
                "http_status_delivered_values": "DELIVERED",
                "http_status_failed_values": "FAILED, REJECTED",
                "http_callback_error_path": "error",
                "http_inbound_from_path": "from",
                "http_inbound_text_path": "text",
                "http_inbound_id_path": "id",
                "state": "enabled",
                **values,
            }
        )
