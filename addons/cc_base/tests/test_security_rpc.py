import json
from urllib.parse import urlencode

from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import mute_logger

from ..models.contact_centre_provider_sandbox import SIGNATURE_HEADER, sandbox_signature
from .common import GROUP_ADMIN, GROUP_AGENT, GROUP_MANAGER
from .fault import fault_report

OTHER_AGENT_TEXT = "Only for the other agent 7f3a"
OTHER_COMPANY_TEXT = "Only for the other company 9c2e"
ADMIN_GROUP = "cc_base.group_contact_centre_admin"
# Odoo logs what it refuses; the test expects those refusals.
REFUSALS_LOGGED = ("odoo.http", "odoo.addons.web.controllers.export")


@tagged("post_install", "-at_install", "cc_fault")
class TestSecurityRpc(HttpCase):
    """An agent, logged in over HTTP, tries every RPC route that reads data
    on what is not theirs: provider secrets, another agent's conversation,
    another company's messages. Each probe is also made by someone entitled
    to the data, so that a probe that cannot reach it cannot pass."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls.env["res.company"].create({"name": "Probe Other Company"})
        Provider = cls.env["contact.centre.provider"]
        cls.account = Provider.create(
            {"name": "Probe Account", "code": "sandbox", "channel": "sms", "state": "enabled"}
        )
        cls.foreign_account = Provider.create(
            {
                "name": "Probe Foreign Account",
                "code": "sandbox",
                "channel": "sms",
                "state": "enabled",
                "company_id": cls.other_company.id,
            }
        )

        def user(login, group, company=None):
            company = company or cls.env.company
            return new_test_user(
                cls.env,
                login=login,
                # Allowed to export, so that only our rules stand in the way.
                groups=f"base.group_user,base.group_allow_export,{group}",
                company_id=company.id,
                company_ids=[(6, 0, company.ids)],
            )

        cls.agent = user("probe_agent", GROUP_AGENT)
        cls.other_agent = user("probe_other_agent", GROUP_AGENT)
        cls.cc_admin = user("probe_cc_admin", GROUP_ADMIN)
        cls.foreign_manager = user("probe_foreign_manager", GROUP_MANAGER, cls.other_company)

    def _inbound(self, account, external_id, text, name):
        """The customer writes through the account's signed webhook; applied."""
        body = json.dumps(
            {
                "events": [
                    {
                        "type": "message",
                        "id": external_id,
                        "from": "+32470555" + external_id[-3:],
                        "text": text,
                        "name": name,
                        "timestamp": 1767225600,
                    }
                ]
            }
        ).encode()
        response = self.url_open(
            f"/contact_centre/webhook/sandbox/{account.webhook_key}",
            data=body,
            headers={SIGNATURE_HEADER: sandbox_signature(account.webhook_secret, body)},
        )
        self.assertEqual(response.status_code, 200)
        self.env["contact.centre.webhook.event"]._cron_process()
        return self.env["contact.centre.message"].search(
            [("external_message_id", "=", external_id)]
        )

    def _call(self, model, method, args, kwargs=None):
        response = self.url_open(
            "/web/dataset/call_kw",
            data=json.dumps(
                {
                    "jsonrpc": "2.0",
                    "method": "call",
                    "id": 1,
                    "params": {
                        "model": model,
                        "method": method,
                        "args": args,
                        "kwargs": kwargs or {},
                    },
                }
            ),
            headers={"Content-Type": "application/json"},
        )
        return response.text

    def _export_csv(self, model, ids, fields):
        data = {
            "model": model,
            "fields": [{"name": name, "label": name} for name in fields],
            "ids": ids,
            "domain": [],
            "import_compat": False,
        }
        return self.url_open("/web/export/csv?" + urlencode({"data": json.dumps(data)})).text

    def _probes(self, model, ids, fields, groupby):
        """{route: answer} of every RPC route that reads model's fields of ids."""
        domain = [("id", "in", ids)]
        specification = {name: {} for name in fields}
        return {
            "read": self._call(model, "read", [ids, fields]),
            "search_read": self._call(model, "search_read", [domain, fields]),
            "web_read": self._call(model, "web_read", [ids], {"specification": specification}),
            "web_search_read": self._call(
                model, "web_search_read", [domain], {"specification": specification}
            ),
            "export_data": self._call(model, "export_data", [ids, fields]),
            "read_group": self._call(model, "read_group", [domain, [groupby], [groupby]]),
            "web_read_group": self._call(
                model, "web_read_group", [domain, [groupby], [groupby]], {"lazy": False}
            ),
            "/web/export/csv": self._export_csv(model, ids, fields),
        }

    def _leaks(self, login, secrets, *probe):
        """The routes whose answer to login shows one of the secrets."""
        self.authenticate(login, login)
        with mute_logger(*REFUSALS_LOGGED):
            answers = self._probes(*probe)
        return sorted(route for route, text in answers.items() if any(s in text for s in secrets))

    def test_agent_reads_no_provider_secret(self):
        secret_fields = sorted(
            name
            for name, field in self.env["contact.centre.provider"]._fields.items()
            if field.groups and ADMIN_GROUP in field.groups
        )
        secrets = [self.account.webhook_secret, self.account.webhook_key]
        probe = ("contact.centre.provider", self.account.ids, secret_fields, "webhook_key")
        every_route = sorted(self._probes(*probe))
        self.assertEqual(self._leaks(self.cc_admin.login, secrets, *probe), every_route)
        leaks = self._leaks(self.agent.login, secrets, *probe)
        with mute_logger(*REFUSALS_LOGGED):
            found = self._call(
                "contact.centre.provider",
                "search_read",
                [[("webhook_secret", "=", self.account.webhook_secret)], ["name"]],
            )
        self.assertNotIn("Probe Account", found, "no searching by a secret either")
        fault_report(
            "security: provider secrets over RPC",
            routes=len(every_route),
            fields=len(secret_fields),
            leaked=len(leaks),
        )
        self.assertEqual(leaks, [])

    def test_agent_reads_no_other_conversation_nor_other_company(self):
        theirs = self._inbound(self.account, "in-oa-001", OTHER_AGENT_TEXT, "Hidden Customer Oa")
        theirs.conversation_id._cc_assign(self.other_agent)
        foreign = self._inbound(
            self.foreign_account, "in-oc-002", OTHER_COMPANY_TEXT, "Hidden Customer Oc"
        )
        cases = {
            "another agent's conversation": (theirs, self.other_agent, OTHER_AGENT_TEXT),
            "another company's messages": (foreign, self.foreign_manager, OTHER_COMPANY_TEXT),
        }
        figures = {}
        for case, (message, entitled, text) in cases.items():
            probes = {
                "contact.centre.message": (message.ids, ["body_text", "contact_id"], "contact_id"),
                "discuss.channel": (message.conversation_id.ids, ["name"], "cc_contact_id"),
                "mail.message": (message.mail_message_id.ids, ["body"], "author_id"),
            }
            name = message.contact_id.name
            for model, (ids, fields, groupby) in probes.items():
                with self.subTest(case=case, model=model):
                    probe = (model, ids, fields, groupby)
                    control = self._leaks(entitled.login, [text, name], *probe)
                    self.assertIn("read", control, "the entitled user reads it")
                    leaks = self._leaks(self.agent.login, [text, name], *probe)
                    figures[f"{case} {model}"] = leaks
                    self.assertEqual(leaks, [])
        self.authenticate(self.agent.login, self.agent.login)
        with mute_logger(*REFUSALS_LOGGED):
            events = self._call(
                "contact.centre.webhook.event", "search_read", [[], ["body", "headers"]]
            )
        self.assertNotIn(OTHER_AGENT_TEXT, events, "nor the raw webhooks")
        fault_report(
            "security: conversations and companies over RPC",
            probes=len(figures) * 8,
            leaked=sum(len(leaks) for leaks in figures.values()),
        )
