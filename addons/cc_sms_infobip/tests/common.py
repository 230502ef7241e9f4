from .infobip_simulator import InfobipSimulator

WEBHOOK_CREDENTIALS = ("infobip-notify", "n0tify-pa55")


class InfobipSimulatorMixin:
    """A class-wide Infobip simulator, and accounts that talk to it."""

    @classmethod
    def _start_simulator(cls):
        cls.simulator = InfobipSimulator.start()
        cls.addClassCleanup(cls.simulator.stop)

    def _infobip_account(self, **values):
        return self.env["contact.centre.provider"].create(
            {
                "name": "Infobip",
                "code": "infobip",
                "channel": "sms",
                "sender": "InfoSMS",
                "infobip_base_url": self.simulator.url,
                "infobip_api_key": self.simulator.api_key,
                "state": "enabled",
                **values,
            }
        )
