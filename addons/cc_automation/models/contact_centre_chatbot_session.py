from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.cc_base.tools.keywords import contains_phrase, keyword_words

from .contact_centre_automation import split_keywords

SESSION_STATES = [
    ("running", "Running"),
    ("done", "Ended"),
    ("handover", "Handed Over"),
    ("timeout", "Timed Out"),
]


class ContactCentreChatbotSession(models.Model):
    """One run of a chatbot flow in one conversation: where it stands, what
    the customer answered, and how it ended."""

    _name = "contact.centre.chatbot.session"
    _description = "Contact Centre Chatbot Session"
    _order = "id desc"
    _rec_name = "chatbot_id"

    chatbot_id = fields.Many2one(
        "contact.centre.chatbot", "Chatbot Flow", required=True, index=True, ondelete="cascade"
    )
    conversation_id = fields.Many2one(
        "discuss.channel", required=True, index=True, ondelete="cascade"
    )
    contact_id = fields.Many2one(related="conversation_id.cc_contact_id", string="Contact")
    channel = fields.Selection(related="conversation_id.cc_channel")
    company_id = fields.Many2one(related="conversation_id.cc_provider_id.company_id")
    step_id = fields.Many2one("contact.centre.chatbot.step", "Current Step", ondelete="set null")
    state = fields.Selection(SESSION_STATES, required=True, default="running", index=True)
    answer_ids = fields.One2many("contact.centre.chatbot.answer", "session_id", "Answers")
    retry_count = fields.Integer(readonly=True)
    last_activity_at = fields.Datetime(default=fields.Datetime.now, required=True)

    @api.model
    def _running_for(self, conversation):
        return self.search(
            [("conversation_id", "=", conversation.id), ("state", "=", "running")], limit=1
        )

    def _send(self, text, reply_to=None, **values):
        return self.conversation_id._cc_send_automatic(
            text, reply_to=reply_to, chatbot_session=self, **values
        )

    def _in_customer_lang(self, record):
        """record reading its translated texts in the customer's language."""
        return record.with_context(lang=self.contact_id.lang or self.env.lang)

    def _send_step(self, step, reply_to=None):
        step = self._in_customer_lang(step)
        text = step.message and self.env["contact.centre.message"]._cc_render(
            step.message, self.contact_id
        )
        if step.step_type != "question":
            return (
                self._send(text, reply_to=reply_to) if text else self.env["contact.centre.message"]
            )
        values = {}
        if self.channel == "whatsapp":
            values = {
                "message_type": "interactive",
                "interactive_payload": step._interactive_payload(text),
            }
        return self._send(step._question_text(text), reply_to=reply_to, **values)

    def _run(self, step, reply_to=None):
        """Play the flow from step until it waits for the customer or ends;
        the messages queued."""
        self.ensure_one()
        sent = self.env["contact.centre.message"]
        played = set()
        # A loop of steps that never wait (A goes to B, B back to A) ends the flow.
        while step and step not in played:
            played.add(step)
            self.write({"step_id": step.id, "retry_count": 0})
            if step.step_type == "handover":
                return sent | self._handover(step.message, reply_to)
            sent |= self._send_step(step, reply_to)
            if step.step_type in ("question", "input"):
                return sent
            if step.step_type == "end":
                break
            step = step._next()
        self.state = "done"
        return sent

    def _receive(self, message):
        """The customer's answer to the current step; the messages queued."""
        self.ensure_one()
        self.last_activity_at = fields.Datetime.now()
        chatbot, step = self._in_customer_lang(self.chatbot_id), self.step_id
        words = keyword_words(message.body_text)
        if chatbot.restart_keyword and words == keyword_words(chatbot.restart_keyword):
            self.answer_ids.unlink()
            return self._run(chatbot._first_step(), message)
        if any(contains_phrase(words, key) for key in split_keywords(chatbot.human_keywords)):
            return self._handover(chatbot.handover_message, message)
        if not step:
            # A session opened before the customer's first message (the Test
            # button): that message starts the flow.
            return self._run(chatbot._first_step(), message)
        if step.step_type == "question":
            option = step._match_option(message.body_text)
            if not option:
                return self._retry(message)
            self._record(step, option.name, option)
            return self._run(option.next_step_id or step._next(), message)
        if step.step_type == "input":
            value = step._validated_input(message.body_text)
            if value is None:
                return self._retry(message)
            if step.input_field_id:
                self.contact_id.sudo().write({step.input_field_id.name: value})
            self._record(step, value)
            return self._run(step._next(), message)
        return self._run(step._next(), message)

    def _record(self, step, value, option=None):
        self.env["contact.centre.chatbot.answer"].sudo().create(
            {
                "session_id": self.id,
                "step_id": step.id,
                "option_id": option.id if option else False,
                "value": value,
            }
        )

    def _retry(self, message):
        """An answer that does not fit: say so and ask again, or hand over
        after too many tries."""
        step = self._in_customer_lang(self.step_id)
        chatbot = self._in_customer_lang(self.chatbot_id)
        if self.retry_count >= chatbot.retry_limit:
            return self._handover(chatbot.handover_message, message)
        self.retry_count += 1
        retry = step.retry_message or (
            step.env._("Please answer with the number of your choice.")
            if step.step_type == "question"
            else step.env._("Sorry, that does not look right. Please try again.")
        )
        return self._send(retry, reply_to=message) | self._send_step(step, message)

    def _handover(self, text, reply_to=None):
        """The conversation goes to the agents' queue with the answers so far
        in it, and the flow stops."""
        sent = self._send(text, reply_to=reply_to) if text else self.env["contact.centre.message"]
        self.state = "handover"
        conversation = self.conversation_id.sudo()
        conversation.write({"cc_automation_paused": True, "cc_state": "open"})
        if not conversation.cc_agent_id and reply_to:
            conversation._cc_notify_agents(reply_to)
        conversation.with_context(cc_no_send=True).message_post(
            author_id=self.env.ref("base.partner_root").id,
            body=self._summary_html(),
            message_type="notification",
            subtype_xmlid="mail.mt_note",
        )
        return sent

    def _summary_html(self):
        rows = Markup("").join(
            Markup("<li><b>%s</b>: %s</li>") % (answer.step_id.name, answer.value)
            for answer in self.answer_ids.sorted("id")
        )
        title = self.env._("Chatbot %(flow)s handed over to an agent.", flow=self.chatbot_id.name)
        return (
            Markup("<p>%s</p><ul>%s</ul>") % (title, rows) if rows else Markup("<p>%s</p>") % title
        )

    @api.model
    def _cron_time_out(self):
        """End sessions left without an answer for longer than their flow's
        timeout, politely."""
        now = fields.Datetime.now()
        for session in self.search([("state", "=", "running")]):
            timeout = timedelta(minutes=max(session.chatbot_id.timeout_minutes, 1))
            if session.last_activity_at + timeout > now:
                continue
            session.state = "timeout"
            message = session._in_customer_lang(session.chatbot_id).timeout_message
            if message:
                session._send(message)


class ContactCentreChatbotAnswer(models.Model):
    _name = "contact.centre.chatbot.answer"
    _description = "Contact Centre Chatbot Answer"
    _order = "id"

    session_id = fields.Many2one(
        "contact.centre.chatbot.session", required=True, index=True, ondelete="cascade"
    )
    step_id = fields.Many2one("contact.centre.chatbot.step", ondelete="set null")
    option_id = fields.Many2one("contact.centre.chatbot.option", ondelete="set null")
    value = fields.Char("Answer")
