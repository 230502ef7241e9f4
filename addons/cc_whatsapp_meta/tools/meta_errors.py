"""Meta's error answers and webhook errors -> ProviderError."""

from odoo.addons.cc_base.tools import ProviderError
from odoo.addons.cc_base.tools.provider_http import default_error

from ..const import ERROR_FAILURE_TYPES, PERMISSION_ERROR_CODES, RETRY_AFTER


def failure_type_of(code, http_status=None):
    """Our failure type for one of Meta's error codes."""
    if code in ERROR_FAILURE_TYPES:
        return ERROR_FAILURE_TYPES[code]
    if code in PERMISSION_ERROR_CODES or http_status in (401, 403):
        return "authentication"
    if http_status and http_status >= 500:
        return "provider_unavailable"
    return "unknown"


def graph_error(error, http_status=None):
    """The ProviderError of a Graph API error object: {code, message,
    error_data{details}, ...}. Meta asks to rely on code and details."""
    code = error.get("code")
    details = (error.get("error_data") or {}).get("details")
    message = error.get("message") or error.get("title") or ""
    if details and details not in message:
        message = f"{message} {details}".strip()
    return ProviderError(
        failure_type_of(code, http_status),
        message or f"HTTP {http_status}",
        code=code,
        retry_after=RETRY_AFTER.get(code),
    )


def error_from_response(response):
    """The ProviderError of an error answer of the Graph API; one without
    Meta's error object (a proxy's or a gateway's words) by its HTTP status."""
    try:
        error = response.json()["error"]
    except (ValueError, KeyError, TypeError):
        return default_error(response)
    if not isinstance(error, dict):
        return default_error(response)
    return graph_error(error, response.status_code)
