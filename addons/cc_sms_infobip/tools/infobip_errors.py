"""Infobip's two error envelopes, and refusals inside a 200 answer, as
cc_base's ProviderError."""

from odoo.addons.cc_base.tools import ProviderError
from odoo.addons.cc_base.tools.provider_http import default_error

from .. import const
from .infobip_events import status_of


def _read_envelope(payload):
    """(error token, words) of either envelope, or (None, None)."""
    if not isinstance(payload, dict):
        return None, None
    exception = (payload.get("requestError") or {}).get("serviceException")
    if exception:
        words = exception.get("text") or exception.get("messageId") or ""
        for field, problems in (exception.get("validationErrors") or {}).items():
            words += f"; {field}: {', '.join(problems)}"
        return exception.get("messageId"), words
    if payload.get("errorCode"):
        words = payload.get("description") or payload["errorCode"]
        for violation in payload.get("violations") or []:
            words += f"; {violation.get('property')}: {violation.get('violation')}"
        if payload.get("action"):
            words += f" ({payload['action']})"
        return payload["errorCode"], words
    return None, None


def error_from_response(response):
    """The ProviderError of an Infobip error answer, in Infobip's words."""
    fallback = default_error(response)
    try:
        token, words = _read_envelope(response.json())
    except ValueError:
        return fallback
    if not token:
        return fallback
    failure_type = const.FAILURE_TYPE_BY_ERROR.get(token)
    if not failure_type:
        # By HTTP status; a request Infobip finds bad is not worth retrying.
        failure_type = fallback.failure_type
    return ProviderError(
        failure_type,
        words,
        code=f"{response.status_code} {token}",
        retry_after=fallback.retry_after,
    )


def send_refusal(status):
    """The ProviderError of a destination refused inside a 200 answer, or
    None when it was accepted."""
    ours, failure_type = status_of(status or {})
    if ours != "failed":
        return None
    return ProviderError(
        failure_type,
        status.get("description") or status.get("name") or "",
        code=status.get("name"),
    )
