import re

from odoo import Command, api, fields, models
from odoo.exceptions import ValidationError

# WhatsApp templates number their parameters: {{1}}, {{2}}…
TEMPLATE_PARAM = re.compile(r"\{\{\s*(\d+)\s*\}\}")
# Stands for a numbered parameter while Odoo renders the {{ object.… }} ones.
PARAM_MARK = re.compile("\x00(\\d+)\x00")


class ContactCentreCampaign(models.Model):
    """What each recipient reads: placeholders ({{ object.name }}) rendered by
    Odoo's mail.render.mixin, numbered template parameters ({{1}}) filled
    from the contact fields they are mapped to, and a preview for one contact."""

    _inherit = "contact.centre.campaign"

    template_param_ids = fields.One2many(
        "contact.centre.campaign.param",
        "campaign_id",
        "Template Parameters",
        compute="_compute_template_param_ids",
        store=True,
        readonly=False,
        copy=True,
    )
    preview_contact_id = fields.Many2one(
        "res.partner",
        "Preview For",
        compute="_compute_preview_contact_id",
        store=True,
        readonly=False,
        help="The contact whose message the preview shows; the first of the audience "
        "unless chosen.",
    )
    preview_html = fields.Html("Preview", compute="_compute_preview_html", sanitize=False)

    @api.depends("template_id.body", "use_template")
    def _compute_template_param_ids(self):
        for campaign in self:
            body = campaign.template_id.body if campaign.use_template else ""
            positions = sorted({int(n) for n in TEMPLATE_PARAM.findall(body or "")})
            kept = campaign.template_param_ids.filtered(
                lambda p, wanted=positions: p.position in wanted
            )
            commands = [Command.unlink(param.id) for param in campaign.template_param_ids - kept]
            commands += [
                Command.create({"position": position})
                for position in positions
                if position not in kept.mapped("position")
            ]
            if commands:
                campaign.template_param_ids = commands

    @api.depends("contact_domain", "contact_ids")
    def _compute_preview_contact_id(self):
        Partner = self.env["res.partner"]
        for campaign in self.filtered(lambda c: not c.preview_contact_id):
            try:
                campaign.preview_contact_id = Partner.search(campaign._audience_domain(), limit=1)
            except ValidationError:
                campaign.preview_contact_id = False

    @api.depends(
        "preview_contact_id",
        "message_body",
        "reply_body",
        "use_template",
        "template_id",
        "template_param_ids.field_name",
        "template_param_ids.default_value",
        "campaign_type",
        "channel",
    )
    def _compute_preview_html(self):
        Message = self.env["contact.centre.message"]
        for campaign in self:
            text = campaign._content()
            contact = campaign.preview_contact_id._origin
            if contact and text:
                text = campaign._render_texts(text, contact)[contact.id]
            channel = "sms" if campaign.channel == "sms" else "whatsapp"
            campaign.preview_html = Message._bubble_html(text, "outbound", channel)

    def _content(self):
        """The text this campaign sends, before rendering."""
        self.ensure_one()
        if self.campaign_type == "inbound":
            return self.reply_body or ""
        if self.use_template:
            return self.template_id.body or ""
        return self.message_body or ""

    def _render_texts(self, text, contacts):
        """{contact id: text for them}: Odoo renders the {{ object.… }}
        placeholders, then each numbered parameter takes its field's value."""
        self.ensure_one()
        if "{{" not in text:
            return dict.fromkeys(contacts.ids, text)
        protected = TEMPLATE_PARAM.sub(lambda match: f"\x00{match.group(1)}\x00", text)
        rendered = (
            self._render_for(protected, contacts.ids)
            if "{{" in protected
            else dict.fromkeys(contacts.ids, protected)
        )
        if protected == text:
            return rendered
        params = {param.position: param for param in self.template_param_ids}
        return {
            contact.id: PARAM_MARK.sub(
                lambda match, contact=contact: (
                    params[int(match.group(1))]._value(contact)
                    if int(match.group(1)) in params
                    else ""
                ),
                rendered[contact.id],
            )
            for contact in contacts
        }
