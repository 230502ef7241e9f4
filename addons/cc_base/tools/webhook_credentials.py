"""The credentials a provider's webhook request carries in its URL and its
Authorization header (Infobip, HTTP gateways), checked in constant time."""

import base64
import hmac

from .provider_error import WebhookRejected


def same_secret(given, expected):
    """Whether a credential given is the one expected; nothing expected
    matches nothing."""
    return bool(expected) and hmac.compare_digest((given or "").encode(), expected.encode())


def check_url_secret_and_basic(request, parameter, secret, username, password, source):
    """Reject the WebhookRequest unless its URL's `parameter` is `secret`
    and, when a `username` is set, it carries these HTTP Basic credentials.
    `source` names the request in the reason ("Infobip webhook")."""
    if not same_secret(request.query.get(parameter), secret):
        raise WebhookRejected(f"missing or wrong secret in the {source} URL")
    if username:
        expected = "Basic " + base64.b64encode(f"{username}:{password or ''}".encode()).decode()
        if not same_secret(request.header("authorization"), expected):
            raise WebhookRejected(f"missing or wrong Basic credentials on the {source}")
