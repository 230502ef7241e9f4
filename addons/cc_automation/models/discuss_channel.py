from odoo import fields, models


class DiscussChannel(models.Model):
    """Automations answer a conversation until an agent takes it over, and
    again once it is resolved."""

    _inherit = "discuss.channel"

    cc_automation_paused = fields.Boolean(
        "Automations Paused",
        help="An agent has taken this conversation over: automations and chatbot flows "
        "leave it alone until it is resolved.",
    )

    def write(self, vals):
        if vals.get("cc_state") == "resolved":
            vals = dict(vals, cc_automation_paused=False)
        return super().write(vals)

    def _cc_take_over(self):
        """An agent is in charge: running chatbot flows stop, automations pause."""
        conversations = self.filtered(lambda c: c.channel_type == "contact_centre")
        conversations.sudo().write({"cc_automation_paused": True})
        self.env["contact.centre.chatbot.session"].sudo().search(
            [("conversation_id", "in", conversations.ids), ("state", "=", "running")]
        ).write({"state": "handover"})

    def action_cc_assign_to_me(self):
        result = super().action_cc_assign_to_me()
        self._cc_take_over()
        return result

    def _cc_send_post(self, message):
        result = super()._cc_send_post(message)
        self._cc_take_over()
        return result

    def action_cc_resume_automations(self):
        self._cc_check_agent()
        self.sudo().write({"cc_automation_paused": False})

    def _cc_send_automatic(self, text, template=None, reply_to=None, **links):
        """Queue an automatic message in this conversation: text while the
        compliance gate lets free text through, else the template (rendered
        for the contact) if there is one. Nothing is queued when the gate
        refuses both (opted out, window closed without a template): the
        messages queued are returned. links: automation, chatbot_session,
        and message values such as interactive_payload."""
        self.ensure_one()
        Message = self.env["contact.centre.message"].sudo()
        automation = links.pop("automation", None)
        session = links.pop("chatbot_session", None)
        base = {
            "contact_id": self.cc_contact_id.id,
            "channel": self.cc_channel,
            "provider_id": self.cc_provider_id.id,
            "company_id": self.cc_provider_id.company_id.id,
            "conversation_id": self.id,
            "reply_to_message_id": reply_to.id if reply_to else False,
            "automation_id": automation.id if automation else False,
            "chatbot_session_id": session.id if session else False,
        }
        candidates = []
        if text:
            candidates.append(dict(base, body_text=text, **links))
        if template:
            candidates.append(
                dict(
                    base,
                    body_text=Message._cc_render(
                        template.with_context(lang=self.cc_contact_id.lang or self.env.lang).body,
                        self.cc_contact_id,
                    ),
                    template_id=template.id,
                    message_type="template",
                )
            )
        for vals in candidates:
            draft = Message.new(vals)
            if not draft._compliance_failures():
                self.sudo().cc_last_outbound_at = fields.Datetime.now()
                return Message._queue_outbound([vals], raise_if_refused=False)
        return Message
