from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged
from odoo.tests.common import TEST_CURSOR_COOKIE_NAME

from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from .meta_simulator import MetaSimulator

CUSTOMER_WA_ID = "32470990011"


class MetaSimulatorMixin:
    """A Meta simulator for the class, and accounts that talk to it."""

    @classmethod
    def _start_simulator(cls):
        cls.simulator = MetaSimulator.start()
        cls.addClassCleanup(cls.simulator.stop)

    def _meta_account(self, **values):
        simulator = self.simulator
        return self.env["contact.centre.provider"].create(
            {
                "name": "Meta Test Number",
                "code": "meta",
                "channel": "whatsapp",
                "meta_api_url": simulator.url,
                "meta_waba_id": simulator.waba_id,
                "meta_phone_number_id": simulator.phone_number_id,
                "meta_access_token": simulator.access_token,
                "meta_app_secret": simulator.app_secret,
                "meta_app_id": simulator.app_id,
                "state": "enabled",
                **values,
            }
        )

    def _webhook_path(self, account):
        return urlsplit(account.webhook_url).path


@tagged("post_install", "-at_install")
class MetaCase(MetaSimulatorMixin, SimulatedProviderMixin, HttpCase):
    """An enabled Meta account on the simulator, whose webhooks reach this
    test's Odoo, and a customer."""

    def setUp(self):
        super().setUp()
        self.account = self._meta_account()
        self.simulator.webhook_url = f"{self.base_url()}{self._webhook_path(self.account)}"
        self.simulator.reset()
        # After a tour, the test server takes only requests that carry the test's cookie.
        self.simulator.extra_headers = {
            "Cookie": f"{TEST_CURSOR_COOKIE_NAME}={self.http_request_key}"
        }
        self.customer = self.env["res.partner"].create(
            {"name": "Meta Customer", "whatsapp_number": f"+{CUSTOMER_WA_ID}"}
        )

    def _process_events(self):
        events = self.Event.search([("state", "=", "pending")])
        events._process()
        for event in events:
            self.assertEqual(event.state, "done", event.error)
        return events

    def _customer_writes(self, text="Hello", message_type="text", content=None, **extra):
        """The customer writes through Meta: the signed webhook reaches Odoo,
        which applies it. Returns the inbound message."""
        payload = self.simulator.inbound_payload(
            CUSTOMER_WA_ID,
            message_type,
            content if content is not None else {"body": text},
            **extra,
        )
        # Statuses still waiting in the simulator go first, as at Meta.
        self.simulator.outbox.append(payload)
        self.assertEqual(set(self.simulator.deliver_outbox()), {200})
        self._process_events()
        external_id = payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"]
        return self.Message.search([("external_message_id", "=", external_id)])

    def _send(self, raise_if_refused=True, **values):
        message = self.Message._queue_outbound(
            [
                {
                    "contact_id": self.customer.id,
                    "channel": "whatsapp",
                    "provider_id": self.account.id,
                    "body_text": values.pop("body_text", "Hello from Odoo"),
                    **values,
                }
            ],
            send_now=True,
            raise_if_refused=raise_if_refused,
        )
        self.env.cr.flush()
        return message

    def _sent_body(self, message):
        """{"type": ..., <type>: {...}} of the request that sent message, as
        the simulator received it."""
        self.assertEqual(message.status, "sent", message.error_message)
        payload = self.simulator.sent_payloads()[-1]
        self.assertEqual(payload["to"], CUSTOMER_WA_ID)
        self.assertEqual(payload["biz_opaque_callback_data"], message.uuid)
        return {key: payload[key] for key in payload if key == payload["type"] or key == "type"}
