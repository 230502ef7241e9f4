import re

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cc_base.tools import ProviderError

from ..const import MEDIA_SIZE_LIMITS
from ..tools import interactive_of

LINK = re.compile(r"https?://\S+")
# Message types whose Meta object is kept whole in meta_content.
OBJECT_TYPES = ("location", "contacts", "interactive", "reaction")
# Media that Meta shows without a caption.
NO_CAPTION = ("audio", "sticker")


def media_type_of(mimetype):
    """The WhatsApp media type a file is sent as."""
    if mimetype == "image/webp":
        return "sticker"
    if mimetype in ("image/jpeg", "image/png"):
        return "image"
    if mimetype in ("video/mp4", "video/3gpp"):
        return "video"
    if (mimetype or "").startswith("audio/"):
        return "audio"
    return "document"


class ContactCentreMessage(models.Model):
    """The request that sends a message through Meta."""

    _inherit = "contact.centre.message"

    meta_content = fields.Json(
        "WhatsApp Content",
        help="The WhatsApp object of a location, contacts, interactive (buttons, list, "
        "flow) or reaction message, as Meta's API takes it.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        # Values the agent typed for a template's variables in the composer:
        # sent, and shown in the message's text as the customer reads them.
        typed = self.env.context.get("meta_template_values")
        if typed:
            Template = self.env["contact.centre.template"]
            for vals in vals_list:
                if vals.get("template_id") and not vals.get("meta_content"):
                    vals["meta_content"] = typed
                    template = Template.browse(vals["template_id"]).sudo()
                    if template.meta_provider_id:
                        vals["body_text"] = template._meta_body_for(
                            self.env["res.partner"].browse(vals["contact_id"]), typed
                        )
        return super().create(vals_list)

    def _meta_payload(self):
        """The body of POST /<phone number id>/messages for this message."""
        self.ensure_one()
        payload = {
            "messaging_product": "whatsapp",
            "recipient_type": "individual",
            "to": self.contact_id.whatsapp_number.lstrip("+"),
            "biz_opaque_callback_data": self.uuid,
        }
        payload.update(self._meta_content())
        if self.reply_to_message_id.external_message_id and payload["type"] != "reaction":
            payload["context"] = {"message_id": self.reply_to_message_id.external_message_id}
        return payload

    def _meta_content(self):
        """{"type": ..., <type>: {...}} of this message."""
        if self.template_id.meta_provider_id:
            return self._meta_template()
        if self.message_type in OBJECT_TYPES and self.meta_content:
            return {"type": self.message_type, self.message_type: self.meta_content}
        if self.message_type == "interactive" and self.interactive_payload:
            # Choices that do not fit Meta's limits go as the numbered text.
            interactive = interactive_of(self.interactive_payload, self.env._("Choose"))
            if interactive:
                return {"type": "interactive", "interactive": interactive}
        if self.attachment_ids:
            return self._meta_media()
        text = self.body_text or ""
        return {"type": "text", "text": {"body": text, "preview_url": bool(LINK.search(text))}}

    def _meta_template(self):
        """A template message: refused unless the template is approved; the
        variables take the values typed for this message (meta_content),
        else the contact's fields."""
        template = self.template_id.sudo()
        try:
            template._meta_check_sendable()
        except UserError as error:
            raise ProviderError("template_missing", str(error)) from None
        header_media = None
        if template.meta_header_format in ("IMAGE", "VIDEO", "DOCUMENT") and self.attachment_ids:
            kind = template.meta_header_format.lower()
            header_media = {"type": kind, kind: {"id": self._meta_upload_checked()}}
        return {
            "type": "template",
            "template": {
                "name": template.meta_name,
                "language": {"code": template.meta_language},
                "components": template._meta_components(
                    self.contact_id, self.meta_content or {}, header_media
                ),
            },
        }

    def _meta_upload_checked(self):
        """Upload the message's one file, refused when over Meta's limit."""
        media = self._meta_media()
        return media[media["type"]]["id"]

    def _meta_media(self):
        """Upload the message's file to Meta, then send it by media id."""
        if len(self.attachment_ids) > 1:
            raise ProviderError(
                "media",
                self.env._(
                    "WhatsApp takes one file per message: send these %(count)s files one by one.",
                    count=len(self.attachment_ids),
                ),
            )
        attachment = self.attachment_ids.sudo()
        kind = media_type_of(attachment.mimetype)
        if attachment.file_size > MEDIA_SIZE_LIMITS[kind]:
            raise ProviderError(
                "media",
                self.env._(
                    "%(file)s is %(size)s MB: WhatsApp takes %(kind)s files up to %(limit)s MB.",
                    file=attachment.name,
                    size=round(attachment.file_size / 1024 / 1024, 1),
                    kind=kind,
                    limit=round(MEDIA_SIZE_LIMITS[kind] / 1024 / 1024, 1),
                ),
            )
        media = {"id": self.provider_id._meta_upload(attachment)}
        if self.body_text and kind not in NO_CAPTION:
            media["caption"] = self.body_text
        if kind == "document":
            media["filename"] = attachment.name
        return {"type": kind, kind: media}
