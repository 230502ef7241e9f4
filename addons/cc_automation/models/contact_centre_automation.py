from odoo import api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.cc_base.tools.keywords import contains_phrase, keyword_words

AUTOMATION_CHANNELS = [
    ("whatsapp", "WhatsApp"),
    ("sms", "SMS"),
    ("both", "Both"),
]
AUTOMATION_TYPES = [
    ("chatbot", "Chatbot Flow"),
    ("auto_reply", "Auto Reply"),
    ("keyword_response", "Keyword Response"),
]
TRIGGER_TYPES = [
    ("always", "Always"),
    ("business_hours", "Business Hours Only"),
    ("after_hours", "After Hours Only"),
    ("keyword", "Keyword Match"),
]


def split_keywords(text):
    """Keywords are separated by commas or new lines; a keyword may be a phrase."""
    return [
        keyword.strip() for keyword in (text or "").replace("\n", ",").split(",") if keyword.strip()
    ]


class ContactCentreAutomation(models.Model):
    """A rule that answers a customer's message by itself: a fixed reply, a
    reply to a keyword, or a chatbot flow. Rules are tried by priority; the
    first whose trigger holds answers, and it alone."""

    _name = "contact.centre.automation"
    _description = "Contact Centre Automation"
    _order = "priority, id"

    name = fields.Char("Automation Name", required=True, translate=True)
    channel = fields.Selection(AUTOMATION_CHANNELS, required=True, default="both")
    automation_type = fields.Selection(
        AUTOMATION_TYPES, "Type", required=True, default="auto_reply"
    )
    chatbot_id = fields.Many2one("contact.centre.chatbot", "Chatbot Flow", ondelete="restrict")
    trigger_type = fields.Selection(
        TRIGGER_TYPES,
        "Trigger",
        required=True,
        compute="_compute_trigger_type",
        store=True,
        precompute=True,
        readonly=False,
    )
    trigger_keywords = fields.Char(
        help="Words or phrases, separated by commas, in as many languages as you like. "
        "Case, accents and punctuation do not count; only whole words match.",
    )
    response_message = fields.Text(
        translate=True,
        help="The answer. Placeholders such as {{ object.name }} are filled in for the contact.",
    )
    response_template_id = fields.Many2one(
        "contact.centre.template",
        help="An approved template: the answer when WhatsApp's 24-hour window is closed, "
        "or the only answer when there is no response message.",
    )
    active = fields.Boolean(default=True)
    priority = fields.Integer(default=10, help="Lower number = higher priority.")
    provider_ids = fields.Many2many(
        "contact.centre.provider",
        string="Provider Accounts",
        help="Answer only messages to these accounts. Empty: every account.",
    )
    resource_calendar_id = fields.Many2one(
        "resource.calendar",
        "Business Hours",
        help="Working hours and public holidays for the business-hours triggers. Empty: "
        "the provider account's, else the company's.",
    )
    company_id = fields.Many2one("res.company", index=True, help="Leave empty for every company.")
    reply_count = fields.Integer("Answers", compute="_compute_reply_count")

    @api.depends("automation_type")
    def _compute_trigger_type(self):
        for automation in self:
            if automation.automation_type == "keyword_response":
                automation.trigger_type = "keyword"
            elif not automation.trigger_type:
                automation.trigger_type = "always"

    def _compute_reply_count(self):
        counts = self.env["contact.centre.message"]._count_by("automation_id", self)
        for automation in self:
            automation.reply_count = counts.get(automation, 0)

    @api.constrains(
        "automation_type",
        "trigger_type",
        "trigger_keywords",
        "chatbot_id",
        "response_message",
        "response_template_id",
    )
    def _check_configuration(self):
        for automation in self:
            values = {"name": automation.name}
            if automation.trigger_type == "keyword" and not split_keywords(
                automation.trigger_keywords
            ):
                raise ValidationError(
                    self.env._("Automation %(name)s needs at least one keyword.", **values)
                )
            if automation.automation_type == "chatbot" and not automation.chatbot_id:
                raise ValidationError(
                    self.env._("Automation %(name)s needs a chatbot flow.", **values)
                )
            if automation.automation_type != "chatbot" and not (
                automation.response_message or automation.response_template_id
            ):
                raise ValidationError(
                    self.env._(
                        "Automation %(name)s needs a response message or a template.", **values
                    )
                )

    def action_view_messages(self):
        """The answers this automation sent."""
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_message_action"
        )
        action["domain"] = [("automation_id", "=", self.id)]
        action["context"] = {}
        return action

    # Which automation answers

    @api.model
    def _first_for(self, message):
        """The automation that answers message: the first by priority whose
        trigger holds."""
        candidates = self.search(
            [
                ("channel", "in", (message.channel, "both")),
                ("company_id", "in", (message.company_id.id, False)),
            ]
        )
        words = keyword_words(message.body_text)
        return next(
            (
                automation
                for automation in candidates
                if automation.evaluate_trigger(message, words)
            ),
            self.browse(),
        )

    def _business_hours(self, provider):
        self.ensure_one()
        return (
            self.resource_calendar_id
            or provider.cc_business_hours_id
            or (self.company_id or provider.company_id).resource_calendar_id
        )

    def evaluate_trigger(self, message, words=None):
        """Whether this automation answers message: its account, then its
        trigger (keywords, or business hours at the time of the message)."""
        self.ensure_one()
        if self.provider_ids and message.provider_id not in self.provider_ids:
            return False
        if self.trigger_type == "keyword":
            words = keyword_words(message.body_text) if words is None else words
            return any(contains_phrase(words, key) for key in split_keywords(self.trigger_keywords))
        if self.trigger_type in ("business_hours", "after_hours"):
            calendar = self._business_hours(message.provider_id)
            is_open = bool(calendar) and calendar._cc_is_open_at(message.message_timestamp)
            return is_open == (self.trigger_type == "business_hours")
        return True

    # Answering

    def get_response(self, contact):
        """(text, template) to answer contact with: the response message in
        their language with its placeholders filled in, and the template for a
        closed window."""
        self.ensure_one()
        message = self.with_context(lang=contact.lang or self.env.lang).response_message
        text = message and self.env["contact.centre.message"]._cc_render(message, contact)
        return text, self.response_template_id

    def execute(self, message):
        """Answer message; whether it was answered (not when the compliance
        gate refuses every answer)."""
        self.ensure_one()
        if self.automation_type == "chatbot":
            return self.chatbot_id._start(message.conversation_id)
        text, template = self.get_response(message.contact_id)
        return bool(
            message.conversation_id._cc_send_automatic(
                text, template=template, reply_to=message, automation=self
            )
        )
