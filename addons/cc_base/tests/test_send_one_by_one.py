from odoo.tests import tagged

from ..tools import ProviderError
from .common import ContactCentreCommon


@tagged("post_install", "-at_install")
class TestSendOneByOne(ContactCentreCommon):
    """Providers that take one message a request stop calling a provider
    that refused the whole account, and not one that refused one message."""

    def _outbound(self, count):
        return self.Message.concat(
            *(
                self._message(self.bob, "sms", "outbound", provider_id=self.sandbox_sms.id)
                for _index in range(count)
            )
        )

    def _send(self, messages, errors):
        """Send through a provider that answers each request with the next of
        errors (None: accepted); return the results and the requests made."""
        requests = []

        def send_one(message):
            error = errors[len(requests)]
            requests.append(message)
            if error:
                raise error
            return f"ext-{message.id}"

        return self.sandbox_sms._send_one_by_one(messages, send_one), requests

    def test_a_message_refused_does_not_stop_the_others(self):
        messages = self._outbound(3)
        results, requests = self._send(
            messages, [None, ProviderError("wrong_number", "No such number"), None]
        )
        self.assertEqual(len(requests), 3)
        self.assertEqual(
            [results[m.id].external_id for m in messages],
            [f"ext-{messages[0].id}", None, f"ext-{messages[2].id}"],
        )
        self.assertEqual(results[messages[1].id].error.failure_type, "wrong_number")

    def test_an_account_refused_stops_the_batch(self):
        for failure_type in ("authentication", "credit", "rate_limited", "provider_unavailable"):
            with self.subTest(failure_type=failure_type):
                messages = self._outbound(3)
                refusal = ProviderError(failure_type, "Refused")
                results, requests = self._send(messages, [None, refusal, None])
                self.assertEqual(requests, [messages[0], messages[1]])
                self.assertTrue(results[messages[0].id].ok)
                self.assertEqual([results[m.id].error for m in messages[1:]], [refusal, refusal])
