from odoo import api, fields, models


class ResPartner(models.Model):
    _inherit = "res.partner"

    cc_campaign_member_ids = fields.Many2many(
        "contact.centre.campaign",
        "contact_centre_campaign_res_partner_rel",
        "partner_id",
        "campaign_id",
        string="Campaigns Joined",
        groups="cc_base.group_contact_centre_user",
        help="The campaigns this contact was added to by hand or by sending a keyword.",
    )
    campaign_ids = fields.Many2many(
        "contact.centre.campaign",
        string="Campaigns",
        compute="_compute_campaign_ids",
        search="_search_campaign_ids",
        groups="cc_base.group_contact_centre_user",
        help="The campaigns this contact was added to or got a message from.",
    )
    campaign_count = fields.Integer(
        compute="_compute_campaign_ids",
        groups="cc_base.group_contact_centre_user",
    )

    @api.depends("cc_campaign_member_ids")
    def _compute_campaign_ids(self):
        messaged = dict(
            self.env["contact.centre.message"]
            .sudo()
            ._read_group(
                [("contact_id", "in", self.ids), ("campaign_id", "!=", False)],
                ["contact_id"],
                ["campaign_id:recordset"],
            )
        )
        for partner in self:
            campaigns = (
                messaged.get(partner._origin, self.env["contact.centre.campaign"])
                | partner.cc_campaign_member_ids
            ).with_env(self.env)
            partner.campaign_ids = campaigns
            partner.campaign_count = len(campaigns)

    def _search_campaign_ids(self, operator, value):
        return [
            "|",
            ("cc_campaign_member_ids", operator, value),
            ("contact_centre_message_ids.campaign_id", operator, value),
        ]

    def action_view_campaigns(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_campaign.contact_centre_campaign_action"
        )
        action["domain"] = [("id", "in", self.campaign_ids.ids)]
        return action
