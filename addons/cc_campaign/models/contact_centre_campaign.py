from ast import literal_eval

from markupsafe import Markup

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from odoo.addons.cc_base.const import CHANNELS

CAMPAIGN_CHANNELS = [*CHANNELS, ("both", "Both")]
STATES = [
    ("draft", "Draft"),
    ("scheduled", "Scheduled"),
    ("running", "Running"),
    ("paused", "Paused"),
    ("completed", "Completed"),
    ("cancelled", "Cancelled"),
]
# The overview shows these columns even when empty.
OVERVIEW_STATES = ("draft", "scheduled", "running", "completed")
# A message the compliance gate (or the provider, for the same reason)
# refused is skipped rather than failed, with its reason.
SKIP_REASONS = {
    "opted_out": "skipped_opted_out_count",
    "wrong_number": "skipped_no_number_count",
    "window_closed": "skipped_window_count",
    "no_account": "skipped_no_account_count",
    "template_missing": "skipped_template_count",
}
REACHED_STATUSES = ("sent", "delivered", "read")


class ContactCentreCampaign(models.Model):
    """An inbound or outbound SMS / WhatsApp campaign. Outbound ones write to
    an audience through cc_base's queue (one message per contact), inbound
    ones answer a keyword. Figures come from the messages, in grouped queries."""

    _name = "contact.centre.campaign"
    _description = "Contact Centre Campaign"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "id desc"

    name = fields.Char("Campaign Name", required=True, tracking=True)
    active = fields.Boolean(default=True)
    campaign_type = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        "Type",
        required=True,
        default="outbound",
    )
    channel = fields.Selection(
        CAMPAIGN_CHANNELS,
        required=True,
        default="whatsapp",
        help="Both: each contact on their preferred channel, else on the other one.",
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    user_id = fields.Many2one(
        "res.users", "Responsible", default=lambda self: self.env.user, tracking=True
    )
    provider_id = fields.Many2one(
        "contact.centre.provider",
        "Provider Account",
        domain="[('company_id', '=', company_id), ('state', '!=', 'disabled')]",
        help="Outbound: the account that sends on its channel (else each recipient gets "
        "the account that sends to their number). "
        "Inbound: the account whose customers may send the keyword (else any).",
    )

    # UTM
    utm_campaign_id = fields.Many2one("utm.campaign", "UTM Campaign", ondelete="set null")
    source_id = fields.Many2one("utm.source", ondelete="set null")
    medium_id = fields.Many2one("utm.medium", ondelete="set null")

    # Targeting
    contact_domain = fields.Char(
        default="[]",
        help="The contacts to write to, chosen with filters.",
    )
    contact_ids = fields.Many2many(
        "res.partner",
        "contact_centre_campaign_res_partner_rel",
        "campaign_id",
        "partner_id",
        string="Campaign Contacts",
        help="Contacts written to besides those of the filters; an inbound campaign "
        "adds here whoever sends its keyword.",
    )
    contact_count = fields.Integer("Audience", compute="_compute_contact_count")

    # Content
    use_template = fields.Boolean(
        help="Send an approved template: on WhatsApp, the only way to write to a "
        "customer outside the 24-hour window."
    )
    template_id = fields.Many2one(
        "contact.centre.template",
        domain="[('channel', 'in', (channel, 'whatsapp')), "
        "'|', ('company_id', '=', False), ('company_id', '=', company_id)]",
    )
    message_body = fields.Text(
        help="Placeholders such as {{ object.name }} are filled in for each contact."
    )

    # Scheduling
    state = fields.Selection(
        STATES, default="draft", required=True, tracking=True, group_expand="_expand_states"
    )
    scheduled_date = fields.Datetime(tracking=True)
    start_date = fields.Datetime(readonly=True, copy=False)
    end_date = fields.Datetime(readonly=True, copy=False)
    enqueue_done = fields.Boolean(
        "Audience Queued",
        readonly=True,
        copy=False,
        help="Every contact of the audience has its message in the queue.",
    )
    quiet_hours = fields.Boolean(
        default=lambda self: self.env.company.cc_quiet_hours,
        help="Hold messages during these hours of the recipient's time zone.",
    )
    quiet_hours_start = fields.Float(
        "Quiet From", default=lambda self: self.env.company.cc_quiet_hours_start
    )
    quiet_hours_end = fields.Float(
        "Quiet Until", default=lambda self: self.env.company.cc_quiet_hours_end
    )
    response_days = fields.Integer(
        "Response Window (Days)",
        default=3,
        help="A message from a recipient within this many days of ours counts as a response.",
    )

    # Messages and figures
    message_ids = fields.One2many("contact.centre.message", "campaign_id", "Messages")
    targeted_count = fields.Integer("Targeted", compute="_compute_statistics")
    queued_count = fields.Integer("Queued", compute="_compute_statistics")
    quiet_pending_count = fields.Integer("Waiting for Quiet Hours", compute="_compute_statistics")
    skipped_count = fields.Integer("Skipped", compute="_compute_statistics")
    skipped_opted_out_count = fields.Integer("Skipped: Opted Out", compute="_compute_statistics")
    skipped_no_number_count = fields.Integer("Skipped: No Number", compute="_compute_statistics")
    skipped_window_count = fields.Integer("Skipped: Window Closed", compute="_compute_statistics")
    skipped_no_account_count = fields.Integer("Skipped: No Account", compute="_compute_statistics")
    skipped_template_count = fields.Integer(
        "Skipped: Template Not Approved",
        compute="_compute_statistics",
        help="The template may not be sent now (not approved by the provider), and the "
        "contact could not be reached otherwise.",
    )
    sent_count = fields.Integer("Sent", compute="_compute_statistics")
    delivered_count = fields.Integer("Delivered", compute="_compute_statistics")
    read_count = fields.Integer("Read", compute="_compute_statistics")
    failed_count = fields.Integer("Failed", compute="_compute_statistics")
    cancelled_count = fields.Integer("Withdrawn", compute="_compute_statistics")
    response_count = fields.Integer("Responses", compute="_compute_statistics")
    response_rate = fields.Float("Response Rate %", compute="_compute_statistics")
    funnel_html = fields.Html("Funnel", compute="_compute_funnel_html", sanitize=False)

    _sql_constraints = [
        (
            "response_days_positive",
            "CHECK(response_days >= 0)",
            "The response window cannot be negative.",
        ),
    ]

    @api.model
    def _expand_states(self, states, domain):
        return [key for key, _label in STATES if key in OVERVIEW_STATES or key in states]

    @api.constrains("quiet_hours_start", "quiet_hours_end")
    def _check_quiet_hours(self):
        for campaign in self:
            if not all(
                0 <= hour <= 24 for hour in (campaign.quiet_hours_start, campaign.quiet_hours_end)
            ):
                raise ValidationError(self.env._("Quiet hours go from 00:00 to 24:00."))

    @api.constrains("contact_domain")
    def _check_contact_domain(self):
        for campaign in self:
            campaign._audience_domain()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            name = vals.get("name") or ""
            if not vals.get("utm_campaign_id"):
                vals["utm_campaign_id"] = self.env["utm.campaign"].sudo().create({"name": name}).id
            if not vals.get("source_id"):
                vals["source_id"] = (
                    self.env["utm.mixin"].sudo()._find_or_create_record("utm.source", name).id
                )
            if not vals.get("medium_id"):
                vals["medium_id"] = self._medium_for(vals.get("channel") or "whatsapp").id
        return super().create(vals_list)

    @api.model
    def _medium_for(self, channel):
        return self.env.ref(f"cc_campaign.utm_medium_{channel}", raise_if_not_found=False) or (
            self.env.ref("cc_campaign.utm_medium_both")
        )

    # Audience

    def _audience_domain(self):
        """The partners this campaign writes to: its filters or its contacts,
        shared or of its company."""
        self.ensure_one()
        try:
            domain = literal_eval(self.contact_domain or "[]")
            expression.expression(domain, self.env["res.partner"])
        except (ValueError, SyntaxError, TypeError, AssertionError) as error:
            raise ValidationError(
                self.env._(
                    "The contact filter of %(campaign)s cannot be read: %(error)s",
                    campaign=self.name,
                    error=error,
                )
            ) from error
        parts = []
        if domain:
            parts.append(domain)
        if self.contact_ids:
            parts.append([("id", "in", self.contact_ids.ids)])
        if not parts:
            return expression.FALSE_DOMAIN
        # The runner reads contacts as the system: the campaign's company bounds them.
        return expression.AND(
            [
                expression.OR(parts),
                [("company_id", "in", [False, self.company_id.id])],
            ]
        )

    @api.depends("contact_domain", "contact_ids")
    def _compute_contact_count(self):
        Partner = self.env["res.partner"]
        for campaign in self:
            try:
                campaign.contact_count = Partner.search_count(campaign._audience_domain())
            except ValidationError:
                campaign.contact_count = 0

    def action_show_contacts(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Audience of %s", self.name),
            "res_model": "res.partner",
            "view_mode": "list,form",
            "domain": self._audience_domain(),
            "context": {"create": False},
        }

    # Figures: grouped queries over the messages, never reading each one

    @api.depends("message_ids.status")
    def _compute_statistics(self):
        Message = self.env["contact.centre.message"].sudo()
        figures = {campaign.id: dict.fromkeys(self._statistics_fields(), 0) for campaign in self}
        campaigns = [("campaign_id", "in", self.ids)]
        for campaign, status, failure_type, count in Message._read_group(
            [*campaigns, ("direction", "=", "outbound")],
            ["campaign_id", "status", "failure_type"],
            ["__count"],
        ):
            values = figures[campaign.id]
            values["targeted_count"] += count
            if status in REACHED_STATUSES:
                values["sent_count"] += count
                values["delivered_count"] += count if status in ("delivered", "read") else 0
                values["read_count"] += count if status == "read" else 0
            elif status == "queued":
                values["queued_count"] += count
            elif status == "cancelled":
                values["cancelled_count"] += count
            elif failure_type in SKIP_REASONS:
                values["skipped_count"] += count
                values[SKIP_REASONS[failure_type]] += count
            else:
                values["failed_count"] += count
        for campaign, count in Message._read_group(
            [
                *campaigns,
                ("status", "=", "queued"),
                ("quiet_hours_until", ">", fields.Datetime.now()),
            ],
            ["campaign_id"],
            ["__count"],
        ):
            figures[campaign.id]["quiet_pending_count"] = count
        for campaign, count in Message._read_group(
            [*campaigns, ("direction", "=", "inbound")],
            ["campaign_id"],
            ["contact_id:count_distinct"],
        ):
            figures[campaign.id]["response_count"] = count
        for campaign in self:
            values = figures[campaign.id]
            base = values["sent_count"] if campaign.campaign_type == "outbound" else 0
            values["response_rate"] = 100.0 * values["response_count"] / base if base else 0.0
            campaign.update(values)

    @api.depends("message_ids.status")
    def _compute_funnel_html(self):
        stages = [
            ("targeted_count", "bg-secondary"),
            ("skipped_count", "bg-warning"),
            ("quiet_pending_count", "bg-info"),
            ("sent_count", "bg-primary"),
            ("delivered_count", "bg-primary"),
            ("read_count", "bg-success"),
            ("response_count", "bg-success"),
            ("failed_count", "bg-danger"),
        ]
        for campaign in self:
            total = campaign.targeted_count or 1
            rows = Markup("").join(
                Markup(
                    '<div class="d-flex align-items-center gap-2 mb-1">'
                    '<span class="text-nowrap" style="width: 12em">%s</span>'
                    '<div class="progress flex-grow-1" style="height: 1.2em">'
                    '<div class="progress-bar %s" style="width: %s%%"></div></div>'
                    '<span class="text-end fw-bold" style="width: 5em">%s</span></div>'
                )
                % (
                    campaign._fields[fname]._description_string(self.env),
                    css,
                    round(100 * campaign[fname] / total),
                    campaign[fname],
                )
                for fname, css in stages
            )
            campaign.funnel_html = Markup('<div class="o_cc_campaign_funnel">%s</div>') % rows

    @api.model
    def _statistics_fields(self):
        return [
            name for name, field in self._fields.items() if field.compute == "_compute_statistics"
        ]

    def action_view_messages(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_message_action"
        )
        action["domain"] = [("campaign_id", "=", self.id)]
        action["context"] = {"create": False}
        return action

    # Life cycle

    def _check_manager(self):
        if not self.env.user.has_group("cc_base.group_contact_centre_manager"):
            raise UserError(self.env._("Only contact centre managers run campaigns."))
        self.check_access("write")

    def _check_ready(self):
        for campaign in self:
            if campaign.campaign_type == "inbound":
                if not campaign.keyword_normalised:
                    raise UserError(
                        self.env._(
                            "%(campaign)s needs a keyword to listen for.", campaign=campaign.name
                        )
                    )
                continue
            if campaign.use_template and not campaign.template_id:
                raise UserError(
                    self.env._("%(campaign)s: choose its template.", campaign=campaign.name)
                )
            if not campaign.use_template and not (campaign.message_body or "").strip():
                raise UserError(
                    self.env._("%(campaign)s has no message to send.", campaign=campaign.name)
                )
            if not campaign.contact_count:
                raise UserError(
                    self.env._("%(campaign)s has nobody to write to.", campaign=campaign.name)
                )

    def _move(self, from_states, values):
        """Move the campaigns in from_states; any other state is refused."""
        wrong = self.filtered(lambda c: c.state not in from_states)
        if wrong:
            raise UserError(
                self.env._(
                    "%(campaigns)s cannot do this while %(state)s.",
                    campaigns=", ".join(wrong.mapped("name")),
                    state=dict(STATES)[wrong[0].state].lower(),
                )
            )
        self.write(values)

    def action_start(self):
        """Start now: an outbound campaign queues its audience in the
        background; an inbound one starts listening for its keyword."""
        self._check_manager()
        self._check_ready()
        self._move(
            ("draft", "scheduled"), {"state": "running", "start_date": fields.Datetime.now()}
        )
        self._trigger_runner()

    def schedule_send(self, when=None):
        """Start the campaigns at `when` (their scheduled date without it)."""
        self._check_manager()
        self._check_ready()
        for campaign in self:
            when_campaign = when or campaign.scheduled_date
            if not when_campaign or when_campaign <= fields.Datetime.now():
                raise UserError(
                    self.env._("Schedule %(campaign)s in the future.", campaign=campaign.name)
                )
            campaign._move(
                ("draft", "scheduled"), {"state": "scheduled", "scheduled_date": when_campaign}
            )
            self._trigger_runner(when_campaign)

    def action_schedule(self):
        return self.schedule_send()

    def action_pause(self):
        """Stop sending within seconds: queued messages wait, the sender holds
        back those it has already taken."""
        self._check_manager()
        self._move(("running",), {"state": "paused"})

    def action_resume(self):
        self._check_manager()
        self._move(("paused",), {"state": "running"})
        self.env["contact.centre.message"]._trigger_worker()
        self._trigger_runner()

    def action_cancel(self):
        """Stop for good: every message not yet sent is withdrawn."""
        self._check_manager()
        self._move(
            ("draft", "scheduled", "running", "paused"),
            {"state": "cancelled", "end_date": fields.Datetime.now()},
        )
        self._withdraw_queued()

    def action_draft(self):
        """Back to draft after a cancel: the messages it withdrew were never
        sent, so they go, and a new start writes to those contacts again."""
        self._check_manager()
        self._move(("cancelled",), {"state": "draft", "end_date": False, "enqueue_done": False})
        self.env["contact.centre.message"].sudo().search(
            [
                ("campaign_id", "in", self.ids),
                ("direction", "=", "outbound"),
                ("status", "=", "cancelled"),
            ]
        ).unlink()

    @api.ondelete(at_uninstall=False)
    def _unlink_except_started(self):
        if any(campaign.state not in ("draft", "cancelled") for campaign in self):
            raise UserError(self.env._("Cancel a campaign before deleting it."))

    def copy_data(self, default=None):
        vals_list = super().copy_data(default=default)
        for campaign, vals in zip(self, vals_list, strict=True):
            vals.setdefault("name", self.env._("%s (copy)", campaign.name))
            vals.pop("utm_campaign_id", None)
            vals.pop("source_id", None)
        return vals_list
