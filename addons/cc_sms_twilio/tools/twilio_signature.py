"""X-Twilio-Signature, computed and checked as twilio-python's
RequestValidator does: HMAC-SHA1 with the auth token over the full URL
Twilio requested followed by every form parameter (sorted names, each with
its sorted values), base64."""

import base64
import hashlib
import hmac
from urllib.parse import parse_qsl, urlencode, urlsplit

DEFAULT_PORTS = {"http": 80, "https": 443}


def compute_signature(auth_token, url, params):
    """The signature of a request to url with the form params, a list of
    (name, value) pairs (a name may repeat)."""
    values = {}
    for name, value in params:
        values.setdefault(name, set()).add(value)
    text = url + "".join(name + value for name in sorted(values) for value in sorted(values[name]))
    digest = hmac.new(auth_token.encode(), text.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode().strip()


def _port_variants(url):
    """url without its port and with the scheme's default one: Twilio signs
    either ("sig generation on back end is inconsistent")."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or DEFAULT_PORTS.get(parts.scheme)
    without_port = parts._replace(netloc=host).geturl()
    with_port = parts._replace(netloc=f"{host}:{port}").geturl() if port else url
    return {url, without_port, with_port}


def signature_matches(auth_token, url, params, signature):
    """Whether signature is Twilio's for this request, compared in constant
    time with every form of the URL Twilio may have signed."""
    if not (auth_token and signature):
        return False
    return any(
        hmac.compare_digest(
            compute_signature(auth_token, candidate, params).encode(), signature.encode()
        )
        for candidate in _port_variants(url)
    )


def requested_url(request, proxy_mode):
    """The public URL Twilio requested, from a stored WebhookRequest: behind
    a reverse proxy (Odoo's proxy_mode) the scheme and host it forwarded,
    otherwise the Host Odoo was called on, over plain HTTP as Odoo serves."""
    headers = request.headers
    host = headers.get("host", "")
    scheme = "http"
    if proxy_mode:
        host = _last(headers.get("x-forwarded-host")) or host
        scheme = _last(headers.get("x-forwarded-proto")) or scheme
    query = f"?{urlencode(request.query)}" if request.query else ""
    return f"{scheme}://{host}{request.path}{query}"


def form_params(request):
    """The (name, value) pairs of a form-encoded WebhookRequest, as sent
    (bytes that are not UTF-8 replaced: such a body is not signed by Twilio)."""
    return parse_qsl(request.body.decode(errors="replace"), keep_blank_values=True)


def _last(header):
    """The value the nearest proxy added to a comma-separated forwarded header."""
    return header.rsplit(",", 1)[-1].strip() if header else None
