from datetime import timedelta

from markupsafe import Markup

from odoo import api, fields, models

from odoo.addons.cc_base.const import NUMBER_FIELD_BY_CHANNEL, OPT_OUT_FIELD_BY_CHANNEL

DEFAULT_MAX_ANSWERS_PER_HOUR = 20
# An inbound text equal to one of our automatic messages of the last minutes
# is our own echo, or another robot repeating us: never answered.
ECHO_WINDOW = timedelta(minutes=10)


class ContactCentreMessage(models.Model):
    """Automations take their turn on each new inbound message, after the
    opt-out keywords: a running chatbot flow first, then the first automation
    whose trigger holds."""

    _inherit = "contact.centre.message"

    handled_by = fields.Selection(
        selection_add=[("automation", "Automation")], ondelete={"automation": "set null"}
    )
    automation_id = fields.Many2one(
        "contact.centre.automation", index="btree_not_null", ondelete="set null", readonly=True
    )
    chatbot_session_id = fields.Many2one(
        "contact.centre.chatbot.session",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
    )

    @api.model
    def _inbound_handlers(self):
        return [*super()._inbound_handlers(), (30, "_run_automations")]

    def _apply_consent_keywords(self):  # pylint: disable=missing-return
        """A customer who opts out in the middle of a flow ends it: a START
        later does not pick the questions up where they were left."""
        super()._apply_consent_keywords()
        opted_out = self.filtered(
            lambda m: (
                m.handled_by == "consent_keyword"
                and m.contact_id[OPT_OUT_FIELD_BY_CHANNEL[m.channel]]
            )
        )
        if opted_out:
            self.env["contact.centre.chatbot.session"].sudo().search(
                [
                    ("conversation_id", "in", opted_out.conversation_id.ids),
                    ("state", "=", "running"),
                ]
            ).state = "done"

    def _run_automations(self):
        Automation = self.env["contact.centre.automation"].sudo()
        Session = self.env["contact.centre.chatbot.session"].sudo()
        for message in self._unhandled_inbound().sorted("id"):
            if not message._automations_may_answer():
                continue
            session = Session._running_for(message.conversation_id)
            if session:
                # The running flow takes every message as an answer to its step.
                session._receive(message)
                answered = True
            else:
                automation = Automation._first_for(message)
                answered = automation and automation.execute(message)
            if answered:
                message.handled_by = "automation"

    def action_assign_to_me(self):
        result = super().action_assign_to_me()
        self.conversation_id._cc_take_over()
        return result

    def _automations_may_answer(self):
        """Not when an agent has the conversation, not to our own echo, and
        not more often than the hourly limit per conversation."""
        self.ensure_one()
        conversation = self.conversation_id
        if not conversation or conversation.cc_automation_paused:
            return False
        number = self.contact_id[NUMBER_FIELD_BY_CHANNEL[self.channel]]
        if number and number == self.provider_id.sender:
            return False
        since = fields.Datetime.now()
        Message = self.sudo()
        if Message.search_count(
            [
                ("conversation_id", "=", conversation.id),
                ("direction", "=", "outbound"),
                "|",
                ("automation_id", "!=", False),
                ("chatbot_session_id", "!=", False),
                ("body_text", "=", self.body_text),
                ("create_date", ">=", since - ECHO_WINDOW),
            ],
            limit=1,
        ):
            return False
        answered = Message.search_count(
            [
                ("conversation_id", "=", conversation.id),
                ("handled_by", "=", "automation"),
                ("create_date", ">=", since - timedelta(hours=1)),
            ]
        )
        return answered < self._max_automatic_answers_per_hour()

    @api.model
    def _max_automatic_answers_per_hour(self):
        value = (
            self.env["ir.config_parameter"].sudo().get_param("cc_automation.max_answers_per_hour")
        )
        return int(value) if value and value.isdigit() else DEFAULT_MAX_ANSWERS_PER_HOUR

    def _cc_test_bubble(self):
        """The message as a chat bubble, with its buttons or list when it has some."""
        self.ensure_one()
        bubble = self._bubble()
        options = (self.interactive_payload or {}).get("options")
        if not options:
            return bubble
        return bubble + Markup('<div class="o_cc_chatbot_options">%s</div>') % Markup("").join(
            Markup('<span class="badge text-bg-light border me-1">%s</span>') % option["title"]
            for option in options
        )

    @api.model
    def _cc_render(self, text, contact):
        """text with its placeholders ({{ object.name }}) filled in for contact."""
        return self.env["mail.render.mixin"]._render_template(
            text or "", "res.partner", contact.ids, engine="inline_template"
        )[contact.id]
