import base64
import hashlib
import secrets
import time

from odoo import Command, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, format_amount, ormcache

from ..const import ACCOUNT_FAILURE_TYPES, CHANNELS, PROVIDER_STATES, SUPPORT_FIELDS
from ..tools import (
    ProviderError,
    Router,
    SendResult,
    WebhookRejected,
    count_segments,
    parse_prefixes,
    send_request,
    send_requests,
)
from ..tools.provider_http import default_error

WEBHOOK_ROUTE = "/contact_centre/webhook"
# The fields that name the account a webhook URL is for (_webhook_account_ids).
WEBHOOK_URL_FIELDS = {"code", "webhook_key", "active"}
# Messages handed to a provider at once when its account has no rate limit:
# each chunk costs a few queries and two commits, and a sender that dies
# while handing one over fails it whole (it may or may not have gone out).
RATE_FREE_CHUNK = 500
# A rate-limited account is handed this share of a second's worth at once:
# a whole second's worth went out as one burst, and with two senders a
# provider counting over any one second saw up to twice the limit.
RATE_CHUNK_SECONDS = 0.1
# Unused capacity a rate-limited account keeps, in seconds' worth: slots that
# passed while every sender was busy elsewhere are won back, this much at
# most, instead of being lost for good. The price: any one-second window may
# see this much more than the limit (see _reserve_rate).
RATE_BURST_SECONDS = 0.1


