from odoo import http
from odoo.http import request

from odoo.addons.cc_base.controllers.webhook import ContactCentreWebhookController

from .. import const


class TwilioWebhookController(ContactCentreWebhookController):
    """Twilio texts back whatever an inbound SMS webhook answers (even a
    plain "OK"): it gets an empty TwiML document, which sends nothing."""

    @http.route()
    def contact_centre_webhook(self, code, key=None, **params):
        response = super().contact_centre_webhook(code, key=key, **params)
        if code != "twilio" or response.status_code != 200:
            return response
        return request.make_response(
            const.EMPTY_TWIML, headers=[("Content-Type", "text/xml; charset=utf-8")]
        )
