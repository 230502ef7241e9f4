import json
from pathlib import Path
from urllib.parse import urlsplit

from odoo.tests import HttpCase, tagged
from odoo.tools import mute_logger

from odoo.addons.cc_base.tests.fault import (
    FaultMixin,
    fault_random,
    sized,
)
from odoo.addons.cc_base.tests.webhook_client import SimulatedProviderMixin

from .common import InfobipSimulatorMixin

SAMPLES = json.loads((Path(__file__).parent / "data" / "infobip_samples.json").read_text())
# A message's reports as Infobip may send them, and the status it must end with.
OUTCOMES = (
    (("sent",), "sent"),
    (("sent", "operator"), "sent"),
    (("sent", "operator", "delivered"), "delivered"),
    (("accepted", "delivered"), "delivered"),
    (("sent", "undeliverable"), "failed"),
    (("sent", "failed"), "failed"),
)


@tagged("post_install", "-at_install", "cc_fault")
class TestInfobipFaults(FaultMixin, InfobipSimulatorMixin, SimulatedProviderMixin, HttpCase):
    """Issue #11's fault suite for Infobip: reports and inbound SMS repeated
    and out of order, bad bodies on the secret URL, probes without it."""

    def setUp(self):
        super().setUp()
        self.simulator.webhook_credentials = None
        self.simulator.messages.clear()
        self.account = self._infobip_account(infobip_batch_size=50)

    def _post_body(self, body, account=None):
        url = urlsplit((account or self.account).webhook_url)
        return self.url_open(
            f"{url.path}?{url.query}", data=body, headers={"Content-Type": "application/json"}
        )

    def test_duplicates_and_disorder(self):
        scenario = "infobip duplicates and disorder"
        rng, seed = fault_random(scenario)
        size = sized(15, 1000)
        numbers = [f"3247{index:07d}" for index in range(size)]
        customers = self.env["res.partner"].create(
            [{"name": f"Customer {number}", "sms_number": f"+{number}"} for number in numbers]
        )
        sent = self._queue(customers, "Your parcel arrives today.")
        self.Message._cron_send_queued()
        self.assertEqual(set(sent.mapped("status")), {"sent"})

        expected = {}
        webhooks = []
        for message in sent:
            reports, expected[message] = rng.choice(OUTCOMES)
            webhooks += [
                {"results": [self.simulator.report(message.external_message_id, outcome)]}
                for outcome in reports
            ]
        inbound_ids = [f"MO-{index:06d}" for index in range(size)]
        webhooks += [
            {"results": [self.simulator.inbound(external_id, number, "Thanks")]}
            for external_id, number in zip(inbound_ids, numbers, strict=True)
        ]
        self._deliver_in_disorder(
            scenario, rng, seed, self.account, webhooks, inbound_ids, expected
        )

    def test_bad_input(self):
        samples = [
            sample["payload"]
            for sample in SAMPLES["samples"]
            if sample["name"] in ("dlr_webhook_v2_delivered", "inbound_sms_webhook")
        ]
        samples.append({"results": [self.simulator.inbound("MO-S", "32470990011", "Hello")]})
        valid = [(f"MO-OK-{index}", f"Still here {index}") for index in range(5)]
        self._bad_input(
            "infobip bad input",
            self.account,
            samples,
            self._post_body,
            [
                (self.simulator.inbound_request(external_id, "32470990012", words)[0], external_id)
                for external_id, words in valid
            ],
        )

    @mute_logger("odoo.addons.cc_base.controllers.webhook")
    def test_secret_of_another_account_or_none_is_refused(self):
        other = self._infobip_account(name="Other Infobip")
        body, _headers = self.simulator.inbound_request("MO-P", "32470990013", "Probe")
        other_path = urlsplit(other.webhook_url).path
        probes = {
            "another account's secret": f"{other_path}?secret={self.account.webhook_secret}",
            "an empty secret": f"{other_path}?secret=",
        }
        for probe, path in probes.items():
            with self.subTest(probe=probe):
                response = self.url_open(path, data=body)
                self.assertEqual(response.status_code, 403)
        other.webhook_secret = False
        self.assertEqual(self.url_open(f"{other_path}?secret=", data=body).status_code, 403)
        self.assertEqual(self.url_open(other_path, data=body).status_code, 403)
        self.assertFalse(self.Event.search([("provider_id", "=", other.id)]))
