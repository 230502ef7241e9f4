"""Twilio's error envelope, and the error codes of its status callbacks, as
cc_base's failure types."""

from odoo.addons.cc_base.tools import ProviderError
from odoo.addons.cc_base.tools.provider_http import default_error

from .. import const


def failure_type_of(code, fallback="unknown"):
    """Our failure type for a Twilio error code (a number, or its text)."""
    try:
        return const.FAILURE_TYPE_BY_ERROR.get(int(code), fallback)
    except (TypeError, ValueError):
        return fallback


def error_from_response(response):
    """The ProviderError of a Twilio error answer
    ({"code", "message", "more_info", "status"}), in Twilio's words."""
    fallback = default_error(response)
    try:
        payload = response.json()
    except ValueError:
        return fallback
    if not isinstance(payload, dict) or not payload.get("code"):
        return fallback
    words = payload.get("message") or str(payload["code"])
    if payload.get("more_info"):
        words += f" ({payload['more_info']})"
    return ProviderError(
        failure_type_of(payload["code"], fallback.failure_type),
        words,
        code=f"{response.status_code} {payload['code']}",
        retry_after=fallback.retry_after,
    )
