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
