import hmac
import logging
import secrets

from odoo import api, fields, models
from odoo.exceptions import UserError

from odoo.addons.cc_base.tools import ProviderError, SendResult, WebhookRejected, json_body

from ..const import (
    DEFAULT_API_VERSION,
    DEFAULT_RATE_LIMIT,
    GRAPH_URL,
    NO_SUCH_OBJECT_CODE,
    SIGNATURE_HEADER,
    TOKEN_EXPIRED_CODE,
    WINDOW_CLOSED_CODE,
)
from ..tools import error_from_response, parse_payload

TOKEN_ACTIVITY_SUMMARY = "Renew the WhatsApp access token"
ACCOUNT_ERROR_ACTIVITY_SUMMARY = "Meta reported an error on the WhatsApp account"
TEMPLATE_FIELDS = (
    "name,components,language,status,category,id,quality_score,parameter_format,rejected_reason"
)
PAGE_SIZE = 100
_logger = logging.getLogger(__name__)


class ContactCentreProvider(models.Model):
    """A WhatsApp number at Meta's Cloud API."""

    # mail.activity.mixin: administrators get activities when Meta refuses the token.
    _name = "contact.centre.provider"
    _inherit = ["contact.centre.provider", "mail.thread", "mail.activity.mixin"]

    code = fields.Selection(
        selection_add=[("meta", "WhatsApp (Meta Cloud API)")], ondelete={"meta": "set default"}
    )
    meta_waba_id = fields.Char(
        "WhatsApp Business Account ID",
        required_if_provider="meta",
        help="Meta's id of the WhatsApp Business Account (WABA) that holds the number, "
        "its templates and flows.",
    )
    meta_phone_number_id = fields.Char(
        "Phone Number ID",
        required_if_provider="meta",
        index="btree_not_null",
        copy=False,
        help="Meta's id of this number: messages are sent from it, and webhooks name it.",
    )
    meta_access_token = fields.Char(
        "Access Token",
        required_if_provider="meta",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="A permanent (system user) token of the Meta app, with the whatsapp_business_"
        "messaging and whatsapp_business_management permissions.",
    )
    meta_app_secret = fields.Char(
        "App Secret",
        required_if_provider="meta",
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="The Meta app's secret: it signs the webhooks Meta sends.",
    )
    meta_verify_token = fields.Char(
        "Webhook Verify Token",
        default=lambda self: secrets.token_urlsafe(18),
        secret=True,
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="Type it in the Meta app's webhook settings with the webhook URL: Meta checks "
        "the URL with it.",
    )
    meta_app_id = fields.Char(
        "App ID",
        copy=False,
        help="The Meta app's id (not a secret): the sample image, video or document of a "
        "template's header is uploaded to Meta through the app.",
    )
    meta_api_version = fields.Char(
        "Graph API Version",
        default=DEFAULT_API_VERSION,
        groups="cc_base.group_contact_centre_admin",
    )
    meta_api_url = fields.Char(
        "Graph API URL",
        default=GRAPH_URL,
        groups="cc_base.group_contact_centre_admin",
        help="Meta's Graph API; another address only for a simulator.",
    )
    meta_display_phone_number = fields.Char("Display Number", readonly=True, copy=False)
    meta_verified_name = fields.Char("Verified Name", readonly=True, copy=False)
    meta_quality_rating = fields.Char("Quality Rating", readonly=True, copy=False)

    _sql_constraints = [
        (
            "meta_phone_number_id_unique",
            "unique(meta_phone_number_id)",
            "Another account already uses this WhatsApp phone number ID.",
        ),
    ]

    @api.depends("code")
    def _compute_feature_support_fields(self):  # pylint: disable=missing-return
        super()._compute_feature_support_fields()
        self.filtered(lambda p: p.code == "meta").update(
            {
                "support_templates": True,
                "support_media": True,
                "support_interactive": True,
                "support_delivery_reports": True,
                "support_read_receipts": True,
                "support_inbound": True,
                "support_sync": True,
            }
        )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("code") == "meta":
                vals.setdefault("rate_limit", DEFAULT_RATE_LIMIT)
        return super().create(vals_list)

    @api.onchange("code")
    def _onchange_code_meta(self):
        if self.code == "meta":
            self.channel = "whatsapp"
            self.rate_limit = DEFAULT_RATE_LIMIT

    @api.model
    def _setup_provider(self, code, module_name):  # pylint: disable=missing-return
        super()._setup_provider(code, module_name)
        if code == "meta":
            self.search([("code", "=", "meta"), ("module_name", "=", module_name)]).write(
                {"rate_limit": DEFAULT_RATE_LIMIT}
            )

    # Calling the Graph API

    def _meta_url(self, path):
        sudo = self.sudo()
        return f"{sudo.meta_api_url.rstrip('/')}/{sudo.meta_api_version}/{path}"

    def _meta_request(self, method, path_or_url, auth_scheme="Bearer", headers=None, **kwargs):
        """A Graph API call with the account's token; path_or_url is a path
        under the API version, or a full URL that Meta gave (paging, media).
        Meta's upload sessions take the token under the OAuth scheme."""
        self.ensure_one()
        url = path_or_url if "://" in path_or_url else self._meta_url(path_or_url)
        headers = {
            **(headers or {}),
            "Authorization": f"{auth_scheme} {self.sudo().meta_access_token}",
        }
        return self._send_api_request(method, url, headers=headers, **kwargs)

    def _api_error_parser(self):
        if self.code != "meta":
            return super()._api_error_parser()
        return error_from_response

    def _meta_call(self, method, path_or_url, **kwargs):
        """_meta_request, raising the admins' activity when the token is refused."""
        try:
            return self._meta_request(method, path_or_url, **kwargs)
        except ProviderError as error:
            if error.code == TOKEN_EXPIRED_CODE:
                self._meta_token_refused(error)
            raise

    def _meta_token_refused(self, error):
        """Meta refused the access token: the administrators renew it."""
        self._meta_alert_admins(
            TOKEN_ACTIVITY_SUMMARY,
            self.env._(
                "Meta refused the access token of %(account)s: %(error)s. Paste a new "
                "token in the account's credentials.",
                account=self.name,
                error=str(error),
            ),
        )

    def _meta_alert_admins(self, summary, note):
        """Each administrator gets an activity on the account, once until
        they mark it done."""
        self.ensure_one()
        account = self.sudo()
        if account.activity_ids.filtered(lambda a: a.summary == summary):
            return
        for admin in (
            self.env.ref("cc_base.group_contact_centre_admin")
            .sudo()
            .users.filtered(lambda user: not user.share)
        ):
            account.activity_schedule(
                "mail.mail_activity_data_todo", summary=summary, note=note, user_id=admin.id
            )

    def _meta_account_errors(self, errors):
        """Errors Meta reports about the account itself, not about a message
        (a webhook's value.errors): each is kept in the account's chatter,
        and the administrators get an activity to look at them."""
        self.ensure_one()
        if not errors:
            return
        account = self.sudo()
        for error in errors:
            account.message_post(
                body=self.env._("Meta reported an error: %(error)s", error=error.text),
                message_type="notification",
                subtype_xmlid="mail.mt_note",
            )
        self._meta_alert_admins(
            ACCOUNT_ERROR_ACTIVITY_SUMMARY,
            self.env._(
                "Meta reported an error on %(account)s: %(error)s. The account's chatter keeps "
                "every error Meta reports.",
                account=self.name,
                error=errors[-1].text,
            ),
        )

    # The provider interface

    def _test_connection(self):
        if self.code != "meta":
            return super()._test_connection()
        number = self._meta_call(
            "GET",
            self.sudo().meta_phone_number_id,
            params={"fields": "display_phone_number,verified_name,quality_rating"},
        ).json()
        self.write(
            {
                "meta_display_phone_number": number.get("display_phone_number"),
                "meta_verified_name": number.get("verified_name"),
                "meta_quality_rating": number.get("quality_rating"),
            }
        )
        return self.env._(
            "%(name)s (%(number)s), quality %(quality)s",
            name=number.get("verified_name") or self.name,
            number=number.get("display_phone_number") or "?",
            quality=number.get("quality_rating") or "?",
        )

    def _send_messages(self, messages):
        if self.code != "meta":
            return super()._send_messages(messages)
        return {message.id: self._meta_send(message) for message in messages}

    def _meta_post_message(self, payload):
        """POST /<phone number id>/messages: sends, read receipts, reactions."""
        return self._meta_call("POST", f"{self.sudo().meta_phone_number_id}/messages", json=payload)

    def _meta_send(self, message):
        try:
            payload = message._meta_payload()
            answer = self._meta_post_message(payload).json()
        except ProviderError as error:
            if isinstance(error.code, int):
                message.meta_error_code = error.code
            if error.code == WINDOW_CLOSED_CODE:
                message._meta_close_window()
            return SendResult(error=error)
        return SendResult(external_id=answer["messages"][0]["id"])

    def _mark_read(self, messages):
        """Blue ticks: Meta tells the customer their messages were read. One
        call, for the latest: Meta marks the earlier ones read with it, and
        the agent's Discuss request waits for it."""
        if self.code != "meta":
            return super()._mark_read(messages)
        latest = messages.filtered("external_message_id").sorted(
            lambda m: (m.message_timestamp, m.id)
        )[-1:]
        if not latest:
            return None
        try:
            self._meta_post_message(
                {
                    "messaging_product": "whatsapp",
                    "status": "read",
                    "message_id": latest.external_message_id,
                }
            )
        except ProviderError as error:
            _logger.info("Read receipt for %s not sent: %s", latest.name, error)
        return None

    def _meta_react(self, message, emoji):
        """An agent's emoji on a message of the conversation ("" removes it)."""
        try:
            self._meta_post_message(
                {
                    "messaging_product": "whatsapp",
                    "recipient_type": "individual",
                    "to": message.contact_id.whatsapp_number.lstrip("+"),
                    "type": "reaction",
                    "reaction": {"message_id": message.external_message_id, "emoji": emoji},
                },
            )
        except ProviderError as error:
            _logger.info("Reaction on %s not sent: %s", message.name, error)

    # Webhooks: one URL per account; events are routed by phone number id

    def _verify_webhook(self, request):
        if self.code != "meta":
            return super()._verify_webhook(request)
        signature = request.header(SIGNATURE_HEADER.lower())
        if not signature:
            raise WebhookRejected("no X-Hub-Signature-256 header", status=401)
        expected = "sha256=" + meta_signature(self.sudo().meta_app_secret, request.body)
        if not hmac.compare_digest(signature.encode(), expected.encode()):
            raise WebhookRejected("X-Hub-Signature-256 does not match", status=403)

    def _webhook_challenge(self, request):
        if self.code != "meta":
            return super()._webhook_challenge(request)
        token = request.query.get("hub.verify_token") or ""
        if request.query.get("hub.mode") != "subscribe" or not hmac.compare_digest(
            token.encode(), (self.sudo().meta_verify_token or "").encode()
        ):
            raise WebhookRejected("wrong verify token")
        return request.query.get("hub.challenge", "")

    def _parse_webhook(self, request):
        if self.code != "meta":
            return super()._parse_webhook(request)
        return parse_payload(json_body(request.body, "Meta"))

    def _meta_accounts_by_number(self, phone_number_ids):
        """{phone number id: account} among the Meta accounts that share this
        account's app (its webhooks are signed with the same secret)."""
        self.ensure_one()
        accounts = (
            self.sudo()
            .with_context(active_test=False)
            .search(
                [
                    ("code", "=", "meta"),
                    ("meta_phone_number_id", "in", list(phone_number_ids)),
                ]
            )
            .filtered(lambda a: a.meta_app_secret == self.sudo().meta_app_secret)
        )
        return {account.meta_phone_number_id: account for account in accounts}

    def _meta_all_pages(self, path, params):
        """Every item of a Graph API list, following Meta's paging.next."""
        items = []
        url = path
        while url:
            page = self._meta_call("GET", url, params=params).json()
            items += page.get("data") or []
            # The next page's URL carries its own query.
            url, params = (page.get("paging") or {}).get("next"), None
        return items

    # Templates

    def _sync(self):
        if self.code != "meta":
            return super()._sync()
        return f"{self._meta_sync_templates()} {self._meta_sync_flows()}"

    def _meta_sync_templates(self):
        """Every template of the account's WABA, page after page; templates
        Meta no longer has are archived. Returns what changed, in words."""
        self.ensure_one()
        templates = self._meta_all_pages(
            f"{self.sudo().meta_waba_id}/message_templates",
            {"fields": TEMPLATE_FIELDS, "limit": PAGE_SIZE},
        )
        Template = self.env["contact.centre.template"].sudo()
        created, updated = Template._meta_upsert(self, templates)
        gone = (
            Template.search([("meta_provider_id", "=", self.id), ("meta_template_id", "!=", False)])
            - created
            - updated
        )
        gone.action_archive()
        return self.env._(
            "%(total)s templates: %(new)s new, %(updated)s updated, %(gone)s archived.",
            total=len(templates),
            new=len(created),
            updated=len(updated),
            gone=len(gone),
        )

    def _meta_sync_flows(self):
        """The flows of the account's WABA, every page."""
        self.ensure_one()
        flows = self._meta_all_pages(
            f"{self.sudo().meta_waba_id}/flows",
            {"fields": "id,name,status,categories,validation_errors", "limit": PAGE_SIZE},
        )
        kept = self.env["contact.centre.meta.flow"].sudo()._meta_upsert(self, flows)
        return self.env._("%(count)s flows.", count=len(kept))

    def _meta_fetch_template(self, template_id):
        """One template from Meta, into Odoo. One that Meta does not have
        (deleted since, or another business's) is a missing template: asking
        again will not help."""
        try:
            data = self._meta_call("GET", template_id, params={"fields": TEMPLATE_FIELDS}).json()
        except ProviderError as error:
            if error.code != NO_SUCH_OBJECT_CODE:
                raise
            raise ProviderError(
                "template_missing",
                self.env._(
                    "Meta has no template %(template)s for %(account)s: %(error)s",
                    template=template_id,
                    account=self.name,
                    error=error,
                ),
            ) from error
        return self.env["contact.centre.template"].sudo()._meta_upsert(self, [data])

    @api.model
    def _cron_meta_sync_templates(self):
        for account in self.search([("code", "=", "meta"), ("state", "!=", "disabled")]):
            try:
                account._meta_sync_templates()
            except ProviderError as error:
                _logger.warning("Templates of %s not synchronised: %s", account.name, error)

    # Media

    def _meta_upload(self, attachment):
        """Upload a file to Meta; its media id, valid 30 days."""
        answer = self._meta_call(
            "POST",
            f"{self.sudo().meta_phone_number_id}/media",
            data={"messaging_product": "whatsapp", "type": attachment.mimetype},
            files={"file": (attachment.name, attachment.raw, attachment.mimetype)},
        ).json()
        return answer["id"]

    def _meta_upload_sample(self, content, filename, mimetype):
        """Upload a template's header sample with Meta's Resumable Upload API:
        an upload session of the app, then the bytes; the handle that
        Meta's template creation takes as the header's example."""
        self.ensure_one()
        app_id = self.meta_app_id
        if not app_id:
            raise UserError(
                self.env._(
                    "Fill in the App ID of %(account)s: Meta takes the samples of image, video "
                    "and document headers through the app.",
                    account=self.name,
                )
            )
        session = self._meta_call(
            "POST",
            f"{app_id}/uploads",
            params={"file_name": filename, "file_length": len(content), "file_type": mimetype},
        ).json()["id"]
        answer = self._meta_call(
            "POST", session, auth_scheme="OAuth", headers={"file_offset": "0"}, data=content
        ).json()
        return answer["h"]

    def _fetch_media(self, media):
        if self.code != "meta" or not media.provider_media_id:
            return super()._fetch_media(media)
        info = self._meta_call("GET", media.provider_media_id).json()
        response = self._meta_call("GET", info["url"])
        return response.content, info.get("mime_type") or response.headers.get("Content-Type")


def meta_signature(app_secret, body):
    """The hex HMAC-SHA256 of a webhook's raw body with the app secret."""
    return hmac.new((app_secret or "").encode(), body, "sha256").hexdigest()
