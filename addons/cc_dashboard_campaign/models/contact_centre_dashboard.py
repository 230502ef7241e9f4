from odoo import api, models

FUNNEL = (
    "targeted_count",
    "skipped_count",
    "sent_count",
    "delivered_count",
    "read_count",
    "response_count",
    "failed_count",
)


class ContactCentreDashboard(models.AbstractModel):
    _inherit = "contact.centre.dashboard"

    @api.model
    def get_overview(self, options):
        overview = super().get_overview(options)
        overview["campaigns"] = self._campaigns(dict(options or {}))
        return overview

    @api.model
    def _campaigns(self, options):
        """The running campaigns with their funnel, as their own form counts it."""
        domain = [("state", "=", "running")]
        if options.get("channel"):
            domain.append(("channel", "in", [options["channel"], "both"]))
        if options.get("provider_id"):
            domain.append(("provider_id", "=", int(options["provider_id"])))
        Campaign = self.env["contact.centre.campaign"]
        if not Campaign.has_access("read"):
            return []
        campaigns = Campaign.search(domain, order="start_date desc, id desc")
        labels = {name: Campaign._fields[name]._description_string(self.env) for name in FUNNEL}
        return [
            {
                "id": campaign.id,
                "name": campaign.name,
                "funnel": [
                    {"key": name, "label": labels[name], "value": campaign[name]} for name in FUNNEL
                ],
                "response_rate": campaign.response_rate,
            }
            for campaign in campaigns
        ]
