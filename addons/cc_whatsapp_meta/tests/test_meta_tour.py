import time

from odoo.tests import new_test_user, tagged

from .common import CUSTOMER_WA_ID, MetaCase

TWO_DAYS = 2 * 24 * 3600


@tagged("post_install", "-at_install")
class TestMetaTour(MetaCase):
    def test_template_to_a_closed_window_then_free_chat(self):
        agent = new_test_user(
            self.env,
            login="meta_tour_agent",
            groups="base.group_user,cc_base.group_contact_centre_agent",
            name="Meta Tour Agent",
        )
        self.customer.name = "Tour Late Customer"
        self.simulator.window_mode = "sync"
        self.simulator.templates = [
            {
                "id": "5551234",
                "name": "order_update",
                "language": "en_US",
                "status": "APPROVED",
                "category": "UTILITY",
                "components": [
                    {
                        "type": "BODY",
                        "text": "Hi {{1}}, your order has shipped.",
                        "example": {"body_text": [["Ann"]]},
                    }
                ],
            }
        ]
        self.account._sync()
        template = self.env["contact.centre.template"].search(
            [("meta_provider_id", "=", self.account.id)]
        )
        template.meta_variable_ids.partner_field = "name"
        # The customer wrote two days ago: at Meta too, the window is closed.
        long_ago = str(int(time.time()) - TWO_DAYS)
        old = self._customer_writes("Where is my order?", timestamp=long_ago)
        self.simulator.last_inbound[CUSTOMER_WA_ID] -= TWO_DAYS
        conversation = old.conversation_id
        conversation._cc_assign(agent)
        discuss = f"/odoo/discuss?active_id=discuss.channel_{conversation.id}"

        self.start_tour(discuss, "cc_whatsapp_meta_template_to_closed_window", login=agent.login)
        sent = self.simulator.sent_payloads()[-1]
        self.assertEqual(sent["type"], "template")
        self.assertEqual(
            sent["template"]["components"],
            [{"type": "body", "parameters": [{"type": "text", "text": "Tour Late Customer"}]}],
        )

        self._customer_writes("Great, when will it arrive?")
        self.start_tour(discuss, "cc_whatsapp_meta_free_chat_after_answer", login=agent.login)
        free = self.simulator.sent_payloads()[-1]
        self.assertEqual(free["text"]["body"], "Tomorrow before noon")
        reply = self.Message.search(
            [("conversation_id", "=", conversation.id), ("body_text", "=", "Tomorrow before noon")]
        )
        self.assertEqual(reply.status, "sent", reply.error_message)
