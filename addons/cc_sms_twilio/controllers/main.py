from odoo import http
from odoo.http import request

from odoo.addons.cc_base.controllers.webhook import ContactCentreWebhookController

from .. import const


class TwilioWebhookController(ContactCentreWebhookController):
    """Twilio reads the answer to an inbound SMS webhook as TwiML, what to
    reply: anything else (cc_base's plain "OK") is an error in Twilio's
    debugger. An empty TwiML document replies nothing."""

    @http.route()
    def contact_centre_webhook(self, code, key=None, **params):
        response = super().contact_centre_webhook(code, key=key, **params)
        if code != "twilio" or response.status_code != 200:
            return response
        return request.make_response(
            const.EMPTY_TWIML, headers=[("Content-Type", "text/xml; charset=utf-8")]
        )
