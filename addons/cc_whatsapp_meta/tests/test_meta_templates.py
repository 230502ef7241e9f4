import base64
import json

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from odoo.addons.cc_base.tools import ProviderError

from .common import CUSTOMER_WA_ID, MetaCase


def meta_template(template_id, name, status="APPROVED", **extra):
    return {
        "id": template_id,
        "name": name,
        "language": "en_US",
        "status": status,
        "category": "UTILITY",
        "parameter_format": "POSITIONAL",
        "components": [
            {
                "type": "BODY",
                "text": f"{name}: hello {{{{1}}}}",
                "example": {"body_text": [["Ann"]]},
            }
        ],
        **extra,
    }


PNG = b"\x89PNG\r\n\x1a\n"
ORDER_UPDATE = meta_template(
    "5550001",
    "order_update",
    parameter_format="NAMED",
    quality_score={"score": "GREEN"},
    components=[
        {
            "type": "HEADER",
            "format": "TEXT",
            "text": "Order {{order_ref}}",
            "example": {
                "header_text_named_params": [{"param_name": "order_ref", "example": "S042"}]
            },
        },
        {
            "type": "BODY",
            "text": "Hi {{customer_name}}, your order ships {{day}}.",
            "example": {
                "body_text_named_params": [
                    {"param_name": "customer_name", "example": "Ann"},
                    {"param_name": "day", "example": "today"},
                ]
            },
        },
        {"type": "FOOTER", "text": "Reply STOP to opt out"},
        {
            "type": "BUTTONS",
            "buttons": [
                {"type": "QUICK_REPLY", "text": "Thanks"},
                {"type": "URL", "text": "Track", "url": "https://shop.example/track/{{1}}"},
            ],
        },
    ],
)


