from odoo import api, fields, models

FLOW_STATUSES = [
    ("DRAFT", "Draft"),
    ("PUBLISHED", "Published"),
    ("DEPRECATED", "Deprecated"),
    ("BLOCKED", "Blocked"),
    ("THROTTLED", "Throttled"),
]


class ContactCentreMetaFlow(models.Model):
    """A WhatsApp Flow of an account's WABA: a form the customer fills in
    inside WhatsApp, sent as an interactive message or a template button."""

    _name = "contact.centre.meta.flow"
    _description = "WhatsApp Flow"
    _order = "name, id"

    name = fields.Char(required=True)
    provider_id = fields.Many2one(
        "contact.centre.provider",
        "WhatsApp Account",
        required=True,
        index=True,
        ondelete="cascade",
        domain=[("code", "=", "meta")],
    )
    flow_id = fields.Char("Meta Flow ID", required=True, index=True)
    status = fields.Selection(FLOW_STATUSES, default="DRAFT")
    categories = fields.Char(help="Meta's categories of the flow: SIGN_UP, SURVEY, …")
    validation_errors = fields.Text(readonly=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("flow_unique", "unique(provider_id, flow_id)", "This flow is already in Odoo."),
    ]

    @api.model
    def _meta_upsert(self, account, flows_data):
        """Create or update the account's flows from Meta's list; flows Meta
        no longer lists are archived. Returns the flows."""
        existing = {
            flow.flow_id: flow
            for flow in self.with_context(active_test=False).search(
                [("provider_id", "=", account.id)]
            )
        }
        kept = self.browse()
        for data in flows_data:
            values = {
                "name": data.get("name") or data["id"],
                "provider_id": account.id,
                "flow_id": str(data["id"]),
                "status": data.get("status")
                if data.get("status") in dict(FLOW_STATUSES)
                else "DRAFT",
                "categories": ", ".join(data.get("categories") or []),
                "validation_errors": "\n".join(
                    error.get("message", str(error))
                    for error in data.get("validation_errors") or []
                )
                or False,
                "active": True,
            }
            flow = existing.get(values["flow_id"])
            if flow:
                flow.write(values)
            else:
                flow = self.create(values)
            kept |= flow
        (self.browse([flow.id for flow in existing.values()]) - kept).write({"active": False})
        return kept

    def _meta_interactive(self, body, call_to_action, flow_token, screen=None):
        """The interactive object that opens this flow for the customer."""
        self.ensure_one()
        parameters = {
            "flow_message_version": "3",
            "flow_token": flow_token,
            "flow_id": self.flow_id,
            "flow_cta": call_to_action,
            "flow_action": "navigate" if screen else "data_exchange",
        }
        if screen:
            parameters["flow_action_payload"] = {"screen": screen}
        return {
            "type": "flow",
            "body": {"text": body},
            "action": {"name": "flow", "parameters": parameters},
        }

    def action_send_to(self, contact, body, call_to_action, screen=None):
        """Queue this flow to a contact, as an interactive message."""
        self.ensure_one()
        message = self.env["contact.centre.message"]
        return message._queue_outbound(
            [
                {
                    "contact_id": contact.id,
                    "channel": "whatsapp",
                    "provider_id": self.provider_id.id,
                    "message_type": "interactive",
                    "body_text": body,
                    "meta_content": self._meta_interactive(
                        body, call_to_action, f"flow-{self.flow_id}-{contact.id}", screen
                    ),
                }
            ]
        )
