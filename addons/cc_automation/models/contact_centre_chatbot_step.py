import re

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import email_normalize

from odoo.addons.cc_base.tools import to_e164
from odoo.addons.cc_base.tools.keywords import keyword_words

STEP_TYPES = [
    ("message", "Send a Message"),
    ("question", "Ask with Options"),
    ("input", "Ask for Free Input"),
    ("handover", "Hand Over to an Agent"),
    ("end", "End"),
]
INPUT_VALIDATIONS = [
    ("text", "Any Text"),
    ("email", "Email"),
    ("phone", "Phone Number"),
    ("number", "Number"),
]
# WhatsApp shows up to 3 reply buttons; more options go in a list.
MAX_BUTTONS = 3
NUMBER = re.compile(r"^-?\d+(?:[.,]\d+)?$")


class ContactCentreChatbotStep(models.Model):
    _name = "contact.centre.chatbot.step"
    _description = "Contact Centre Chatbot Step"
    _order = "sequence, id"

    chatbot_id = fields.Many2one(
        "contact.centre.chatbot", "Chatbot Flow", required=True, index=True, ondelete="cascade"
    )
    sequence = fields.Integer(default=10)
    name = fields.Char(
        compute="_compute_name", store=True, readonly=False, required=True, precompute=True
    )
    step_type = fields.Selection(STEP_TYPES, "Type", required=True, default="message")
    message = fields.Text(
        translate=True,
        help="What the customer reads. Placeholders such as {{ object.name }} are filled in.",
    )
    option_ids = fields.One2many("contact.centre.chatbot.option", "step_id", copy=True)
    list_button = fields.Char(
        default="Choose",
        translate=True,
        help="On WhatsApp, the label of the button that opens the list (more than 3 options).",
    )
    next_step_id = fields.Many2one(
        "contact.centre.chatbot.step",
        "Then Go To",
        domain="[('chatbot_id', '=', chatbot_id), ('id', '!=', id)]",
        ondelete="set null",
        help="The step after this one (after any option without a step of its own). "
        "Empty: the next step in the list.",
    )
    input_field_id = fields.Many2one(
        "ir.model.fields",
        "Store In",
        domain="[('model', '=', 'res.partner'), ('ttype', 'in', ('char', 'text')), "
        "('readonly', '=', False), ('store', '=', True)]",
        ondelete="cascade",
        help="The contact's field that keeps the answer (name, email, a custom field).",
    )
    input_validation = fields.Selection(INPUT_VALIDATIONS, "Expect", default="text")
    retry_message = fields.Text(
        translate=True,
        help="Said when the answer does not fit, before the question is asked again.",
    )
    branches = fields.Char(
        compute="_compute_branches",
        help="Where each option leads, and the step after this one.",
    )

    @api.depends("message", "step_type")
    def _compute_name(self):
        types = dict(STEP_TYPES)
        for step in self:
            first_line = (step.message or "").strip().split("\n")[0][:60]
            step.name = first_line or types.get(step.step_type)

    @api.depends(
        "step_type", "option_ids.name", "option_ids.next_step_id", "next_step_id", "sequence"
    )
    def _compute_branches(self):
        for step in self:
            if step.step_type in ("handover", "end"):
                step.branches = False
                continue
            after = step._next() if step.id else step.next_step_id
            then = after.name or step.env._("end")
            if step.step_type != "question":
                step.branches = f"→ {then}"
                continue
            step.branches = " · ".join(
                f"{option.name} → {(option.next_step_id.name or then)}"
                for option in step.option_ids
            )

    def _next(self):
        """The step after this one, when no option says otherwise."""
        self.ensure_one()
        if self.next_step_id:
            return self.next_step_id
        later = self.chatbot_id.step_ids.sorted().filtered(
            lambda s: (s.sequence, s.id) > (self.sequence, self.id)
        )
        return later[:1]

    def _question_text(self, text):
        """The step's text with its numbered options: what an SMS shows, and
        what any channel shows when it cannot draw buttons."""
        lines = [text] if text else []
        lines += [f"{index}. {option.name}" for index, option in enumerate(self.option_ids, 1)]
        return "\n".join(lines)

    def _interactive_payload(self, text):
        """cc_base's provider-neutral interactive content: the question text,
        then buttons up to 3, a list beyond."""
        kind = "buttons" if len(self.option_ids) <= MAX_BUTTONS else "list"
        payload = {
            "kind": kind,
            "text": text or "",
            "options": [
                {"id": option._reply_id(), "title": option.name} for option in self.option_ids
            ],
        }
        if kind == "list":
            payload["button"] = self.list_button or self.env._("Choose")
        return payload

    def _match_option(self, text):
        """The option the customer chose: its number, its title, or the id a
        WhatsApp button or list row answers with."""
        self.ensure_one()
        answer = (text or "").strip().rstrip(".)")
        options = self.option_ids
        if answer.isdigit():
            index = int(answer)
            return options[index - 1] if 0 < index <= len(options) else options.browse()
        words = keyword_words(text)
        for option in options:
            if (text or "").strip() == option._reply_id() or keyword_words(option.name) == words:
                return option
        return options.browse()

    def _validated_input(self, text):
        """The answer as it is stored, or None when it does not fit."""
        self.ensure_one()
        value = (text or "").strip()
        if not value:
            return None
        if self.input_validation == "email":
            return email_normalize(value) or None
        if self.input_validation == "phone":
            try:
                return to_e164(value, self.env.company.country_id)
            except UserError:
                return None
        if self.input_validation == "number":
            return value if NUMBER.match(value) else None
        return value


class ContactCentreChatbotOption(models.Model):
    _name = "contact.centre.chatbot.option"
    _description = "Contact Centre Chatbot Option"
    _order = "sequence, id"

    step_id = fields.Many2one(
        "contact.centre.chatbot.step", required=True, index=True, ondelete="cascade"
    )
    chatbot_id = fields.Many2one(related="step_id.chatbot_id")
    sequence = fields.Integer(default=10)
    name = fields.Char(
        "Option",
        required=True,
        translate=True,
        size=24,
        help="Its title: at most 20 characters show on a WhatsApp button, 24 in a list.",
    )
    next_step_id = fields.Many2one(
        "contact.centre.chatbot.step",
        "Go To",
        domain="[('chatbot_id', '=', chatbot_id)]",
        ondelete="set null",
        help="Where this answer leads. Empty: the step after the question.",
    )

    def _reply_id(self):
        return f"cc_option_{self.id}"
