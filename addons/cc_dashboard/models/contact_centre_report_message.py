from odoo import fields, models
from odoo.tools import SQL

from odoo.addons.cc_base.const import CHANNELS, DIRECTIONS, FAILURE_TYPES, STATUSES


class ContactCentreReportMessage(models.Model):
    """Message volume: one row per message, for pivot and graph views that
    supervisors group by channel, direction, status, agent, account and date."""

    _name = "contact.centre.report.message"
    _description = "Contact Centre Message Volume"
    _auto = False
    _order = "date desc"
    _depends = {
        "contact.centre.message": [
            "message_timestamp",
            "channel",
            "direction",
            "status",
            "failure_type",
            "provider_id",
            "assigned_agent_id",
            "contact_id",
            "conversation_id",
            "company_id",
        ],
    }

    date = fields.Datetime(readonly=True)
    channel = fields.Selection(CHANNELS, readonly=True)
    direction = fields.Selection(DIRECTIONS, readonly=True)
    status = fields.Selection(STATUSES, readonly=True)
    failure_type = fields.Selection(FAILURE_TYPES, "Failure", readonly=True)
    provider_id = fields.Many2one("contact.centre.provider", "Provider Account", readonly=True)
    agent_id = fields.Many2one("res.users", readonly=True)
    contact_id = fields.Many2one("res.partner", readonly=True)
    conversation_id = fields.Many2one("discuss.channel", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)

    def _columns(self):
        """{column: SQL expression over the message `m`}; bridge addons add theirs."""
        return {
            "date": "m.message_timestamp",
            "channel": "m.channel",
            "direction": "m.direction",
            "status": "m.status",
            "failure_type": "m.failure_type",
            "provider_id": "m.provider_id",
            "agent_id": "m.assigned_agent_id",
            "contact_id": "m.contact_id",
            "conversation_id": "m.conversation_id",
            "company_id": "m.company_id",
        }

    @property
    def _table_query(self):
        columns = ", ".join(f"{expr} AS {name}" for name, expr in self._columns().items())
        return SQL("SELECT m.id AS id, %s FROM contact_centre_message m", SQL(columns))
