import time
from pathlib import Path

from odoo.tests import tagged

from odoo.addons.cc_base.tests.hostile_markup import hostile, report_escaping

from .common import CUSTOMER_WA_ID, MetaCase

TWO_DAYS = 2 * 24 * 3600
NAME = hostile("Mallory")
CODE = hostile("code")
TOUR_FILE = Path(__file__).parent.parent / "static/tests/tours/escaping_tour.js"


@tagged("post_install", "-at_install", "cc_fault")
class TestMetaEscapingTour(MetaCase):
    """Issue #11's security probe for WhatsApp templates: a template whose
    texts and parameters are HTML and script, sent to a contact whose name
    is too, shows them as text in every view (the tour says which), and
    Meta receives the parameters as written."""

    def test_hostile_template_parameters_are_text_in_every_view(self):
        self.customer.name = NAME
        self.simulator.window_mode = "sync"
        self.simulator.templates = [
            {
                "id": "5559876",
                "name": "escaping_probe",
                "language": "en_US",
                "status": "APPROVED",
                "category": "UTILITY",
                "components": [
                    {"type": "HEADER", "format": "TEXT", "text": hostile("Offer")},
                    {
                        "type": "BODY",
                        "text": "Hi {{1}}, your code is {{2}}.",
                        "example": {"body_text": [[hostile("Ann"), CODE]]},
                    },
                    {"type": "FOOTER", "text": hostile("Footer")},
                    {
                        "type": "BUTTONS",
                        "buttons": [{"type": "QUICK_REPLY", "text": hostile("Yes")}],
                    },
                ],
            }
        ]
        self.account._sync()
        template = self.env["contact.centre.template"].search(
            [("meta_provider_id", "=", self.account.id)]
        )
        template.meta_variable_ids.filtered(lambda v: v.name == "1").partner_field = "name"
        # The customer wrote two days ago: the window is closed, a template must go.
        old = self._customer_writes("Hello?", timestamp=str(int(time.time()) - TWO_DAYS))
        self.simulator.last_inbound[CUSTOMER_WA_ID] -= TWO_DAYS
        conversation = old.conversation_id
        conversation._cc_assign(self.env.ref("base.user_admin"))

        self.start_tour(
            f"/odoo/discuss?active_id=discuss.channel_{conversation.id}",
            "cc_whatsapp_meta_escaping",
            login="admin",
        )
        sent = self.simulator.sent_payloads()[-1]
        self.assertEqual(
            sent["template"]["components"],
            [
                {
                    "type": "body",
                    "parameters": [{"type": "text", "text": NAME}, {"type": "text", "text": CODE}],
                }
            ],
            "Meta receives the parameters as written, not escaped",
        )
        report_escaping("WhatsApp templates", TOUR_FILE)
