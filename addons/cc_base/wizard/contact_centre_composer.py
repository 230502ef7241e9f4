from collections import defaultdict

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from ..const import CHANNELS
from ..tools import check_agent


class ContactCentreComposer(models.TransientModel):
    """Send a WhatsApp or SMS message to one or many contacts: free text or a
    template, with placeholders filled in for each contact, a live preview,
    and for each recipient what happened (queued, or why not)."""

    _name = "contact.centre.composer"
    _description = "Contact Centre: Send a Message"

    partner_ids = fields.Many2many(
        "res.partner",
        string="Recipients",
        required=True,
        default=lambda self: self._default_partners(),
    )
    channel = fields.Selection(CHANNELS, required=True, default="whatsapp")
    provider_id = fields.Many2one(
        "contact.centre.provider",
        "Send Through",
        compute="_compute_provider_id",
        store=True,
        readonly=False,
        domain="[('channel', '=', channel), ('state', '!=', 'disabled')]",
        help="Empty: each recipient gets the account that sends to their number (the "
        "accounts' order, number prefixes and countries).",
    )
    template_id = fields.Many2one("contact.centre.template", domain="[('channel', '=', channel)]")
    body = fields.Text(
        "Message",
        compute="_compute_body",
        store=True,
        readonly=False,
        help="Placeholders such as {{ object.name }} are filled in for each contact.",
    )
    preview_html = fields.Html("Preview", compute="_compute_preview_html")
    send_estimate = fields.Char(
        "Estimate",
        compute="_compute_send_estimate",
        help="What the message takes through this account (e.g. how many SMS), and "
        "what it costs when the provider says.",
    )
    state = fields.Selection([("draft", "Draft"), ("done", "Sent")], default="draft")
    line_ids = fields.One2many("contact.centre.composer.line", "composer_id", "Results")

    @api.model
    def _default_partners(self):
        """The contacts selected where it was opened from (the Action menu of
        contacts); opened from anywhere else, none unless given."""
        if self.env.context.get("active_model") == "res.partner":
            return self.env["res.partner"].browse(self.env.context.get("active_ids"))
        return self.env["res.partner"]

    @api.depends("channel")
    def _compute_provider_id(self):
        """Empty (each recipient routed by their number) unless the user
        chose an account: that choice stays while recipients change, and only
        a change of channel, which the account cannot send on, clears it."""
        for composer in self:
            if composer.provider_id.channel != composer.channel:
                composer.provider_id = False

    def _routed_accounts(self):
        """{partner: the account routing gives them} for the recipients."""
        partners = self.partner_ids._origin
        vals_list = [{"contact_id": p.id, "channel": self.channel} for p in partners]
        self.env["contact.centre.message"]._route_outbound(vals_list, prefer_conversations=True)
        Provider = self.env["contact.centre.provider"]
        return {
            p: Provider.browse(v["provider_id"]) for p, v in zip(partners, vals_list, strict=True)
        }

    @api.depends("template_id")
    def _compute_body(self):
        for composer in self.filtered("template_id"):
            composer.body = composer.template_id.body

    @api.depends("body", "channel", "partner_ids")
    def _compute_preview_html(self):
        for composer in self:
            first = composer.partner_ids[:1]._origin
            text = composer._render(first)[first.id] if first and composer.body else composer.body
            composer.preview_html = self.env["contact.centre.message"]._bubble_html(
                text, "outbound", composer.channel
            )

    @api.depends("body", "template_id", "provider_id", "partner_ids")
    def _compute_send_estimate(self):
        for composer in self:
            partners = composer.partner_ids._origin
            # Only SMS is counted in parts: no rendering for every recipient
            # on each keystroke elsewhere.
            if (
                composer.channel != "sms"
                or not partners
                or not (composer.body or composer.template_id)
            ):
                composer.send_estimate = False
                continue
            texts = composer._render(partners)
            by_account = defaultdict(list)
            for partner, account in composer._routed_accounts().items():
                by_account[composer.provider_id or account].append(texts[partner.id])
            estimates = [
                account._send_estimate(account_texts)
                if len(by_account) == 1
                else f"{account.name}: {account._send_estimate(account_texts)}"
                for account, account_texts in by_account.items()
                if account
            ]
            composer.send_estimate = "; ".join(estimates) or False

    def _render(self, partners):
        """{partner id: the message text for them}. A template is sent as it
        was approved: its own text, whatever the body shows."""
        text = self.template_id.body if self.template_id else self.body
        return self.env["mail.render.mixin"]._render_template(
            text or "", "res.partner", partners.ids, engine="inline_template"
        )

    def action_send(self):
        self.ensure_one()
        check_agent(self.env, self.env._("Only contact centre agents can send messages."))
        if not (self.body or "").strip():
            raise UserError(self.env._("Write a message or choose a template."))
        self.partner_ids.check_access("read")
        texts = self._render(self.partner_ids)
        Message = self.env["contact.centre.message"].sudo()
        vals_by_partner = {
            partner: {
                "contact_id": partner.id,
                "channel": self.channel,
                "provider_id": self.provider_id.id,
                "body_text": texts[partner.id],
                "template_id": self.template_id.id,
                "message_type": "template" if self.template_id else "text",
            }
            for partner in self.partner_ids
        }
        Message._route_outbound(list(vals_by_partner.values()), prefer_conversations=True)
        # The compliance gate, asked before anything is queued.
        drafts = {partner: Message.new(vals) for partner, vals in vals_by_partner.items()}
        refused = Message.concat(*drafts.values())._compliance_failures()
        allowed = [
            vals for partner, vals in vals_by_partner.items() if drafts[partner] not in refused
        ]
        messages = (
            Message._queue_outbound(allowed, send_now=len(self.partner_ids) == 1)
            if allowed
            else Message
        )
        sent = {message.contact_id: message for message in messages}
        self.write(
            {
                "state": "done",
                "line_ids": [
                    Command.create(
                        {
                            "partner_id": partner.id,
                            "message_id": sent[partner].id if partner in sent else False,
                            "result": "queued" if partner in sent else "refused",
                            "reason": refused[drafts[partner]].message
                            if partner not in sent
                            else False,
                        }
                    )
                    for partner in self.partner_ids
                ],
            }
        )
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "target": "new",
            "name": self.env._("Message Sent"),
        }


class ContactCentreComposerLine(models.TransientModel):
    _name = "contact.centre.composer.line"
    _description = "Contact Centre: Send a Message, Result per Recipient"

    composer_id = fields.Many2one("contact.centre.composer", required=True, ondelete="cascade")
    partner_id = fields.Many2one("res.partner", "Recipient", readonly=True)
    message_id = fields.Many2one("contact.centre.message", readonly=True)
    result = fields.Selection([("queued", "Queued"), ("refused", "Not sent")], readonly=True)
    message_status = fields.Selection(related="message_id.status", string="Status")
    reason = fields.Char(readonly=True)
