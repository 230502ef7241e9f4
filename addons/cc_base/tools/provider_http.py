"""The one HTTP path every provider call takes: a timeout, retries on
connection errors, typed errors, and logs with every secret masked."""

import logging
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from urllib3.exceptions import NewConnectionError

from .provider_error import ProviderError

_logger = logging.getLogger(__name__)

MASK = "********"
DEFAULT_TIMEOUT = 10
CONNECTION_RETRIES = 2
RETRY_DELAY = 0.5
# Methods whose repetition does no harm: retried whatever the failure.
IDEMPOTENT_METHODS = {"GET", "HEAD", "OPTIONS", "PUT", "DELETE"}
# Requests of one send_requests call under way at once: a campaign's batches
# wait for the provider together rather than one after the other.
CONCURRENT_REQUESTS = 4


def mask(text, secrets=()):
    """text with every secret value replaced by a mask."""
    text = str(text)
    for secret in sorted((s for s in secrets if s), key=len, reverse=True):
        text = text.replace(secret, MASK)
    return text


def never_reached(error):
    """Whether a failed request cannot have reached the provider: the
    connection itself could not be made."""
    if isinstance(error, requests.ConnectTimeout):
        return True
    reason = getattr(error.args[0], "reason", None) if error.args else None
    return isinstance(reason, NewConnectionError)


def default_error(response):
    """A ProviderError for an HTTP error answer, by its status code only."""
    status = response.status_code
    text = (response.text or "").strip()[:300] or response.reason or str(status)
    if status in (401, 403):
        return ProviderError("authentication", text, code=status)
    if status == 429:
        retry_after = response.headers.get("Retry-After")
        return ProviderError(
            "rate_limited",
            text,
            code=status,
            retry_after=float(retry_after) if retry_after and retry_after.isdigit() else None,
        )
    if status >= 500:
        return ProviderError("provider_unavailable", text, code=status)
    return ProviderError("unknown", text, code=status)


def send_request(
    method,
    url,
    *,
    secrets=(),
    parse_error=default_error,
    timeout=DEFAULT_TIMEOUT,
    retries=CONNECTION_RETRIES,
    session=None,
    **kwargs,
):
    """Send one request and return the response of a 2xx answer.

    Connection errors and timeouts are retried `retries` times, then raised as
    provider_unavailable; an error answer becomes the ProviderError that
    `parse_error(response)` returns. A request that may have reached the
    provider before failing (a POST whose answer never came) is not retried:
    retrying could send a message twice. `secrets` are the values to mask in
    logs and errors (tokens, keys); headers and bodies are never logged.
    """
    http = session or requests
    safe_url = mask(url, secrets)
    for attempt in range(retries + 1):
        started = time.monotonic()
        try:
            response = http.request(method, url, timeout=timeout, **kwargs)
        except (requests.ConnectionError, requests.Timeout) as error:
            _logger.warning(
                "%s %s: attempt %s failed: %s",
                method,
                safe_url,
                attempt + 1,
                type(error).__name__,
            )
            if method.upper() not in IDEMPOTENT_METHODS and not never_reached(error):
                raise ProviderError(
                    "unknown",
                    f"The provider did not answer ({type(error).__name__}): the request may "
                    "or may not have been carried out.",
                ) from None
            if attempt == retries:
                raise ProviderError(
                    "provider_unavailable",
                    f"The provider could not be reached ({type(error).__name__}).",
                ) from None
            time.sleep(RETRY_DELAY * 2**attempt)
            continue
        _logger.info(
            "%s %s -> %s in %.0f ms",
            method,
            safe_url,
            response.status_code,
            (time.monotonic() - started) * 1000,
        )
        if response.ok:
            return response
        error = parse_error(response)
        error.message = mask(error.message, secrets)
        _logger.info("%s %s refused: %s", method, safe_url, error)
        raise error


def send_requests(calls, workers=CONCURRENT_REQUESTS):
    """send_request for each of `calls` (dicts of its arguments), up to
    `workers` at once; returns, in their order, each one's response or the
    ProviderError it raised. Other exceptions (a bug) are raised."""

    def attempt(call):
        try:
            return send_request(**call)
        except ProviderError as error:
            return error

    if len(calls) <= 1:
        return [attempt(call) for call in calls]
    with ThreadPoolExecutor(max_workers=min(workers, len(calls))) as pool:
        return list(pool.map(attempt, calls))
