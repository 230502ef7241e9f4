import contextlib
import re
from collections import defaultdict

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression

from ..const import CHANNELS, NUMBER_FIELD_BY_CHANNEL
from ..tools import to_e164

CONSENT_CHANNELS = ("whatsapp", "sms")


class ResPartner(models.Model):
    _inherit = "res.partner"

    # Numbers are stored in E.164 (+32470123456) whatever way they are typed,
    # so that one lookup finds a contact however its number was written.
    whatsapp_number = fields.Char(
        "WhatsApp Number",
        index=True,
        copy=False,
        help="Stored in international form (+32470123456); a number typed in "
        "national form is read in the contact's country.",
    )
    sms_number = fields.Char(
        "SMS Number",
        index=True,
        copy=False,
        help="Stored in international form (+32470123456); a number typed in "
        "national form is read in the contact's country.",
    )
    contact_centre_number = fields.Char(
        "WhatsApp or SMS Number",
        compute="_compute_contact_centre_number",
        search="_search_contact_centre_number",
    )
    preferred_channel = fields.Selection(CHANNELS + [("email", "Email")])

    contact_centre_message_ids = fields.One2many(
        "contact.centre.message", "contact_id", string="Contact Centre Messages"
    )
    whatsapp_message_ids = fields.One2many(
        "contact.centre.message",
        "contact_id",
        string="WhatsApp Messages",
        domain=[("channel", "=", "whatsapp")],
    )
    sms_message_ids = fields.One2many(
        "contact.centre.message",
        "contact_id",
        string="SMS Messages",
        domain=[("channel", "=", "sms")],
    )
    whatsapp_message_count = fields.Integer(
        "WhatsApp Messages Count", compute="_compute_message_counts"
    )
    sms_message_count = fields.Integer("SMS Messages Count", compute="_compute_message_counts")
    last_whatsapp_message = fields.Datetime(
        "Last WhatsApp", compute="_compute_last_messages", store=True
    )
    last_sms_message = fields.Datetime("Last SMS", compute="_compute_last_messages", store=True)

    contact_centre_tag_ids = fields.Many2many(
        "contact.centre.tag",
        "contact_centre_tag_res_partner_rel",
        "partner_id",
        "tag_id",
        string="Contact Centre Tags",
    )
    assigned_agent_id = fields.Many2one(
        "res.users",
        index="btree_not_null",
        domain=[("share", "=", False)],
        tracking=True,
    )
    contact_score = fields.Integer(help="Engagement score: higher is more engaged.")

    # Consent, per channel, with the date of each change (kept for audits).
    cc_conversation_count = fields.Integer(
        "Conversations", compute="_compute_cc_conversation_count"
    )
    opt_in_whatsapp = fields.Boolean("WhatsApp Opt-In", tracking=True)
    opt_in_whatsapp_date = fields.Datetime("WhatsApp Opt-In Date", readonly=True)
    opt_out_whatsapp = fields.Boolean("WhatsApp Opt-Out", tracking=True)
    opt_out_whatsapp_date = fields.Datetime("WhatsApp Opt-Out Date", readonly=True)
    opt_in_sms = fields.Boolean("SMS Opt-In", tracking=True)
    opt_in_sms_date = fields.Datetime("SMS Opt-In Date", readonly=True)
    opt_out_sms = fields.Boolean("SMS Opt-Out", tracking=True)
    opt_out_sms_date = fields.Datetime("SMS Opt-Out Date", readonly=True)

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            country = self._contact_centre_country(
                self.env["res.country"].browse(vals.get("country_id")),
                self.browse(vals.get("parent_id")),
                self.env["res.company"].browse(vals.get("company_id")),
            )
            self._contact_centre_normalise_numbers(vals, country)
            self._contact_centre_stamp_consent(vals)
        return super().create(vals_list)

    def write(self, vals):
        vals = dict(vals)
        self._contact_centre_stamp_consent(vals)
        if not any(vals.get(fname) for fname in NUMBER_FIELD_BY_CHANNEL.values()):
            return super().write(vals)
        # A national number is read in each partner's own country.
        by_country = defaultdict(lambda: self.browse())
        new_country = self.env["res.country"].browse(vals.get("country_id"))
        for partner in self:
            country = self._contact_centre_country(
                new_country or partner.country_id, partner.parent_id, partner.company_id
            )
            by_country[country] |= partner
        for country, partners in by_country.items():
            country_vals = dict(vals)
            self._contact_centre_normalise_numbers(country_vals, country)
            super(ResPartner, partners).write(country_vals)
        return True

    @api.model
    def _contact_centre_country(self, country, parent, company):
        """The country whose numbering plan reads a partner's national numbers:
        its own, else its parent's, else its company's, else the user's company's."""
        return country or parent.country_id or company.country_id or self.env.company.country_id

    @api.model
    def _contact_centre_normalise_numbers(self, vals, country):
        for fname in NUMBER_FIELD_BY_CHANNEL.values():
            if vals.get(fname):
                try:
                    vals[fname] = to_e164(vals[fname], country)
                except UserError as error:
                    raise ValidationError(
                        self.env._(
                            "%(field)s: %(error)s",
                            field=self._fields[fname]._description_string(self.env),
                            error=error.args[0],
                        )
                    ) from error

    @api.model
    def _contact_centre_stamp_consent(self, vals):
        """Opting in ends an opt-out and the other way round; both are dated."""
        now = fields.Datetime.now()
        for channel in CONSENT_CHANNELS:
            opt_in, opt_out = f"opt_in_{channel}", f"opt_out_{channel}"
            if vals.get(opt_in) and vals.get(opt_out):
                raise ValidationError(
                    self.env._(
                        "A contact cannot opt in and opt out of %(channel)s at once.",
                        channel=dict(CHANNELS)[channel],
                    )
                )
            for flag, other in ((opt_in, opt_out), (opt_out, opt_in)):
                if vals.get(flag):
                    vals.setdefault(f"{flag}_date", now)
                    vals[other] = False

    def _compute_contact_centre_number(self):
        for partner in self:
            partner.contact_centre_number = partner.whatsapp_number or partner.sms_number

    def _search_contact_centre_number(self, operator, value):
        if operator not in ("=", "ilike") or not isinstance(value, str):
            raise UserError(self.env._("Search a number with 'contains' or '='."))
        number_fields = NUMBER_FIELD_BY_CHANNEL.values()
        try:
            e164 = to_e164(value, self.env.company.country_id)
        except UserError:
            # Not a whole number: match the digits typed, anywhere.
            digits = re.sub(r"\D", "", value)
            if not digits or operator == "=":
                return expression.FALSE_DOMAIN
            return expression.OR([[(fname, "ilike", digits)] for fname in number_fields])
        return expression.OR([[(fname, "=", e164)] for fname in number_fields])

    @api.model
    def _contact_centre_find_by_number(self, number, channel=None):
        """Partners with this number, however it is written, oldest first.

        Restricted to the number of `channel` when one is given. A number that
        cannot exist finds nobody.
        """
        try:
            e164 = to_e164(number, self.env.company.country_id)
        except UserError:
            return self.browse()
        number_fields = (
            [NUMBER_FIELD_BY_CHANNEL[channel]] if channel else NUMBER_FIELD_BY_CHANNEL.values()
        )
        return self.search(
            expression.OR([[(fname, "=", e164)] for fname in number_fields]), order="id"
        )

    @api.model
    def _contact_centre_for_inbound(self, number, channel, profile_name, company):
        """The contact an inbound message from number belongs to: the oldest
        with this number on the channel, else on any channel; or a new one
        named as the provider names the customer."""
        Partner = self.sudo().with_company(company)
        contact = Partner._contact_centre_find_by_number(number, channel)[:1]
        if not contact:
            contact = Partner._contact_centre_find_by_number(number)[:1]
            if contact and not contact[NUMBER_FIELD_BY_CHANNEL[channel]]:
                contact[NUMBER_FIELD_BY_CHANNEL[channel]] = number
        if not contact:
            contact = Partner.create(
                {"name": profile_name or number, NUMBER_FIELD_BY_CHANNEL[channel]: number}
            )
        return contact

    @api.model
    def _contact_centre_for_inbound_many(self, senders, channel, company):
        """{number: contact} for inbound messages from senders ({number:
        profile name}), as _contact_centre_for_inbound finds them, for all
        at once: known contacts in two searches (by the channel's number,
        then by any), the new ones created together."""
        Partner = self.sudo().with_company(company)
        field = NUMBER_FIELD_BY_CHANNEL[channel]
        e164 = {}
        for number in senders:
            with contextlib.suppress(UserError):
                e164[number] = to_e164(number, Partner.env.company.country_id)
        found = {}
        for fields_ in ([field], NUMBER_FIELD_BY_CHANNEL.values()):
            wanted = list(set(e164.values()) - set(found))
            if not wanted:
                break
            domain = expression.OR([[(fname, "in", wanted)] for fname in fields_])
            for partner in Partner.search(domain, order="id desc"):
                for fname in fields_:
                    if partner[fname] in wanted:
                        found[partner[fname]] = partner  # the oldest last: it wins
        for partner in found.values():
            if not partner[field]:
                partner[field] = next(e for e, p in found.items() if p == partner)
        new = {}
        for number, name in senders.items():
            if number in e164 and e164[number] not in found:
                new.setdefault(e164[number], {"name": name or number, field: e164[number]})
        if new:
            found.update(zip(new, Partner.create(list(new.values())), strict=True))
        return {
            number: found.get(e164.get(number))
            or self._contact_centre_for_inbound(number, channel, name, company)
            for number, name in senders.items()
        }

    def _contact_centre_message_groups(self, aggregate):
        """{(partner, channel): aggregate} over the partners' messages, in one query."""
        return {
            (partner, channel): value
            for partner, channel, value in self.env["contact.centre.message"]._read_group(
                [("contact_id", "in", self.ids)], ["contact_id", "channel"], [aggregate]
            )
        }

    @api.depends_context("uid")
    def _compute_message_counts(self):
        counts = self._contact_centre_message_groups("__count")
        for partner in self:
            partner.whatsapp_message_count = counts.get((partner, "whatsapp"), 0)
            partner.sms_message_count = counts.get((partner, "sms"), 0)

    @api.depends(
        "contact_centre_message_ids.message_timestamp", "contact_centre_message_ids.channel"
    )
    def _compute_last_messages(self):
        latest = self._contact_centre_message_groups("message_timestamp:max")
        for partner in self:
            partner.last_whatsapp_message = latest.get((partner, "whatsapp"), False)
            partner.last_sms_message = latest.get((partner, "sms"), False)

    def get_conversation_history(self, channel=None, limit=None):
        """The contact's messages, oldest first; the latest `limit` when given."""
        self.ensure_one()
        domain = [("contact_id", "=", self.id)]
        if channel:
            domain.append(("channel", "=", channel))
        messages = self.env["contact.centre.message"].search(domain, limit=limit)
        return messages.sorted(lambda m: (m.message_timestamp, m.id))

    def _contact_centre_messages_action(self, channel):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_message_action"
        )
        action.update(
            domain=[("contact_id", "=", self.id), ("channel", "=", channel)],
            context={"default_contact_id": self.id, "default_channel": channel},
        )
        return action

    def _compute_cc_conversation_count(self):
        counts = dict(
            self.env["discuss.channel"]._read_group(
                [("channel_type", "=", "contact_centre"), ("cc_contact_id", "in", self.ids)],
                ["cc_contact_id"],
                ["__count"],
            )
        )
        for partner in self:
            partner.cc_conversation_count = counts.get(partner, 0)

    def action_view_cc_conversations(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.discuss_channel_action_contact_centre_inbox"
        )
        action["domain"] = [
            ("channel_type", "=", "contact_centre"),
            ("cc_contact_id", "=", self.id),
        ]
        action["context"] = {}
        return action

    def _contact_centre_composer_action(self, channel):
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "cc_base.contact_centre_composer_action"
        )
        action["context"] = {"default_partner_ids": self.ids, "default_channel": channel}
        return action

    def action_send_whatsapp(self):
        return self._contact_centre_composer_action("whatsapp")

    def action_send_sms(self):
        return self._contact_centre_composer_action("sms")

    def action_view_whatsapp_messages(self):
        return self._contact_centre_messages_action("whatsapp")

    def action_view_sms_messages(self):
        return self._contact_centre_messages_action("sms")
