import time
import uuid

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cc_base.const import NUMBER_FIELD_BY_CHANNEL
from odoo.addons.cc_base.tools import check_agent


class ContactCentreChatbotTest(models.TransientModel):
    """Try a chatbot flow in a Sandbox account: the tester writes as a test
    customer, the messages go through the webhook event store and the flow
    answers as it would a real customer."""

    _name = "contact.centre.chatbot.test"
    _description = "Contact Centre: Test a Chatbot Flow"

    chatbot_id = fields.Many2one("contact.centre.chatbot", required=True, ondelete="cascade")
    provider_id = fields.Many2one(
        "contact.centre.provider",
        "Sandbox Account",
        required=True,
        domain=[("code", "=", "sandbox"), ("state", "!=", "disabled")],
        default=lambda self: self._default_provider(),
    )
    conversation_id = fields.Many2one("discuss.channel", readonly=True)
    session_id = fields.Many2one("contact.centre.chatbot.session", readonly=True)
    session_state = fields.Selection(related="session_id.state", string="Flow")
    after_message_id = fields.Integer(readonly=True)
    transcript_html = fields.Html("Transcript", compute="_compute_transcript_html")
    text = fields.Char("Your Message", help="What the test customer writes.")

    @api.model
    def _default_provider(self):
        return self.env["contact.centre.provider"].search(
            [("code", "=", "sandbox"), ("state", "!=", "disabled")],
            order="channel desc, sequence, id",
            limit=1,
        )

    @api.depends("conversation_id", "after_message_id", "session_id.state")
    def _compute_transcript_html(self):
        for wizard in self:
            messages = wizard.conversation_id.sudo().cc_message_ids.filtered(
                lambda m, after=wizard.after_message_id: m.id > after
            )
            wizard.transcript_html = Markup('<div class="o_cc_conversation">%s</div>') % Markup(
                ""
            ).join(message._cc_test_bubble() for message in messages.sorted("id"))

    def _test_contact(self):
        """The tester's own test customer, with a Sandbox number of its own."""
        number_field = NUMBER_FIELD_BY_CHANNEL[self.provider_id.channel]
        number = f"+32470{900000 + self.env.uid % 100000:06d}"
        Partner = self.env["res.partner"].sudo()
        contact = Partner.search([(number_field, "=", number)], limit=1)
        return contact or Partner.create(
            {
                "name": self.env._("Chatbot test (%(user)s)", user=self.env.user.name),
                number_field: number,
            }
        )

    def _restart(self):
        """A fresh session, waiting for the test customer's first message."""
        conversation = self.env["discuss.channel"]._cc_conversation_for(
            self._test_contact(), self.provider_id.sudo()
        )
        Session = self.env["contact.centre.chatbot.session"].sudo()
        Session.search(
            [("conversation_id", "=", conversation.id), ("state", "=", "running")]
        ).write({"state": "done"})
        conversation.sudo().write({"cc_automation_paused": False})
        self.write(
            {
                "conversation_id": conversation.id,
                "session_id": Session.create(
                    {"chatbot_id": self.chatbot_id.id, "conversation_id": conversation.id}
                ).id,
                "after_message_id": max(conversation.sudo().cc_message_ids.ids, default=0),
            }
        )

    def action_send(self):
        """The test customer's message reaches the Sandbox account."""
        self.ensure_one()
        check_agent(self.env, self.env._("Only agents can test chatbot flows."))
        if not (self.text or "").strip():
            raise UserError(self.env._("Write the test customer's message first."))
        if not self.session_id or self.session_state != "running":
            self._restart()
        event = self.provider_id.sudo()._sandbox_receive(
            [
                {
                    "type": "message",
                    "id": f"chatbot-test-{uuid.uuid4().hex}",
                    "from": self.conversation_id.cc_contact_id[
                        NUMBER_FIELD_BY_CHANNEL[self.provider_id.channel]
                    ],
                    "text": self.text,
                    "timestamp": int(time.time()),
                }
            ]
        )
        event._process()
        if event.state != "done":
            raise UserError(event.error)
        self.text = False
        return self._reopen()

    def action_restart(self):
        self.ensure_one()
        check_agent(self.env, self.env._("Only agents can test chatbot flows."))
        self.session_id = False
        return self._reopen()

    def _reopen(self):
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Test %(flow)s", flow=self.chatbot_id.name),
        }
