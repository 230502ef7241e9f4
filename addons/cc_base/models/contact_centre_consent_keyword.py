import string
import unicodedata

from odoo import api, fields, models
from odoo.exceptions import UserError

from ..const import CHANNELS

PUNCTUATION = string.punctuation + "¡¿«»“”‘’…"


def normalise_keyword(text):
    """STOP, stop, « Stop ! » and Stöp all read STOP: accents, case, spaces and
    surrounding punctuation do not count."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(bare.strip().strip(PUNCTUATION).upper().split())


class ContactCentreConsentKeyword(models.Model):
    """A word that opts a customer out of (or back into) a channel when it is
    the whole of their message, with the confirmation we answer."""

    _name = "contact.centre.consent.keyword"
    _description = "Contact Centre Opt-out Keyword"
    _order = "action, sequence, keyword"

    keyword = fields.Char(required=True)
    normalised = fields.Char(compute="_compute_normalised", store=True, index=True)
    action = fields.Selection(
        [("opt_out", "Opt out"), ("opt_in", "Opt in")], required=True, default="opt_out"
    )
    channel = fields.Selection(CHANNELS, help="Leave empty for every channel.")
    lang = fields.Selection(
        "_lang_selection", "Language", help="The language of the keyword and its reply."
    )
    reply = fields.Text(
        "Confirmation",
        help="Sent back once the customer's choice is recorded. Leave empty to answer nothing.",
    )
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            "keyword_unique",
            "unique(normalised, channel)",
            "This keyword is already defined for this channel.",
        ),
    ]

    @api.model
    def _lang_selection(self):
        return self.env["res.lang"].get_installed()

    @api.depends("keyword")
    def _compute_normalised(self):
        for keyword in self:
            keyword.normalised = normalise_keyword(keyword.keyword)

    @api.constrains("normalised")
    def _check_normalised(self):
        if any(not keyword.normalised for keyword in self):
            raise UserError(self.env._("A keyword needs at least one letter or digit."))

    @api.model
    def _match(self, text, channel):
        """The keyword the whole text is, on this channel, if any."""
        normalised = normalise_keyword(text)
        if not normalised or len(normalised) > 30:
            return self.browse()
        return self.search(
            [("normalised", "=", normalised), ("channel", "in", (channel, False))],
            order="channel, sequence",
            limit=1,
        )
