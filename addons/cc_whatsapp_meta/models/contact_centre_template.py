import base64
import re

from markupsafe import Markup

from odoo import Command, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cc_base.tools import selection_label

META_STATUSES = [
    ("draft", "Not Submitted"),
    ("PENDING", "Pending Review"),
    ("APPROVED", "Approved"),
    ("REJECTED", "Rejected"),
    ("PAUSED", "Paused"),
    ("DISABLED", "Disabled"),
    ("IN_APPEAL", "In Appeal"),
    ("FLAGGED", "Flagged"),
    ("PENDING_DELETION", "Pending Deletion"),
    ("DELETED", "Deleted"),
    ("LIMIT_EXCEEDED", "Limit Exceeded"),
    ("ARCHIVED", "Archived"),
]
# The files Meta takes as the sample of a media header, by header type.
HEADER_SAMPLE_TYPES = {
    "IMAGE": ("image/jpeg", "image/png"),
    "VIDEO": ("video/mp4",),
    "DOCUMENT": ("application/pdf",),
}
# {{1}} or {{customer_name}} in Meta's texts.
META_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


class ContactCentreTemplate(models.Model):
    """A WhatsApp message template as Meta keeps it: components, language,
    category, review status and quality, and the values of its variables."""

    _inherit = "contact.centre.template"

    meta_provider_id = fields.Many2one(
        "contact.centre.provider",
        "WhatsApp Account",
        domain=[("code", "=", "meta")],
        index="btree_not_null",
        ondelete="cascade",
        help="The account whose WhatsApp Business Account holds the template at Meta.",
    )
    meta_template_id = fields.Char("Meta Template ID", readonly=True, copy=False, index=True)
    meta_name = fields.Char(
        "Name at Meta", copy=False, help="Lower case letters, digits and underscores."
    )
    meta_language = fields.Char("Language Code", default="en_US")
    meta_category = fields.Selection(
        [("MARKETING", "Marketing"), ("UTILITY", "Utility"), ("AUTHENTICATION", "Authentication")],
        "Category",
        default="UTILITY",
    )
    meta_status = fields.Selection(
        META_STATUSES, "Review Status", default="draft", readonly=True, copy=False
    )
    meta_quality = fields.Char("Quality", readonly=True, copy=False)
    meta_rejected_reason = fields.Char("Rejection Reason", readonly=True, copy=False)
    meta_parameter_format = fields.Selection(
        [("POSITIONAL", "Positional ({{1}})"), ("NAMED", "Named ({{name}})")],
        "Parameters",
        default="POSITIONAL",
    )
    meta_header_text = fields.Char("Header")
    meta_header_format = fields.Selection(
        [
            ("TEXT", "Text"),
            ("IMAGE", "Image"),
            ("VIDEO", "Video"),
            ("DOCUMENT", "Document"),
            ("LOCATION", "Location"),
        ],
        "Header Type",
    )
    meta_header_sample = fields.Binary(
        "Header Sample",
        attachment=True,
        copy=False,
        help="An example of the header's image (JPEG, PNG), video (MP4) or document (PDF): "
        "Meta reviews the template with it.",
    )
    meta_header_sample_name = fields.Char("Header Sample File Name", copy=False)
    meta_body = fields.Text(
        "Body at Meta", help="The body as Meta has it, with {{1}} or {{name}} variables."
    )
    meta_footer = fields.Char("Footer")
    meta_components = fields.Json("Components", readonly=True, copy=False)
    meta_button_ids = fields.One2many(
        "contact.centre.template.meta.button", "template_id", "Buttons", copy=True
    )
    meta_variable_ids = fields.One2many(
        "contact.centre.template.meta.variable", "template_id", "Variables", copy=True
    )

    _sql_constraints = [
        (
            "meta_template_unique",
            "unique(meta_provider_id, meta_template_id)",
            "This Meta template is already in Odoo.",
        ),
    ]

    @api.onchange("meta_body", "meta_header_text")
    def _onchange_meta_texts(self):
        self._meta_sync_variables()

    def _meta_sync_variables(self):
        """One variable line per {{…}} of the header and body, in order."""
        for template in self:
            wanted = [
                ("header", name) for name in META_VARIABLE.findall(template.meta_header_text or "")
            ] + [("body", name) for name in META_VARIABLE.findall(template.meta_body or "")]
            existing = {(v.component, v.name): v for v in template.meta_variable_ids}
            commands = [Command.unlink(v.id) for key, v in existing.items() if key not in wanted]
            commands += [
                Command.create({"component": component, "name": name})
                for component, name in dict.fromkeys(wanted)
                if (component, name) not in existing
            ]
            if commands:
                template.meta_variable_ids = commands

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("meta_provider_id") and not vals.get("body"):
                vals["body"] = vals.get("meta_body") or vals.get("name")
        templates = super().create(vals_list)
        meta_templates = templates.filtered("meta_provider_id")
        meta_templates._meta_sync_variables()
        meta_templates._meta_refresh_body()
        return templates

    def write(self, vals):
        result = super().write(vals)
        if {"meta_body", "meta_header_text"} & set(vals):
            self.filtered("meta_provider_id")._meta_sync_variables()
        if {"meta_body", "meta_variable_ids"} & set(vals) and not self.env.context.get(
            "meta_body_refreshed"
        ):
            self.filtered("meta_provider_id")._meta_refresh_body()
        return result

    def _meta_refresh_body(self):
        """The template's text in Odoo: Meta's body with each variable shown
        as the contact's field it takes (a placeholder the composer fills
        in) or its fixed value, so that agents see what the customer will."""
        for template in self.with_context(meta_body_refreshed=True):
            variables = {v.name: v for v in template.meta_variable_ids if v.component == "body"}

            def shown(match, variables=variables):
                variable = variables.get(match.group(1))
                if variable and variable.partner_field:
                    # A plain field path: agents who are no template editors may render it.
                    return "{{ object." + variable.partner_field + " }}"
                return (variable and (variable.value or variable.sample)) or match.group(0)

            template.body = META_VARIABLE.sub(shown, template.meta_body or "") or template.name

    def _meta_body_for(self, contact, values=None):
        """The body a contact receives, each variable as sent (see
        _meta_components): what the thread shows of the message."""
        self.ensure_one()
        variables = {v.name: v for v in self.meta_variable_ids if v.component == "body"}

        def said(match):
            variable = variables.get(match.group(1))
            return variable._text_for(contact, values) if variable else match.group(0)

        return META_VARIABLE.sub(said, self.meta_body or "")

    @api.depends("meta_header_text", "meta_footer", "meta_button_ids", "meta_variable_ids")
    def _compute_preview_html(self):  # pylint: disable=missing-return
        super()._compute_preview_html()
        Message = self.env["contact.centre.message"]
        for template in self.filtered("meta_provider_id"):
            samples = {
                (v.component, v.name): v.sample or v.value or f"{{{{{v.name}}}}}"
                for v in template.meta_variable_ids
            }

            def filled(text, component, samples=samples):
                return META_VARIABLE.sub(
                    lambda m: samples.get((component, m.group(1)), m.group(0)), text or ""
                )

            text = "\n".join(
                filter(
                    None,
                    [
                        f"*{filled(template.meta_header_text, 'header')}*"
                        if template.meta_header_text
                        else "",
                        filled(template.meta_body, "body"),
                        f"_{template.meta_footer}_" if template.meta_footer else "",
                    ],
                )
            )
            buttons = Markup("").join(
                Markup('<div class="o_cc_meta_button border-top text-center text-primary">%s</div>')
                % button.text
                for button in template.meta_button_ids
            )
            template.preview_html = Message._bubble_html(text, "outbound", "whatsapp") + buttons

    # Sending

    def _send_refusal(self):
        """Only a template Meta has approved goes out: say why another does not."""
        refusal = super()._send_refusal()
        if refusal or not self.meta_provider_id or self.meta_status == "APPROVED":
            return refusal
        return self.env._(
            "The WhatsApp template %(template)s cannot be sent: its status at Meta is %(status)s.",
            template=self.name,
            status=selection_label(self, "meta_status"),
        )

    def _meta_check_sendable(self):
        """Raise, saying why, unless the template may be sent now."""
        refusal = self._send_refusal()
        if refusal:
            raise UserError(refusal)

    def _meta_components(self, contact, values=None, header_media=None):
        """The components of a template message to contact: each variable's
        value typed by the agent (values, by variable key), else the contact's
        field, else the fixed value."""
        self.ensure_one()
        values = values or {}
        named = self.meta_parameter_format == "NAMED"

        def parameter(variable):
            result = {"type": "text", "text": variable._text_for(contact, values)}
            if named:
                result["parameter_name"] = variable.name
            return result

        components = []
        header_variables = self.meta_variable_ids.filtered(lambda v: v.component == "header")
        if header_media:
            components.append({"type": "header", "parameters": [header_media]})
        elif header_variables:
            components.append(
                {"type": "header", "parameters": [parameter(v) for v in header_variables]}
            )
        body_variables = self.meta_variable_ids.filtered(lambda v: v.component == "body")
        if body_variables:
            components.append(
                {"type": "body", "parameters": [parameter(v) for v in body_variables]}
            )
        for index, button in enumerate(self.meta_button_ids):
            button_parameter = button._meta_parameter(contact, values)
            if button_parameter:
                components.append(
                    {
                        "type": "button",
                        "sub_type": button.button_type.lower(),
                        "index": str(index),
                        "parameters": [button_parameter],
                    }
                )
        return components

    # Synchronising with Meta

    @api.model
    def _meta_values_from(self, data, account):
        """Our field values for a template as Meta's API describes it."""
        components = data.get("components") or []
        by_type = {component.get("type"): component for component in components}
        header = by_type.get("HEADER", {})
        values = {
            "name": data.get("name"),
            "channel": "whatsapp",
            "company_id": account.company_id.id,
            "meta_provider_id": account.id,
            "meta_template_id": str(data["id"]),
            "meta_name": data.get("name"),
            "meta_language": data.get("language"),
            "meta_category": data.get("category"),
            "meta_status": data.get("status")
            if data.get("status") in dict(META_STATUSES)
            else "draft",
            "meta_quality": (data.get("quality_score") or {}).get("score"),
            "meta_rejected_reason": data.get("rejected_reason")
            if data.get("rejected_reason") not in (None, "NONE")
            else False,
            "meta_parameter_format": data.get("parameter_format") or "POSITIONAL",
            "meta_components": components,
            "meta_header_format": header.get("format"),
            "meta_header_text": header.get("text"),
            "meta_body": by_type.get("BODY", {}).get("text"),
            "meta_footer": by_type.get("FOOTER", {}).get("text"),
        }
        buttons = by_type.get("BUTTONS", {}).get("buttons") or []
        values["meta_button_ids"] = [Command.clear()] + [
            Command.create(
                {
                    "button_type": button.get("type"),
                    "text": button.get("text"),
                    "url": button.get("url"),
                    "phone_number": button.get("phone_number"),
                    "flow_id": button.get("flow_id") and str(button["flow_id"]),
                }
            )
            for button in buttons
        ]
        return values, _examples(by_type)

    @api.model
    def _meta_upsert(self, account, templates_data):
        """Create or update the account's templates from Meta's data;
        returns (created, updated)."""
        existing = {
            template.meta_template_id: template
            for template in self.with_context(active_test=False).search(
                [
                    ("meta_provider_id", "=", account.id),
                    ("meta_template_id", "in", [str(data["id"]) for data in templates_data]),
                ]
            )
        }
        created = updated = self.browse()
        for data in templates_data:
            values, examples = self._meta_values_from(data, account)
            template = existing.get(values["meta_template_id"])
            if template:
                template.write(values)
                updated |= template
            else:
                template = self.create(values)
                created |= template
            template._meta_sync_variables()
            for variable in template.meta_variable_ids:
                if not variable.sample and examples.get((variable.component, variable.name)):
                    variable.sample = examples[(variable.component, variable.name)]
            template._meta_refresh_body()
        return created, updated

    def _meta_apply_update(self, update):
        """A template webhook: status, quality or category changed at Meta."""
        values = {}
        if update.status:
            values["meta_status"] = (
                update.status if update.status in dict(META_STATUSES) else "draft"
            )
            values["meta_rejected_reason"] = update.reason or False
        if update.quality:
            values["meta_quality"] = update.quality
        if update.category:
            values["meta_category"] = update.category
        self.write(values)

    def action_meta_submit(self):
        """Send a template written in Odoo to Meta for review; a media
        header's sample is uploaded first."""
        for template in self:
            if not template.meta_provider_id or not template.meta_body:
                raise UserError(self.env._("Choose the WhatsApp account and write the body first."))
            definition = template._meta_definition(template._meta_upload_header_sample())
            answer = template.meta_provider_id._meta_call(
                "POST",
                f"{template.meta_provider_id.meta_waba_id}/message_templates",
                json=definition,
            ).json()
            template.write(
                {
                    "meta_template_id": str(answer["id"]),
                    "meta_status": answer.get("status") or "PENDING",
                    "meta_category": answer.get("category") or template.meta_category,
                }
            )

    def _meta_upload_header_sample(self):
        """The handle of the header's sample uploaded to Meta, for an image,
        video or document header; None for another header."""
        self.ensure_one()
        accepted = HEADER_SAMPLE_TYPES.get(self.meta_header_format)
        if not accepted:
            return None
        if not self.meta_header_sample:
            raise UserError(
                self.env._(
                    "Attach a sample of the header to %(template)s: Meta reviews a template "
                    "whose header is an image, a video or a document with an example of it.",
                    template=self.name,
                )
            )
        content = base64.b64decode(self.meta_header_sample)
        filename = self.meta_header_sample_name or "sample"
        mimetype = self.env["ir.attachment"]._compute_mimetype({"name": filename, "raw": content})
        if mimetype not in accepted:
            raise UserError(
                self.env._(
                    "The header sample of %(template)s is %(mimetype)s; a %(header)s header "
                    "takes %(accepted)s.",
                    template=self.name,
                    mimetype=mimetype,
                    header=dict(
                        self._fields["meta_header_format"]._description_selection(self.env)
                    )[self.meta_header_format].lower(),
                    accepted=", ".join(accepted),
                )
            )
        return self.meta_provider_id._meta_upload_sample(content, filename, mimetype)

    def _meta_definition(self, header_handle=None):
        """The template as Meta's creation endpoint takes it, with examples;
        header_handle: the uploaded sample of a media header."""
        self.ensure_one()
        named = self.meta_parameter_format == "NAMED"
        samples = {
            component: [v for v in self.meta_variable_ids if v.component == component]
            for component in ("header", "body")
        }
        components = []
        if header_handle:
            components.append(
                {
                    "type": "HEADER",
                    "format": self.meta_header_format,
                    "example": {"header_handle": [header_handle]},
                }
            )
        elif self.meta_header_text and self.meta_header_format in (False, "TEXT"):
            header = {"type": "HEADER", "format": "TEXT", "text": self.meta_header_text}
            if samples["header"]:
                header["example"] = (
                    {"header_text_named_params": [v._named_example() for v in samples["header"]]}
                    if named
                    else {"header_text": [v.sample or v.name for v in samples["header"]]}
                )
            components.append(header)
        body = {"type": "BODY", "text": self.meta_body}
        if samples["body"]:
            body["example"] = (
                {"body_text_named_params": [v._named_example() for v in samples["body"]]}
                if named
                else {"body_text": [[v.sample or v.name for v in samples["body"]]]}
            )
        components.append(body)
        if self.meta_footer:
            components.append({"type": "FOOTER", "text": self.meta_footer})
        if self.meta_button_ids:
            components.append(
                {"type": "BUTTONS", "buttons": [b._meta_definition() for b in self.meta_button_ids]}
            )
        return {
            "name": self.meta_name,
            "language": self.meta_language,
            "category": self.meta_category,
            "parameter_format": self.meta_parameter_format,
            "components": components,
        }


def _examples(by_type):
    """{(component, variable name): Meta's example value} of a template."""
    examples = {}
    for component in ("HEADER", "BODY"):
        example = by_type.get(component, {}).get("example") or {}
        key = component.lower()
        positional = example.get(f"{key}_text") or []
        if positional and isinstance(positional[0], list):
            positional = positional[0]
        for position, value in enumerate(positional, start=1):
            examples[(key, str(position))] = value
        for named in example.get(f"{key}_text_named_params") or []:
            examples[(key, named.get("param_name"))] = named.get("example")
    return examples
