"""The Twilio simulator on its own, as a person runs it against `make run`,
answering Twilio's own Python client."""

import subprocess
import sys
from pathlib import Path

import pytest
from twilio.base.exceptions import TwilioRestException
from twilio.rest import Client

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_SID = "AC0123456789abcdef0123456789abcdef"
AUTH_TOKEN = "simulator-token"


@pytest.fixture
def simulator_url():
    process = subprocess.Popen(
        [
            sys.executable,
            str(ROOT / "tests" / "simulate.py"),
            "cc_sms_twilio.tests.twilio_simulator",
            "--port",
            "0",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        banner = process.stdout.readline()
        assert "listening on http://127.0.0.1:" in banner, banner
        yield banner.split("listening on ", 1)[1].strip()
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_twilio_client_sends_through_the_standalone_simulator(simulator_url):
    client = Client(ACCOUNT_SID, AUTH_TOKEN)
    client.api.base_url = simulator_url
    assert client.api.v2010.accounts(ACCOUNT_SID).fetch().status == "active"
    message = client.messages.create(
        to="+32470001122",
        from_="+15005550006",
        body="Hello from twilio-python",
        status_callback="http://localhost:8069/contact_centre/webhook/twilio/key?uuid=1",
    )
    assert message.sid.startswith("SM") and len(message.sid) == 34
    assert (message.status, message.to, message.body) == (
        "queued",
        "+32470001122",
        "Hello from twilio-python",
    )


def test_twilio_client_reads_the_simulators_errors(simulator_url):
    client = Client(ACCOUNT_SID, "wrong-token")
    client.api.base_url = simulator_url
    with pytest.raises(TwilioRestException) as raised:
        client.messages.create(to="+32470001122", from_="+15005550006", body="Hi")
    assert (raised.value.status, raised.value.code) == (401, 20003)
