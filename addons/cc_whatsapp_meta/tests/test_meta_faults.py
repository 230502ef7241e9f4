import json
from pathlib import Path

from odoo.tests import tagged
from odoo.tools import mute_logger

from odoo.addons.cc_base.tests.fault import (
    FaultMixin,
    fault_random,
    sized,
)

from .common import MetaCase
from .meta_simulator import signature

SAMPLES = json.loads((Path(__file__).parent / "data" / "meta_webhook_samples.json").read_text())
# The numbers Meta's and pywa's samples are addressed to.
SAMPLE_NUMBER_IDS = ("106540352242922", "1122334455667")
# A reply's statuses as Meta may send them, and the status it must end with.
OUTCOMES = (
    ("sent",),
    ("sent", "delivered"),
    ("sent", "delivered", "read"),
    ("sent", "read"),
    ("sent", "failed"),
)


@tagged("post_install", "-at_install", "cc_fault")
class TestMetaFaults(FaultMixin, MetaCase):
    """Issue #11's fault suite for Meta: webhooks repeated and out of
    order, and bad bodies with valid signatures, over HTTP."""

    def _post_body(self, body, app_secret=None, account=None):
        return self.url_open(
            self._webhook_path(account or self.account),
            data=body,
            headers={
                "Content-Type": "application/json",
                "X-Hub-Signature-256": signature(app_secret or self.simulator.app_secret, body),
            },
        )

    def _samples(self):
        """The real payloads, addressed to our number, and the simulator's."""
        text = json.dumps([sample["payload"] for sample in SAMPLES["samples"]])
        for number_id in SAMPLE_NUMBER_IDS:
            text = text.replace(number_id, self.simulator.phone_number_id)
        simulator = self.simulator
        return [
            *json.loads(text),
            simulator.inbound_payload("32470990011", content={"body": "Hello"}),
            simulator.status_payload("wamid.SIM1", "failed", "32470990011", error_code=131026),
            simulator.account_error_payload(131042),
        ]

    def test_duplicates_and_disorder(self):
        scenario = "meta duplicates and disorder"
        rng, seed = fault_random(scenario)
        size = sized(15, 1000)
        wa_ids = [f"3247{index:07d}" for index in range(size)]
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {wa_id}", "whatsapp_number": f"+{wa_id}"} for wa_id in wa_ids]
        )
        # Each customer wrote once: their window is open for our replies.
        for wa_id in wa_ids:
            payload = self.simulator.inbound_payload(wa_id, content={"body": "First"})
            self.assertEqual(self._post_body(json.dumps(payload).encode()).status_code, 200)
        self._run_events()
        replies = self.Message._queue_outbound(
            [
                {
                    "contact_id": customer.id,
                    "channel": "whatsapp",
                    "provider_id": self.account.id,
                    "body_text": "We are on it",
                }
                for customer in customers
            ]
        )
        self.Message._cron_send_queued()
        self.simulator.outbox.clear()
        self.assertEqual(set(replies.mapped("status")), {"sent"})

        expected = {}
        webhooks = []
        for reply, wa_id in zip(replies, wa_ids, strict=True):
            outcome = rng.choice(OUTCOMES)
            expected[reply] = outcome[-1]
            webhooks += [
                self.simulator.status_payload(
                    reply.external_message_id,
                    status,
                    wa_id,
                    reply.uuid,
                    error_code=131026 if status == "failed" else None,
                )
                for status in outcome
            ]
        inbound = [
            self.simulator.inbound_payload(wa_id, content={"body": "Second"}) for wa_id in wa_ids
        ]
        webhooks += inbound
        inbound_ids = [p["entry"][0]["changes"][0]["value"]["messages"][0]["id"] for p in inbound]
        self._deliver_in_disorder(
            scenario, rng, seed, self.account, webhooks, inbound_ids, expected
        )

    def test_bad_input(self):
        wa_id = "32470990077"
        valid = [
            self.simulator.inbound_payload(wa_id, content={"body": f"Still here {index}"})
            for index in range(5)
        ]
        self._bad_input(
            "meta bad input",
            self.account,
            self._samples(),
            self._post_body,
            [
                (
                    json.dumps(payload).encode(),
                    payload["entry"][0]["changes"][0]["value"]["messages"][0]["id"],
                )
                for payload in valid
            ],
        )

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_request_of_one_app_replayed_on_another_account_is_refused(self):
        other = self._meta_account(
            name="Other App Number",
            meta_phone_number_id="109999000000001",
            meta_app_secret="b" * 32,
        )
        payload = self.simulator.inbound_payload("32470990088", content={"body": "Replay"})
        body = json.dumps(payload).encode()
        self.assertEqual(self._post_body(body).status_code, 200, "accepted where it was sent")
        replayed = self._post_body(body, account=other)
        self.assertEqual(replayed.status_code, 403, "signed with another app's secret")
        self.assertFalse(self.Event.search([("provider_id", "=", other.id)]))
