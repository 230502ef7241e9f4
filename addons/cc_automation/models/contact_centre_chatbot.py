from odoo import api, fields, models
from odoo.exceptions import UserError


class ContactCentreChatbot(models.Model):
    """A chatbot flow for SMS and WhatsApp: an ordered tree of steps that
    greets, asks, stores the answers on the contact, branches on them and
    hands over to an agent. One session per conversation follows it."""

    _name = "contact.centre.chatbot"
    _description = "Contact Centre Chatbot Flow"
    _order = "name, id"

    name = fields.Char(required=True, translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one("res.company", index=True)
    step_ids = fields.One2many("contact.centre.chatbot.step", "chatbot_id", "Steps", copy=True)
    restart_keyword = fields.Char(
        default="RESTART",
        help="A message that is only this word starts the flow again.",
    )
    human_keywords = fields.Char(
        "Talk to a Person",
        default="agent, human, person, operator",
        help="Words or phrases in any language, separated by commas: at any step, a "
        "message holding one hands the conversation over to an agent.",
    )
    handover_message = fields.Text(
        default="Thank you, an agent will answer you here shortly.",
        translate=True,
    )
    retry_limit = fields.Integer(
        "Retries",
        default=2,
        help="How many unexpected answers to a step before the conversation goes to an agent.",
    )
    timeout_minutes = fields.Integer(
        "Timeout (minutes)",
        default=60,
        help="A session without an answer for this long ends, with the timeout message.",
    )
    timeout_message = fields.Text(
        default="We have not heard from you, so we close this conversation. "
        "Write to us again any time.",
        translate=True,
    )
    session_ids = fields.One2many("contact.centre.chatbot.session", "chatbot_id", "Sessions")
    session_count = fields.Integer(compute="_compute_session_count")

    @api.depends("session_ids")
    def _compute_session_count(self):
        counts = dict(
            self.env["contact.centre.chatbot.session"]
            .sudo()
            ._read_group([("chatbot_id", "in", self.ids)], ["chatbot_id"], ["__count"])
        )
        for chatbot in self:
            chatbot.session_count = counts.get(chatbot, 0)

    def _first_step(self):
        return self.step_ids.sorted()[:1]

    def _start(self, conversation):
        """Start this flow in conversation; whether it started. A flow whose
        first messages the compliance gate refuses does not start."""
        self.ensure_one()
        session = (
            self.env["contact.centre.chatbot.session"]
            .sudo()
            .create({"chatbot_id": self.id, "conversation_id": conversation.id})
        )
        if session._run(self._first_step()) or session.state != "running":
            return True
        session.unlink()
        return False

    def action_test(self):
        """Try the flow in a Sandbox account, writing as a test customer."""
        self.ensure_one()
        Test = self.env["contact.centre.chatbot.test"]
        if not Test._default_provider():
            raise UserError(
                self.env._("Testing a flow needs an enabled Sandbox provider account: add one.")
            )
        wizard = Test.create({"chatbot_id": self.id})
        return wizard._reopen()

    def action_view_sessions(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_automation.contact_centre_chatbot_session_action"
        )
        action["domain"] = [("chatbot_id", "=", self.id)]
        return action