class ContactCentreProvider(models.Model):
    """A provider account: one WhatsApp number or SMS sender at one provider.

    Provider addons add their `code` with selection_add and override the hooks
    below, each behind `if self.code != '<code>': return super()...`. Nothing
    outside a provider addon names a provider code.
    """

    _name = "contact.centre.provider"
    _description = "Contact Centre Provider Account"
    _order = "sequence, name, id"

    def _valid_field_parameter(self, field, name):
        # required_if_provider='<code>': required while an account of that code
        # is not disabled. secret=True: masked in every log.
        return name in ("required_if_provider", "secret") or super()._valid_field_parameter(
            field, name
        )

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    code = fields.Selection(
        [("none", "No provider")],
        string="Provider",
        required=True,
        default="none",
        help="The provider this account sends and receives through.",
    )
    channel = fields.Selection(CHANNELS, required=True, default="whatsapp")
    state = fields.Selection(PROVIDER_STATES, required=True, default="disabled", copy=False)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    active = fields.Boolean(default=True)
    sender = fields.Char(
        help="Who the customer sees the messages come from: our number or SMS sender id."
    )
    rate_limit = fields.Float(
        default=20.0,
        help="Messages per second this account may send, across all Odoo workers "
        "and servers. 0 means no limit.",
    )
    rate_next_slot = fields.Datetime(
        readonly=True, copy=False, help="When the next message may go out (rate limiting)."
    )
    webhook_key = fields.Char(
        default=lambda self: secrets.token_urlsafe(24),
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        help="The unguessable part of this account's webhook URL. It names the account and "
        "grants nothing: URLs end up in access logs, so every request must also carry the "
        "provider's signature.",
    )
    webhook_secret = fields.Char(
        default=lambda self: secrets.token_urlsafe(32),
        copy=False,
        groups="cc_base.group_contact_centre_admin",
        secret=True,
        help="The shared secret that signs webhook requests, for providers that sign "
        "with one (the Sandbox does).",
    )
    webhook_url = fields.Char(
        "Webhook URL",
        compute="_compute_webhook_url",
        groups="cc_base.group_contact_centre_admin",
        help="Give this address to the provider for incoming messages and delivery reports.",
    )
    module_name = fields.Char(
        readonly=True, help="The addon that brings this provider, for placeholder accounts."
    )
    module_id = fields.Many2one("ir.module.module", compute="_compute_module_id")
    module_state = fields.Selection(
        [
            ("installed", "Installed"),
            ("uninstalled", "Not Installed"),
            ("unavailable", "Not Available"),
        ],
        compute="_compute_module_id",
    )
    message_count = fields.Integer(compute="_compute_message_count")
    agent_ids = fields.Many2many(
        "res.users",
        string="Agents",
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("cc_base.group_contact_centre_agent").id)
        ],
        help="The agents who answer this account's conversations. Unassigned conversations "
        "are visible to all of them; leave empty for every agent.",
    )
    assignment_method = fields.Selection(
        [
            ("manual", "Manual"),
            ("round_robin", "Round robin"),
            ("least_open", "Fewest open conversations"),
        ],
        default="manual",
        required=True,
        help="How a new conversation gets its agent, among this account's agents who are online.",
    )
    last_assigned_agent_id = fields.Many2one("res.users", readonly=True, copy=False)
    route_prefixes = fields.Char(
        "Number Prefixes",
        help="Send only to numbers that start with one of these prefixes, comma-separated "
        "(+32, +33 6). Empty: any number.",
    )
    route_country_ids = fields.Many2many(
        "res.country",
        string="Countries",
        help="Send only to numbers of these countries. Empty: any country.",
    )
    route_failover = fields.Boolean(
        "Pass Failures On",
        help="When a message fails here for a reason of the provider's (credentials refused, "
        "no credit left, or the provider still unavailable on a second attempt), send it "
        "through the next account that may send it, in the order of the list.",
    )
    cc_business_hours_id = fields.Many2one(
        "resource.calendar",
        "Business Hours",
        help="The working hours of this account's team: automations answer in or out of "
        "them, and response times count only them. Empty: the company's, for automations; "
        "every hour, for response times.",
    )

    support_templates = fields.Boolean(
        "Templates", compute="_compute_feature_support_fields", store=True
    )
    support_media = fields.Boolean("Media", compute="_compute_feature_support_fields", store=True)
    support_interactive = fields.Boolean(
        "Interactive Messages", compute="_compute_feature_support_fields", store=True
    )
    support_delivery_reports = fields.Boolean(
        "Delivery Reports", compute="_compute_feature_support_fields", store=True
    )
    support_read_receipts = fields.Boolean(
        "Read Receipts", compute="_compute_feature_support_fields", store=True
    )
    support_inbound = fields.Boolean(
        "Inbound Messages", compute="_compute_feature_support_fields", store=True
    )
    support_sync = fields.Boolean(
        "Synchronisation",
        compute="_compute_feature_support_fields",
        store=True,
        help="Templates, flows or delivery reports can be pulled from the provider.",
    )

    _sql_constraints = [
        ("rate_limit_positive", "CHECK(rate_limit >= 0)", "A rate limit cannot be negative."),
    ]

    @api.depends("code")
    def _compute_feature_support_fields(self):
        """Reset every capability; provider addons then set theirs."""
        self.update(dict.fromkeys(SUPPORT_FIELDS, False))

    @api.depends("code", "webhook_key")
    def _compute_webhook_url(self):
        base_url = self.get_base_url()
        for provider in self:
            provider.webhook_url = (
                f"{base_url}{WEBHOOK_ROUTE}/{provider.code}/{provider.webhook_key}"
                if provider.code != "none" and provider.webhook_key
                else False
            )

    @api.depends("module_name", "code")
    def _compute_module_id(self):
        names = set(self.mapped("module_name")) - {False}
        modules = {
            module.name: module
            for module in self.env["ir.module.module"].sudo().search([("name", "in", list(names))])
        }
        for provider in self:
            module = modules.get(provider.module_name, self.env["ir.module.module"])
            provider.module_id = module
            if not provider.module_name or module.state == "installed":
                provider.module_state = "installed"
            else:
                provider.module_state = "uninstalled" if module else "unavailable"

    def _compute_message_count(self):
        counts = self.env["contact.centre.message"]._count_by("provider_id", self)
        for provider in self:
            provider.message_count = counts.get(provider, 0)

    # Create, write and the fields a provider needs

    @api.model_create_multi
    def create(self, vals_list):
        providers = super().create(vals_list)
        providers._check_required_if_provider()
        self.env.registry.clear_cache()  # _webhook_account_ids
        return providers

    def write(self, vals):
        result = super().write(vals)
        self._check_required_if_provider()
        if (WEBHOOK_URL_FIELDS | set(self._webhook_fields())) & vals.keys():
            self.env.registry.clear_cache()  # _webhook_account_ids, _webhook_field_values
        return result

    def unlink(self):
        result = super().unlink()
        self.env.registry.clear_cache()  # _webhook_account_ids
        return result

    def _check_required_if_provider(self):
        """Fields declared with required_if_provider='<code>' must be filled on
        every account of that code that is not disabled."""
        missing = []
        active = self.filtered(lambda p: p.state != "disabled")
        for name, field in self._fields.items():
            code = getattr(field, "required_if_provider", None)
            if code and any(p.code == code and not p.sudo()[name] for p in active):
                missing.append(self.env["ir.model.fields"]._get(self._name, name).field_description)
        if missing:
            raise ValidationError(self.env._("Fill in these fields first: %s", ", ".join(missing)))

    @api.constrains("route_prefixes")
    def _check_route_prefixes(self):
        for provider in self:
            try:
                parse_prefixes(provider.route_prefixes)
            except ValueError as error:
                raise ValidationError(
                    self.env._(
                        "“%(prefix)s” is not a number prefix: write digits after a +, "
                        "separated by commas (+32, +33 6).",
                        prefix=str(error),
                    )
                ) from None

    @api.constrains("state", "code")
    def _check_provider_installed(self):
        for provider in self:
            if provider.state != "disabled" and provider.code == "none":
                raise ValidationError(
                    self.env._(
                        "%(account)s has no provider: install its provider addon before "
                        "enabling it.",
                        account=provider.name,
                    )
                )

    def _secret_values(self):
        """The values of this account's secret fields, to mask in logs."""
        self.ensure_one()
        sudo = self.sudo()
        return [
            sudo[name]
            for name, field in self._fields.items()
            if getattr(field, "secret", False) and isinstance(sudo[name], str)
        ]

    # Actions

    def action_test_connection(self):
        return self._notify_provider_call(
            self._test_connection, self.env._("Connection works"), self.env._("Connection failed")
        )

    def action_sync(self):
        return self._notify_provider_call(
            self._sync, self.env._("Synchronised"), self.env._("Synchronisation failed")
        )

    def _notify_provider_call(self, call, success_title, failure_title):
        """Make a provider call and tell the user how it went, in the
        provider's words."""
        self.ensure_one()
        try:
            title, message, kind = success_title, call(), "success"
        except ProviderError as error:
            title, message, kind = failure_title, str(error), "danger"
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "title": title,
                "message": message,
                "type": kind,
                "sticky": kind == "danger",
            },
        }

    def button_immediate_install(self):
        """Install the provider addon of a placeholder account."""
        self.ensure_one()
        if self.module_state != "uninstalled":
            raise UserError(self.env._("There is no provider addon to install for this account."))
        self.module_id.button_immediate_install()
        return {"type": "ir.actions.client", "tag": "reload"}

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_message_action"
        )
        action["domain"] = [("provider_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # Conversations: who answers

    def _cc_agents(self):
        """The agents who answer this account: its list, or every agent."""
        self.ensure_one()
        return self.sudo().agent_ids or self.env.ref(
            "cc_base.group_contact_centre_agent"
        ).sudo().users.filtered(lambda user: not user.share)

    def _cc_next_agent(self):
        """The agent a new conversation goes to, by the account's assignment
        method, among its online agents; nobody when manual or none online."""
        self.ensure_one()
        if self.assignment_method == "manual":
            return self.env["res.users"]
        agents = self._cc_agents().filtered(lambda user: user.im_status == "online").sorted("id")
        if not agents:
            return self.env["res.users"]
        if self.assignment_method == "round_robin":
            later = agents.filtered(lambda user: user.id > self.last_assigned_agent_id.id)
            agent = (later or agents)[:1]
        else:
            open_counts = dict(
                self.env["discuss.channel"]
                .sudo()
                ._read_group(
                    [
                        ("channel_type", "=", "contact_centre"),
                        ("cc_agent_id", "in", agents.ids),
                        ("cc_state", "!=", "resolved"),
                    ],
                    ["cc_agent_id"],
                    ["__count"],
                )
            )
            agent = min(agents, key=lambda user: (open_counts.get(user, 0), user.id))
        self.sudo().last_assigned_agent_id = agent
        return agent

    # Sending: which account, and how fast

    @api.model
    def _default_for(self, channel, number=None):
        """The account that sends a new message on channel for the current
        company, to number when given (see _router)."""
        router = self._router(channel)
        if number:
            return router.route(number)
        return router.routes[0][0] if router.routes else self.browse()

    @api.model
    def _router(self, channel, company=None):
        """The Router of channel's accounts for company (the current one by
        default), from one search: enabled accounts before test ones, then by
        sequence (the order of the list), each with its number prefixes and
        countries."""
        company = company or self.env.company
        accounts = self.with_company(company).search(
            [
                ("channel", "=", channel),
                ("state", "in", ("enabled", "test")),
                ("company_id", "in", company.ids),
            ]
        )
        accounts = accounts.sorted(lambda p: (p.state != "enabled", p.sequence, p.id))
        return Router(
            [
                (
                    account,
                    parse_prefixes(account.route_prefixes),
                    frozenset(account.route_country_ids.mapped("code")),
                )
                for account in accounts
            ],
            self.browse(),
        )

    def _rate_chunk_size(self):
        """How many messages go to the provider at once: RATE_CHUNK_SECONDS' worth."""
        self.ensure_one()
        if not self.rate_limit:
            return RATE_FREE_CHUNK
        return max(1, int(self.rate_limit * RATE_CHUNK_SECONDS))

    def _wait_for_rate(self, count, commit=False):
        """Reserve `count` send slots of this account, then sleep until the
        first one. The reservation lives in the account's row, so the limit
        holds across every worker and server; with `commit` it is made in its
        own short transaction."""
        self.ensure_one()
        if not self.rate_limit:
            return
        if commit:
            self.env["contact.centre.message"]._commit_progress()
        wait = self._reserve_rate(count)
        if commit:
            self.env["contact.centre.message"]._commit_progress()
        if wait > 0:
            time.sleep(wait)

    def _reserve_rate(self, count, now=None):
        """Reserve the next `count` send slots of this rate-limited account
        and return in how many seconds from `now` (a naive UTC datetime; the
        database's clock by default) the first one is: 0 or less means now.

        The account's row holds when its next slot is: a token bucket (GCRA)
        that keeps up to RATE_BURST_SECONDS of unused slots. What it
        guarantees, whatever the number of senders: the messages given slots
        that start in any window of W seconds number at most
        rate_limit * (W + RATE_BURST_SECONDS) plus one chunk (its slots start
        in the window, it goes at once); over a long run, the limit."""
        self.ensure_one()
        self.flush_recordset(["rate_limit"])
        now = SQL("%s::timestamp", now) if now else SQL("(clock_timestamp() AT TIME ZONE 'UTC')")
        duration = SQL("make_interval(secs => %s / rate_limit)", float(count))
        wait = self.env.execute_query(
            SQL(
                "UPDATE %(table)s SET rate_next_slot = GREATEST(rate_next_slot, "
                "%(now)s - make_interval(secs => %(burst)s)) + %(duration)s WHERE id = %(id)s "
                "RETURNING EXTRACT(EPOCH FROM rate_next_slot - %(duration)s - %(now)s)",
                table=SQL.identifier(self._table),
                now=now,
                burst=RATE_BURST_SECONDS,
                duration=duration,
                id=self.id,
            )
        )[0][0]
        self.invalidate_recordset(["rate_next_slot"])
        return float(wait)

    def _send_estimate(self, texts):
        """What sending `texts` (one per recipient) through this account takes,
        in words, shown before sending: for SMS, the parts and, when the
        provider says what a part costs, the estimated cost. '' otherwise."""
        self.ensure_one()
        if self.channel != "sms" or not texts:
            return ""
        counts = [count_segments(text) for text in texts]
        parts = sum(count.segments for count in counts)
        longest = max(counts, key=lambda count: (count.segments, count.length))
        words = self.env._(
            "%(parts)s SMS in all (longest message: %(length)s characters in %(encoding)s, "
            "%(segments)s SMS)",
            parts=parts,
            length=longest.length,
            encoding=longest.encoding,
            segments=longest.segments,
        )
        price, currency = self._sms_part_price()
        if price:
            cost = format_amount(self.env, price * parts, currency)
            words = self.env._("%(words)s, about %(cost)s", words=words, cost=cost)
        return words

    def _sms_part_price(self):
        """(price of one SMS, res.currency) for the cost estimate of an SMS
        account; a price of 0 when the provider does not say."""
        return 0.0, self.env["res.currency"]

    # Provider addons: setting up and removing their accounts (install hooks)

    @api.model
    def _setup_provider(self, code, module_name):
        """Turn the placeholder accounts of module_name into accounts of code."""
        self.search([("module_name", "=", module_name), ("code", "=", "none")]).write(
            {"code": code}
        )

    @api.model
    def _remove_provider(self, code):
        self.search([("code", "=", code)]).write({"code": "none", "state": "disabled"})

    # The provider interface: hooks each provider addon overrides

    def _test_connection(self):
        """Make a real call with the credentials; return what the provider said
        (e.g. the number's display name), or raise a ProviderError."""
        self.ensure_one()
        raise ProviderError(
            "unknown", self.env._("%(account)s has no provider to test.", account=self.name)
        )

    def _sync(self):
        """Optional: pull what the provider keeps (templates, flows, delivery
        reports) and return what changed, in words. Providers that do set
        support_sync."""
        self.ensure_one()
        raise ProviderError(
            "unknown", self.env._("%(account)s has nothing to synchronise.", account=self.name)
        )

    def _send_messages(self, messages):
        """Send outbound messages (of this account) and return
        {message id: SendResult}. Raise a ProviderError only when the whole
        batch failed the same way (unreachable provider, bad credentials)."""
        self.ensure_one()
        raise ProviderError(
            "unknown", self.env._("%(account)s has no provider to send with.", account=self.name)
        )

    def _send_one_by_one(self, messages, send_one):
        """{message id: SendResult} for providers that take one message a
        request: send_one(message) returns the provider's id or raises a
        ProviderError. After a failure of the whole account (credentials,
        credit, throttled, unreachable), the rest get the same error without
        a request: they would meet it too, and the queue retries them."""
        results = {}
        account_error = None
        for message in messages:
            if account_error:
                results[message.id] = SendResult(error=account_error)
                continue
            try:
                results[message.id] = SendResult(external_id=send_one(message))
            except ProviderError as error:
                results[message.id] = SendResult(error=error)
                if error.failure_type in ACCOUNT_FAILURE_TYPES:
                    account_error = error
        return results

    def _mark_read(self, messages):
        """Optional: tell the provider that an agent has read these inbound
        messages. A failure is the provider's to log: reading goes on."""
        return None

    @api.model
    def _webhook_accounts(self, code, key):
        """The accounts a webhook request at /contact_centre/webhook/<code>/<key>
        is for. A provider whose webhooks come to one shared URL overrides this."""
        return self.sudo().browse(self._webhook_account_ids().get((code, key)))

    @api.model
    @ormcache()
    def _webhook_account_ids(self):
        """{(code, webhook key): id} of the active accounts, kept by each worker
        until an account's URL changes: one entry whatever keys are tried,
        and no search in the webhook request."""
        accounts = self.sudo().search_fetch([("webhook_key", "!=", False)], ["code", "webhook_key"])
        return {(account.code, account.webhook_key): account.id for account in accounts}

    def _webhook_fields(self):
        """The fields a webhook request reads (state, and the secrets that
        verify it and are masked in what is stored), fetched alone: an
        account has many others. Providers add what their _verify_webhook
        reads besides."""
        return [
            "code",
            "state",
            *(name for name, field in self._fields.items() if getattr(field, "secret", False)),
        ]

    def _fetch_webhook_fields(self):
        """Put these accounts' _webhook_fields in their cache as each worker
        keeps them until an account changes (write clears them): a webhook
        request reads nothing of its account from the database."""
        for provider in self:
            for name, value in self._webhook_field_values(provider.id).items():
                if name not in provider._cache:  # a value written but not flushed wins
                    provider._cache[name] = value

    @api.model
    @ormcache("provider_id")
    def _webhook_field_values(self, provider_id):
        provider = self.sudo().browse(provider_id)
        names = provider._webhook_fields()
        provider.fetch(names)
        # Cache values: plain data, not records bound to this transaction.
        return {name: provider._cache[name] for name in names}

    def _verify_webhook(self, request):
        """Raise WebhookRejected unless the WebhookRequest comes from the
        provider (signature, token). Fails closed."""
        raise WebhookRejected(f"{self.code} does not receive webhooks")

    def _webhook_event_identity(self, request):
        """What makes a webhook request the same event when the provider sends
        it again: by default its body's digest."""
        return hashlib.sha256(request.body).hexdigest()

    def _fetch_media(self, media):
        """Download a tools.Media the customer sent: (content bytes, mimetype).
        Runs outside the HTTP request."""
        if not media.url:
            raise ProviderError("media", f"{self.code} cannot download this media.")
        response = self._send_api_request("GET", media.url)
        return response.content, response.headers.get("Content-Type", media.mimetype)

    def _inbound_attachments(self, event):
        """Attachments (as ORM commands) for the media of an inbound message,
        downloaded here, outside the provider's HTTP request. A failed download
        raises, so that the event is retried rather than the media lost."""
        return [
            Command.create(
                {
                    "name": media.filename or f"{media.media_type}-{event.external_id}",
                    "datas": base64.b64encode(content),
                    "mimetype": mimetype,
                    "res_model": "contact.centre.message",
                }
            )
            for media in event.media
            for content, mimetype in [self._fetch_media(media)]
        ]

    def _webhook_challenge(self, request):
        """The answer to a provider's GET check of the webhook URL, or raise
        WebhookRejected."""
        raise WebhookRejected(f"{self.code} does not verify its webhook URL", status=404)

    def _parse_webhook(self, request):
        """Turn a stored WebhookRequest into provider-neutral events
        (InboundMessage, StatusUpdate). Runs outside the HTTP request, so it
        may download media."""
        return []

    def _send_api_request(self, method, url, **kwargs):
        """The HTTP choke point for provider calls: timeouts, retries on
        connection errors, errors parsed by _api_error_parser, secrets masked."""
        return send_request(
            method,
            url,
            secrets=self._secret_values(),
            parse_error=self._api_error_parser(),
            **kwargs,
        )

    def _send_api_requests(self, calls):
        """Several calls to the provider at once (the batches of a campaign),
        each a dict of _send_api_request's arguments; returns, in order, each
        one's response or the ProviderError it met. The threads only speak
        HTTP: what they need of this account (its secrets, its error parser)
        is read here first, as plain data and a plain function."""
        self.ensure_one()
        secrets = self._secret_values()
        parse_error = self._api_error_parser()
        return send_requests(
            [{"secrets": secrets, "parse_error": parse_error, **call} for call in calls]
        )

    def _api_error_parser(self):
        """The function that turns an error answer of the provider into a
        ProviderError; providers map their codes. A plain function of the
        response, not a method of the account: it runs in the threads of
        _send_api_requests, where the ORM must not be used."""
        return default_error