@tagged("post_install", "-at_install")
class TestMetaTemplates(MetaCase):
    def _sync(self, templates, page_size=100):
        self.simulator.templates = templates
        self.simulator.page_size_cap = page_size
        return self.account._sync()

    def _templates(self):
        return (
            self.env["contact.centre.template"]
            .with_context(active_test=False)
            .search([("meta_provider_id", "=", self.account.id)])
        )

    def test_sync_reads_every_page_and_every_field(self):
        rejected = meta_template("5550002", "promo", "REJECTED", rejected_reason="INVALID_FORMAT")
        others = [meta_template(str(5550100 + n), f"notice_{n}") for n in range(3)]
        answer = self._sync([ORDER_UPDATE, rejected, *others], page_size=2)
        self.assertIn("5 templates: 5 new", answer)
        path = f"/v23.0/{self.simulator.waba_id}/message_templates"
        self.assertEqual(len(self.simulator.requests_to(path)), 3, "three pages of two")
        template = self._templates().filtered(lambda t: t.meta_template_id == "5550001")
        self.assertEqual(
            (
                template.meta_name,
                template.meta_language,
                template.meta_category,
                template.meta_status,
            ),
            ("order_update", "en_US", "UTILITY", "APPROVED"),
        )
        self.assertEqual(
            (template.meta_quality, template.meta_parameter_format), ("GREEN", "NAMED")
        )
        self.assertEqual(template.meta_header_text, "Order {{order_ref}}")
        self.assertEqual(template.meta_footer, "Reply STOP to opt out")
        self.assertEqual(template.meta_button_ids.mapped("button_type"), ["QUICK_REPLY", "URL"])
        self.assertEqual(template.meta_components, ORDER_UPDATE["components"])
        samples = {(v.component, v.name): v.sample for v in template.meta_variable_ids}
        self.assertEqual(
            samples,
            {
                ("header", "order_ref"): "S042",
                ("body", "customer_name"): "Ann",
                ("body", "day"): "today",
            },
        )
        self.assertIn("Hi Ann, your order ships today.", template.preview_html)
        self.assertIn("Track", template.preview_html)
        rejected = self._templates().filtered(lambda t: t.meta_template_id == "5550002")
        self.assertEqual(
            (rejected.meta_status, rejected.meta_rejected_reason), ("REJECTED", "INVALID_FORMAT")
        )

    def test_sync_again_updates_and_archives(self):
        self._sync([ORDER_UPDATE, meta_template("5550002", "promo")])
        answer = self._sync([{**ORDER_UPDATE, "status": "PAUSED"}])
        self.assertIn("1 updated, 1 archived", answer)
        self.assertEqual(self._templates().filtered("active").meta_status, "PAUSED")

    def test_daily_cron_synchronises(self):
        self.simulator.templates = [ORDER_UPDATE]
        # Only this test's account talks to a simulator that runs.
        self.env["contact.centre.provider"].search(
            [("code", "=", "meta"), ("id", "!=", self.account.id)]
        ).state = "disabled"
        self.env.ref("cc_whatsapp_meta.ir_cron_meta_sync_templates").method_direct_trigger()
        self.assertEqual(self._templates().meta_name, "order_update")

    def test_template_webhooks_update_status_quality_and_category(self):
        self._sync([ORDER_UPDATE])
        template = self._templates()
        for field, value in (
            ("message_template_status_update", {"event": "PAUSED", "reason": None}),
            ("message_template_quality_update", {"new_quality_score": "YELLOW"}),
            ("template_category_update", {"new_category": "MARKETING"}),
        ):
            self.simulator.outbox.append(
                self.simulator.envelope(
                    field,
                    {
                        "message_template_id": 5550001,
                        "message_template_name": "order_update",
                        "message_template_language": "en_US",
                        **value,
                    },
                )
            )
        self.assertEqual(self.simulator.deliver_outbox(), [200, 200, 200])
        self._process_events()
        self.assertEqual(
            (template.meta_status, template.meta_quality, template.meta_category),
            ("PAUSED", "YELLOW", "MARKETING"),
        )

    def test_status_webhook_of_an_unknown_template_fetches_it(self):
        self.simulator.templates = [meta_template("5550009", "fresh")]
        self.simulator.outbox.append(
            self.simulator.envelope(
                "message_template_status_update",
                {"event": "APPROVED", "message_template_id": 5550009, "reason": "NONE"},
            )
        )
        self.simulator.deliver_outbox()
        self._process_events()
        self.assertEqual(
            (self._templates().meta_name, self._templates().meta_status), ("fresh", "APPROVED")
        )

    def test_status_webhook_of_a_template_meta_does_not_have_fails_at_once(self):
        """Not retried an hour long: the event fails with the reason."""
        self.simulator.outbox.append(
            self.simulator.envelope(
                "message_template_status_update",
                {"event": "APPROVED", "message_template_id": 5550404, "reason": "NONE"},
            )
        )
        self.simulator.deliver_outbox()
        event = self.Event.search([("state", "=", "pending")])
        event._process()
        self.assertEqual((event.state, event.attempt_count), ("failed", 1))
        self.assertIn("Meta has no template 5550404", event.error)
        self.assertFalse(self._templates())

    def test_template_update_with_an_id_that_is_not_metas_fails_unfetched(self):
        self.simulator.outbox.append(
            self.simulator.envelope(
                "message_template_status_update",
                {"event": "APPROVED", "message_template_id": -4.3e16, "reason": "NONE"},
            )
        )
        self.simulator.deliver_outbox()
        asked = len(self.simulator.requests)
        event = self.Event.search([("state", "=", "pending")])
        event._process()
        self.assertEqual(event.state, "failed")
        self.assertIn("is not a Meta id", event.error)
        self.assertEqual(len(self.simulator.requests), asked, "Meta is not asked")

    def test_approved_template_goes_with_the_contact_values(self):
        self._sync([ORDER_UPDATE])
        template = self._templates()
        variables = {v.name: v for v in template.meta_variable_ids}
        variables["customer_name"].partner_field = "name"
        variables["day"].value = "tomorrow"
        self.assertIn("{{ object.name }}", template.body)
        message = self._send(
            body_text="rendered",
            message_type="template",
            template_id=template.id,
            meta_content={
                "header:order_ref": "S777",
                f"button:{template.meta_button_ids[1].id}": "S777",
            },
        )
        self.assertEqual(message.status, "sent", message.error_message)
        payload = self.simulator.sent_payloads()[-1]
        self.assertEqual(payload["to"], CUSTOMER_WA_ID)
        self.assertEqual(
            payload["template"],
            {
                "name": "order_update",
                "language": {"code": "en_US"},
                "components": [
                    {
                        "type": "header",
                        "parameters": [
                            {"type": "text", "text": "S777", "parameter_name": "order_ref"}
                        ],
                    },
                    {
                        "type": "body",
                        "parameters": [
                            {
                                "type": "text",
                                "text": "Meta Customer",
                                "parameter_name": "customer_name",
                            },
                            {"type": "text", "text": "tomorrow", "parameter_name": "day"},
                        ],
                    },
                    {
                        "type": "button",
                        "sub_type": "url",
                        "index": "1",
                        "parameters": [{"type": "text", "text": "S777"}],
                    },
                ],
            },
        )

    def test_template_not_approved_is_refused_at_the_gate_and_says_why(self):
        """The customer never wrote: the window is closed, only an approved
        template may go out; the others fail before reaching Meta."""
        self._sync(
            [
                meta_template("5550003", "held", "PAUSED"),
                meta_template("5550004", "waiting", "PENDING"),
                meta_template("5550005", "ready"),
            ]
        )
        templates = {template.meta_name: template for template in self._templates()}
        for name, status in (("held", "Paused"), ("waiting", "Pending Review")):
            with self.assertRaisesRegex(
                UserError, f"template {name} cannot be sent: its status at Meta is {status}"
            ):
                self._send(message_type="template", template_id=templates[name].id)
            message = self._send(
                raise_if_refused=False, message_type="template", template_id=templates[name].id
            )
            self.assertEqual((message.status, message.failure_type), ("failed", "template_missing"))
            self.assertIn(f"status at Meta is {status}", message.error_message)
            composer = self.env["contact.centre.composer"].create(
                {
                    "partner_ids": [Command.set(self.customer.ids)],
                    "channel": "whatsapp",
                    "provider_id": self.account.id,
                    "template_id": templates[name].id,
                }
            )
            composer.action_send()
            self.assertEqual(composer.line_ids.result, "refused")
            self.assertIn(f"status at Meta is {status}", composer.line_ids.reason)
        self.assertFalse(self.simulator.sent)
        message = self._send(message_type="template", template_id=templates["ready"].id)
        self.assertEqual(message.status, "sent", message.error_message)
        self.assertEqual(self.simulator.sent_payloads()[-1]["template"]["name"], "ready")

    def test_template_paused_after_queuing_is_not_sent(self):
        self._sync([meta_template("5550003", "held")])
        message = self.Message._queue_outbound(
            [
                {
                    "contact_id": self.customer.id,
                    "channel": "whatsapp",
                    "provider_id": self.account.id,
                    "body_text": "held: hello",
                    "template_id": self._templates().id,
                    "message_type": "template",
                }
            ]
        )
        self.simulator.outbox.append(
            self.simulator.envelope(
                "message_template_status_update",
                {"event": "PAUSED", "message_template_id": 5550003, "reason": None},
            )
        )
        self.simulator.deliver_outbox()
        self._process_events()
        self.Message._cron_send_queued()
        self.assertEqual((message.status, message.failure_type), ("failed", "template_missing"))
        self.assertIn("Paused", message.error_message)
        self.assertFalse(self.simulator.sent)

    def test_template_written_in_odoo_is_submitted(self):
        template = self.env["contact.centre.template"].create(
            {
                "name": "Appointment reminder",
                "channel": "whatsapp",
                "body": "x",
                "meta_provider_id": self.account.id,
                "meta_name": "appointment_reminder",
                "meta_language": "fr",
                "meta_body": "Bonjour {{1}}, à demain {{2}}.",
                "meta_footer": "Acme",
            }
        )
        self.assertEqual(template.meta_variable_ids.mapped("name"), ["1", "2"])
        template.meta_variable_ids[0].write({"partner_field": "name", "sample": "Ann"})
        template.meta_variable_ids[1].sample = "10:00"
        self.assertEqual(template.body, "Bonjour {{ object.name }}, à demain 10:00.")
        self.assertIn("Bonjour Ann, à demain 10:00.", template.preview_html)
        template.action_meta_submit()
        self.assertEqual(template.meta_status, "PENDING")
        self.assertTrue(template.meta_template_id)
        created = self.simulator.created_templates[-1]
        self.assertEqual(
            created,
            {
                "name": "appointment_reminder",
                "language": "fr",
                "category": "UTILITY",
                "parameter_format": "POSITIONAL",
                "components": [
                    {
                        "type": "BODY",
                        "text": "Bonjour {{1}}, à demain {{2}}.",
                        "example": {"body_text": [["Ann", "10:00"]]},
                    },
                    {"type": "FOOTER", "text": "Acme"},
                ],
            },
        )
        json.dumps(created)

    def _media_header_template(self, header_format="IMAGE", sample=None, filename=None):
        return self.env["contact.centre.template"].create(
            {
                "name": "New collection",
                "channel": "whatsapp",
                "meta_provider_id": self.account.id,
                "meta_name": "new_collection",
                "meta_category": "MARKETING",
                "meta_header_format": header_format,
                "meta_header_sample": sample and base64.b64encode(sample),
                "meta_header_sample_name": filename,
                "meta_body": "Our new collection is in the shops.",
            }
        )

    def test_media_header_sample_is_uploaded_then_the_template_created(self):
        picture = PNG + b"\x00" * 64
        template = self._media_header_template(sample=picture, filename="collection.png")
        template.action_meta_submit()
        self.assertEqual(template.meta_status, "PENDING")
        (handle,) = self.simulator.uploads
        self.assertEqual(self.simulator.uploads[handle], ("collection.png", "image/png", picture))
        start = self.simulator.requests_to(f"/v23.0/{self.simulator.app_id}/uploads")[0]
        self.assertEqual(
            (start.query["file_length"], start.query["file_type"]),
            (str(len(picture)), "image/png"),
        )
        self.assertEqual(
            self.simulator.created_templates[-1]["components"][0],
            {"type": "HEADER", "format": "IMAGE", "example": {"header_handle": [handle]}},
        )

    def test_media_header_without_sample_or_app_id_says_what_is_missing(self):
        template = self._media_header_template("DOCUMENT")
        with self.assertRaisesRegex(UserError, "Attach a sample"):
            template.action_meta_submit()
        template.write(
            {"meta_header_sample": base64.b64encode(PNG), "meta_header_sample_name": "a.png"}
        )
        with self.assertRaisesRegex(UserError, "a document header takes application/pdf"):
            template.action_meta_submit()
        template.write(
            {
                "meta_header_sample": base64.b64encode(b"%PDF-1.4 menu"),
                "meta_header_sample_name": "menu.pdf",
            }
        )
        self.account.meta_app_id = False
        with self.assertRaisesRegex(UserError, "App ID"):
            template.action_meta_submit()
        self.assertFalse(self.simulator.requests, "nothing reached Meta")
        self.assertEqual(template.meta_status, "draft")

    def test_simulator_refuses_a_media_header_without_an_uploaded_handle(self):
        definition = self._media_header_template()._meta_definition(header_handle="4::forged")
        try:
            self.account._meta_call(
                "POST", f"{self.account.meta_waba_id}/message_templates", json=definition
            )
        except ProviderError as error:
            self.assertIn("header_handle", str(error))
        else:
            self.fail("Meta refuses a handle it never gave")
        self.assertFalse(self.simulator.created_templates)

    def test_agent_types_a_value_in_the_composer(self):
        self._sync([ORDER_UPDATE])
        template = self._templates()
        template.meta_variable_ids.filtered(
            lambda v: v.name == "customer_name"
        ).partner_field = "name"
        self._customer_writes("Hello")
        composer = self.env["contact.centre.composer"].create(
            {
                "partner_ids": [(6, 0, self.customer.ids)],
                "channel": "whatsapp",
                "provider_id": self.account.id,
                "template_id": template.id,
            }
        )
        self.assertEqual(
            composer.meta_value_ids.mapped("name"), ["order_ref", "customer_name", "day"]
        )
        typed = {"order_ref": "S900", "day": "on Monday"}
        for line in composer.meta_value_ids:
            line.value = typed.get(line.name)
        composer.action_send()
        self.env.cr.flush()
        parameters = [
            parameter["text"]
            for component in self.simulator.sent_payloads()[-1]["template"]["components"]
            for parameter in component["parameters"]
        ]
        self.assertEqual(parameters[:3], ["S900", "Meta Customer", "on Monday"])
        message = self.Message.search([("template_id", "=", template.id)])
        shown = "Hi Meta Customer, your order ships on Monday."
        self.assertEqual(message.body_text, shown, "the agent sees what the customer got")
        self.assertIn(shown, str(message.mail_message_id.body))
