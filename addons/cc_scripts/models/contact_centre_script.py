import re

from markupsafe import Markup

from odoo import api, fields, models
from odoo.tools import html2plaintext, is_html_empty, plaintext2html
from odoo.tools.rendering_tools import convert_inline_template_to_qweb

from odoo.addons.cc_base.models.contact_centre_consent_keyword import normalise_keyword
from odoo.addons.cc_base.tools import check_agent

SCRIPT_TYPES = [
    ("greeting", "Greeting"),
    ("product_info", "Product Information"),
    ("pricing", "Pricing"),
    ("support", "Support"),
    ("closing", "Closing"),
    ("custom", "Custom"),
]
# What each reason to suggest a script weighs: the customer's own words first,
# then the stage of the conversation, the campaign it came from, the contact's
# tags.
SCORE_KEYWORD = 4
SCORE_STAGE = 3
SCORE_CAMPAIGN = 2
SCORE_TAG = 1
# The customer's messages read for keywords, newest first.
CUSTOMER_MESSAGES_READ = 3


class ContactCentreScript(models.Model):
    """A text an agent can insert in a conversation, its placeholders filled
    for the contact at hand. Written in HTML by managers; its plain-text
    version, the one sent by SMS or WhatsApp, follows the HTML."""

    _name = "contact.centre.script"
    _inherit = ["mail.render.mixin"]
    _description = "Contact Centre Script"
    _order = "sequence, id"
    # Writing placeholders beyond the contact's name takes Odoo's template
    # editor right (checked by the mixin on save); agents may then render
    # whatever a manager wrote.
    _unrestricted_rendering = True

    name = fields.Char("Script Name", required=True)
    description = fields.Text()
    script_type = fields.Selection(SCRIPT_TYPES, required=True, default="custom")
    content_html = fields.Html(
        "Script Content",
        help="Placeholders such as {{ object.name }} (the contact's name), "
        "{{ object.commercial_company_name }} (their company) or {{ user.name }} "
        "(the agent's name) are filled in for the conversation at hand.",
    )
    content_text = fields.Text(
        "Plain Text Version",
        compute="_compute_content_text",
        store=True,
        readonly=False,
        precompute=True,
        help="What is inserted in the conversation; follows the script content. "
        "Bold text reads *bold*, as WhatsApp shows it.",
    )
    trigger_keywords = fields.Char(
        help="Comma-separated words or phrases: a customer message holding one "
        "of them suggests this script (case and accents do not count)."
    )
    contact_tag_ids = fields.Many2many(
        "contact.centre.tag",
        "contact_centre_script_tag_rel",
        "script_id",
        "tag_id",
        string="Contact Tags",
        help="Suggested first for contacts with one of these tags.",
    )
    usage_ids = fields.One2many("contact.centre.script.usage", "script_id", "Uses")
    usage_count = fields.Integer(compute="_compute_usage_stats")
    last_used = fields.Datetime(compute="_compute_usage_stats")
    sequence = fields.Integer(default=10)
    category_id = fields.Many2one(
        "contact.centre.script.category", index="btree_not_null", ondelete="set null"
    )
    company_id = fields.Many2one(
        "res.company", help="Leave empty to share the script with every company."
    )
    active = fields.Boolean(default=True)
    preview_partner_id = fields.Many2one(
        "res.partner", "Preview For", help="A contact to see the script as they would."
    )
    preview_html = fields.Html("Preview", compute="_compute_preview_html", sanitize=False)

    @api.model_create_multi
    def create(self, vals_list):
        # A script written as plain text (an import, say) gets its HTML too.
        for vals in vals_list:
            if vals.get("content_text") and is_html_empty(vals.get("content_html")):
                vals["content_html"] = plaintext2html(vals["content_text"])
        return super().create(vals_list)

    def _compute_render_model(self):
        self.render_model = "res.partner"

    @api.depends("content_html")
    def _compute_content_text(self):
        for script in self:
            script.content_text = (
                False if is_html_empty(script.content_html) else html2plaintext(script.content_html)
            )

    @api.depends("usage_ids")
    def _compute_usage_stats(self):
        stats = {
            script: (count, last)
            for script, count, last in self.env["contact.centre.script.usage"]
            .sudo()
            ._read_group(
                [("script_id", "in", self.ids)], ["script_id"], ["__count", "create_date:max"]
            )
        }
        for script in self:
            script.usage_count, script.last_used = stats.get(script, (0, False))

    @api.depends("content_html", "preview_partner_id")
    @api.depends_context("uid")
    def _compute_preview_html(self):
        for script in self:
            partner = script.preview_partner_id._origin
            script.preview_html = script._render_html(partner) if partner else script.content_html

    # Rendering

    def _render_text(self, partner):
        """The plain text of the script for partner, as the agent will send it."""
        self.ensure_one()
        if not self.content_text:
            return ""
        return self._render_field("content_text", partner.ids)[partner.id]

    def _render_html(self, partner):
        """The script content for partner as HTML: the contact's data is escaped."""
        self.ensure_one()
        if is_html_empty(self.content_html):
            return Markup()
        qweb = convert_inline_template_to_qweb(Markup(self.content_html))
        return Markup(
            self._render_template(qweb, "res.partner", partner.ids, engine="qweb")[partner.id]
        )

    # Suggestions

    def _keywords(self):
        self.ensure_one()
        return [
            word
            for word in (normalise_keyword(k) for k in (self.trigger_keywords or "").split(","))
            if word
        ]

    def _matches_words(self, texts):
        """Whether one of the script's keywords is in one of texts, as a whole word."""
        normalised = [normalise_keyword(text) for text in texts]
        return any(
            re.search(rf"\b{re.escape(keyword)}\b", text)
            for keyword in self._keywords()
            for text in normalised
        )

    def _campaign_matches(self, conversation):
        """The scripts of self meant for the campaigns conversation came from.
        None here: the campaign addon's bridge (cc_scripts_campaign) overrides
        this with the scripts' campaigns."""
        return self.browse()

    def _relevance(self, conversation):
        """{script: score} for conversation: the customer's latest words,
        the stage of the conversation, its campaign, the contact's tags."""
        texts = conversation._cc_customer_texts(CUSTOMER_MESSAGES_READ)
        stage_type = conversation._cc_script_stage()
        tags = conversation.cc_contact_id.contact_centre_tag_ids
        campaign_scripts = self._campaign_matches(conversation)
        scores = {}
        for script in self:
            score = 0
            if texts and script._matches_words(texts):
                score += SCORE_KEYWORD
            if stage_type and script.script_type == stage_type:
                score += SCORE_STAGE
            if script in campaign_scripts:
                score += SCORE_CAMPAIGN
            if script.contact_tag_ids & tags:
                score += SCORE_TAG
            scores[script] = score
        return scores

    @api.model
    def get_relevant_scripts(self, conversation):
        """Every script the user may insert, the most relevant to conversation
        first; ties go by sequence, then by the most used. Returns the scripts
        and their scores."""
        scripts = self.search([("content_text", "!=", False)])
        scores = scripts._relevance(conversation)
        ranked = scripts.sorted(lambda s: (-scores[s], s.sequence, -s.usage_count, s.id))
        return ranked, scores

    def increment_usage(self, conversation_id=False):
        """Count one use of each script, by the current agent."""
        check_agent(self.env, self.env._("Only contact centre agents can use scripts."))
        self.check_access("read")
        self.env["contact.centre.script.usage"].create(
            [{"script_id": script.id, "conversation_id": conversation_id} for script in self]
        )
        return True

    @api.model
    def get_panel_scripts(self, conversation_id):
        """What the agent's panel shows for a conversation: each script with its
        text and preview for the contact, whether it is suggested, its
        category; the most relevant first."""
        check_agent(self.env, self.env._("Only contact centre agents can use scripts."))
        conversation = self.env["discuss.channel"].browse(conversation_id)
        conversation.check_access("read")
        contact = conversation.cc_contact_id
        scripts, scores = self.get_relevant_scripts(conversation)
        return [
            {
                "id": script.id,
                "name": script.name,
                "description": script.description or "",
                "script_type": script.script_type,
                "category": script.category_id.name or "",
                "category_sequence": script.category_id.sequence,
                "keywords": script.trigger_keywords or "",
                "suggested": bool(scores[script]),
                "text": script._render_text(contact),
                "preview_html": script._render_html(contact),
            }
            for script in scripts
        ]
