from urllib.parse import urlsplit


class WebhookClientMixin:
    """For the HttpCase tests of provider addons: post what a provider posts
    to a webhook URL of the test server, then apply what it stored."""

    def _post_webhook(self, url, body, headers):
        """POST body to the path and query of url, through the test session:
        after a tour, Odoo's test server only serves requests that carry it."""
        parts = urlsplit(url)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        return self.url_open(path, data=body, headers=headers)

    def _process_webhooks(self, account):
        """Apply the events stored for account, as the event cron does."""
        self.env["contact.centre.webhook.event"].search(
            [("provider_id", "=", account.id), ("state", "=", "pending")]
        )._process()


class SimulatedProviderMixin(WebhookClientMixin):
    """For the HttpCase tests of a provider addon against its simulator,
    started once for the class by the provider's own mixin
    (`_start_simulator`): the models they use, the events stored for the
    test's account (`self.account`), and SMS queued through it."""

    queued_text = "Your order is ready."

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._start_simulator()
        cls.Message = cls.env["contact.centre.message"]
        cls.Event = cls.env["contact.centre.webhook.event"]

    def _events(self):
        return self.Event.search([("provider_id", "=", self.account.id)])

    def _queue(self, partners, text=None):
        return self.Message._queue_outbound(
            [
                {
                    "contact_id": partner.id,
                    "channel": "sms",
                    "provider_id": self.account.id,
                    "body_text": text or self.queued_text,
                }
                for partner in partners
            ]
        )
