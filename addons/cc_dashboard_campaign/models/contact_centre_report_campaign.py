from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.cc_base.const import CHANNELS, DIRECTIONS, STATUSES
from odoo.addons.cc_campaign.models.contact_centre_campaign import REACHED_STATUSES, SKIP_REASONS


class ContactCentreReportCampaign(models.Model):
    """Campaign performance: one row per campaign message, its funnel stage
    as counts that add up over any campaign, channel, account or date, as
    the campaign's own figures count them."""

    _name = "contact.centre.report.campaign"
    _description = "Contact Centre Campaign Performance"
    _auto = False
    _order = "date desc"
    _depends = {
        "contact.centre.message": [
            "message_timestamp",
            "campaign_id",
            "channel",
            "direction",
            "status",
            "failure_type",
            "provider_id",
            "company_id",
            "contact_id",
        ],
    }

    date = fields.Datetime(readonly=True)
    campaign_id = fields.Many2one("contact.centre.campaign", readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    direction = fields.Selection(DIRECTIONS, readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    provider_id = fields.Many2one("contact.centre.provider", "Provider Account", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    targeted_count = fields.Integer(readonly=True, aggregator="sum")
    skipped_count = fields.Integer(readonly=True, aggregator="sum")
    sent_count = fields.Integer(readonly=True, aggregator="sum")
    delivered_count = fields.Integer(readonly=True, aggregator="sum")
    read_count = fields.Integer(readonly=True, aggregator="sum")
    failed_count = fields.Integer(readonly=True, aggregator="sum")
    responder_id = fields.Many2one(
        "res.partner",
        "Responses",
        readonly=True,
        aggregator="count_distinct",
        help="Contacts who wrote back.",
    )

    @property
    def _table_query(self):
        outbound = SQL("m.direction = 'outbound'")
        skipped = SQL(
            "m.status = 'failed' AND COALESCE(m.failure_type IN %s, FALSE)", tuple(SKIP_REASONS)
        )
        return SQL(
            """
                SELECT m.id, m.message_timestamp AS date, m.campaign_id, m.channel,
                       m.direction, m.status, m.provider_id, m.company_id,
                       (%(outbound)s)::int AS targeted_count,
                       (%(outbound)s AND %(skipped)s)::int AS skipped_count,
                       (%(outbound)s AND m.status IN %(reached)s)::int AS sent_count,
                       (%(outbound)s AND m.status IN ('delivered', 'read'))::int AS delivered_count,
                       (%(outbound)s AND m.status = 'read')::int AS read_count,
                       (%(outbound)s AND m.status = 'failed' AND NOT (%(skipped)s))::int
                           AS failed_count,
                       CASE WHEN m.direction = 'inbound' THEN m.contact_id END AS responder_id
                  FROM contact_centre_message m
                 WHERE m.campaign_id IS NOT NULL
            """,
            outbound=outbound,
            skipped=skipped,
            reached=tuple(REACHED_STATUSES),
        )
