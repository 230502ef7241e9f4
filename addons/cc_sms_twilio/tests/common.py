from .twilio_simulator import TwilioSimulator


class TwilioSimulatorMixin:
    """A class-wide Twilio simulator, and accounts that talk to it."""

    @classmethod
    def _start_simulator(cls):
        cls.simulator = TwilioSimulator.start()
        cls.addClassCleanup(cls.simulator.stop)

    def _twilio_account(self, **values):
        return self.env["contact.centre.provider"].create(
            {
                "name": "Twilio",
                "code": "twilio",
                "channel": "sms",
                "sender": "+15005550006",
                "twilio_account_sid": self.simulator.account_sid,
                "twilio_auth_token": self.simulator.auth_token,
                "twilio_api_url": self.simulator.url,
                "state": "enabled",
                **values,
            }
        )
