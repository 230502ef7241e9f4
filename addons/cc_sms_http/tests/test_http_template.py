import json
from dataclasses import replace

from odoo.tests import BaseCase

from odoo.addons.cc_base.tools import WebhookRequest

from ..tools import CallbackMapping, RequestTemplate, TemplateError, dig, events_from_callback

VALUES = {
    "to": "+32470123456",
    "to_digits": "32470123456",
    "from": "ACME",
    "text": 'Say "hi" & {{ uuid }}\n\\ é',
    "uuid": "u-1",
    "callback_url": "https://odoo.example.com/cb?secret=s",
}


class TestRequestTemplate(BaseCase):
    """Templates are filled in without letting a value change the request's shape."""

    def test_json_values_are_escaped_inside_their_string(self):
        template = RequestTemplate(
            '{"msg": {"to": ["{{to}}"], "body": "{{ text }}", "ref": "id-{{ uuid }}", "n": 1}}',
            "json",
        )
        rendered = template.render(VALUES)
        self.assertEqual(
            rendered,
            {"msg": {"to": ["+32470123456"], "body": VALUES["text"], "ref": "id-u-1", "n": 1}},
        )
        # The text's own braces are not a placeholder once filled in.
        self.assertEqual(json.loads(json.dumps(rendered))["msg"]["body"], VALUES["text"])

    def test_pairs_keep_each_value_whole(self):
        template = RequestTemplate("to={{ to_digits }}&msg={{text}}\nsender={{ from }}", "pairs")
        self.assertEqual(
            template.render(VALUES),
            [("to", "32470123456"), ("msg", VALUES["text"]), ("sender", "ACME")],
        )

    def test_bad_templates_are_refused_in_words(self):
        with self.assertRaisesRegex(TemplateError, "not valid JSON"):
            RequestTemplate('{"to": {{ to }}}', "json")
        with self.assertRaisesRegex(TemplateError, r"Unknown placeholder\(s\) \{\{ phone \}\}"):
            RequestTemplate('{"to": "{{ phone }}"}', "json")
        with self.assertRaisesRegex(TemplateError, "not a key=value pair"):
            RequestTemplate("to={{ to }}&text", "pairs")

    def test_dig_follows_dotted_paths(self):
        answer = {"messages": [{"id": "m1"}], "status": {"code": 0}}
        self.assertEqual(dig(answer, "messages.0.id"), "m1")
        self.assertEqual(dig(answer, "status.code"), 0)
        self.assertIsNone(dig(answer, "messages.1.id"))
        self.assertIsNone(dig(answer, "messages.id"))
        with self.assertRaises(TemplateError):
            dig(answer, "messages..id")


class TestCallbacks(BaseCase):
    mapping = CallbackMapping(
        id_path="data.ref",
        status_path="data.state",
        sent_values="queued, sent",
        delivered_values="DELIVRD",
        failed_values="undeliv, rejected",
        error_path="data.reason",
        inbound_from_path="sender",
        inbound_text_path="message",
    )

    def _request(self, body, content_type="application/json", query=None):
        return WebhookRequest(
            "POST",
            "/cb",
            body=body,
            headers={"content-type": content_type},
            query={"secret": "s", **(query or {})},
        )

    def test_status_values_map_to_ours(self):
        body = json.dumps(
            [
                {"data": {"ref": "u1", "state": "delivrd"}},
                {"data": {"ref": "u2", "state": "UNDELIV", "reason": "absent"}},
                {"data": {"ref": "u3", "state": "Queued"}},
                {"data": {"ref": "u4", "state": "something new"}},
            ]
        ).encode()
        events = events_from_callback(self._request(body), self.mapping)
        self.assertEqual(
            [(e.uuid, e.status, e.failure_type, e.error_message) for e in events],
            [
                ("u1", "delivered", None, None),
                ("u2", "failed", "unknown", "UNDELIV: absent"),
                ("u3", "sent", None, None),
            ],
            "a status the mapping does not list is left alone",
        )

    def test_form_and_query_callbacks(self):
        mapping = replace(self.mapping, id_path="msgid", status_path="stat", id_is_uuid=False)
        events = events_from_callback(
            self._request(b"stat=DELIVRD", "application/x-www-form-urlencoded", {"msgid": "gw-1"}),
            mapping,
        )
        self.assertEqual(
            [(e.external_id, e.uuid, e.status) for e in events], [("gw-1", None, "delivered")]
        )

    def test_inbound_without_an_id_is_identified_by_its_content(self):
        body = b"sender=32470123456&message=Hello"
        request = self._request(body, "application/x-www-form-urlencoded")
        (event,) = events_from_callback(request, self.mapping)
        self.assertEqual((event.sender, event.body), ("+32470123456", "Hello"))
        (again,) = events_from_callback(request, self.mapping)
        self.assertEqual(event.external_id, again.external_id)
