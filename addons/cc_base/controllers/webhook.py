import logging
from urllib.parse import urlencode

from werkzeug.exceptions import NotFound

from odoo import http
from odoo.http import request

from ..tools import WebhookRejected, WebhookRequest

_logger = logging.getLogger(__name__)

DEFAULT_MAX_BODY_BYTES = 1024 * 1024


class ContactCentreWebhookController(http.Controller):
    """Every provider's webhooks: verify, store raw, answer at once. Parsing
    and applying happen later, outside the request (webhook event store)."""

    _webhook_routes = [
        "/contact_centre/webhook/<string:code>",
        "/contact_centre/webhook/<string:code>/<string:key>",
    ]

    # auth="none": a provider is no user, and everything below runs as sudo;
    # the public user would cost a query in every request. Such a route is
    # read-only unless told: this one stores the event.
    @http.route(
        _webhook_routes,
        type="http",
        auth="none",
        readonly=False,
        methods=["POST"],
        csrf=False,
        save_session=False,
        # Werkzeug stops reading a body (even one sent without its length) there.
        max_content_length=lambda controller: controller._max_body_bytes(),
    )
    def contact_centre_webhook(self, code, key=None, **_params):
        # The route's max_content_length, which Odoo has read for this request.
        max_bytes = request.httprequest.max_content_length
        length = request.httprequest.content_length
        if length is not None and length > max_bytes:
            return request.make_response("Payload Too Large", status=413)
        body = self._raw_body()
        if len(body) > max_bytes:
            return request.make_response("Payload Too Large", status=413)
        provider = self._account(code, key)
        webhook = self._webhook_request(body)
        try:
            provider._verify_webhook(webhook)
        except WebhookRejected as rejected:
            _logger.info("Webhook for %s rejected: %s", provider.display_name, rejected)
            return request.make_response("Forbidden", status=rejected.status)
        request.env["contact.centre.webhook.event"].sudo()._store(provider, webhook)
        return request.make_response("OK", status=200)

    @http.route(
        _webhook_routes, type="http", auth="none", methods=["GET"], csrf=False, save_session=False
    )
    def contact_centre_webhook_check(self, code, key=None, **_params):
        """A provider checking the webhook URL (e.g. Meta's hub.challenge)."""
        provider = self._account(code, key)
        try:
            answer = provider._webhook_challenge(self._webhook_request(b""))
        except WebhookRejected as rejected:
            return request.make_response("Forbidden", status=rejected.status)
        return request.make_response(answer, headers=[("Content-Type", "text/plain")])

    def _max_body_bytes(self):
        return int(
            request.env["ir.config_parameter"]
            .sudo()
            .get_param("cc_base.webhook_max_bytes", DEFAULT_MAX_BODY_BYTES)
        )

    def _raw_body(self):
        """The request's body. Odoo has parsed a
        form body into parameters before we run: it is encoded back, in its
        order, as it came."""
        http_request = request.httprequest
        if http_request.mimetype == "application/x-www-form-urlencoded":
            return urlencode(list(http_request.form.items(multi=True))).encode()
        return http_request.get_data()

    def _account(self, code, key):
        provider = request.env["contact.centre.provider"].sudo()._webhook_accounts(code, key)
        provider._fetch_webhook_fields()
        if not provider or provider.state == "disabled":
            raise NotFound()
        return provider

    def _webhook_request(self, body):
        http_request = request.httprequest
        return WebhookRequest(
            method=http_request.method,
            path=http_request.path,
            body=body,
            headers={name.lower(): value for name, value in http_request.headers.items()},
            query=http_request.args.to_dict(),
        )
