import json
import logging
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer, ThreadingHTTPServer
from unittest.mock import patch

from odoo.tests import BaseCase, tagged

from ..tools import ProviderError, provider_http, send_request, send_requests

TOKEN = "EAAG-very-secret-token"
# /together answers only once two requests are waiting for it at once.
TOGETHER = threading.Barrier(2, timeout=5)


class FakeApi(BaseHTTPRequestHandler):
    """Answers by path: /ok, /throttled, /denied, /broken, /together."""

    def do_GET(self):
        if self.path == "/together":
            try:
                TOGETHER.wait()
            except threading.BrokenBarrierError:
                self.path = "/broken"
        status, body, headers = {
            "/ok": (200, {"id": "1"}, {}),
            "/throttled": (429, {"error": "too fast"}, {"Retry-After": "7"}),
            "/denied": (401, {"error": f"token {TOKEN} expired"}, {}),
            "/broken": (503, {"error": "maintenance"}, {}),
        }.get(self.path.split("?")[0], (200, {}, {}))
        payload = json.dumps(body).encode()
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def do_POST(self):
        if self.path == "/drop":
            # The request arrived, the answer never leaves.
            self.close_connection = True
            self.connection.shutdown(2)
            return
        self.do_GET()

    def log_message(self, *args):
        pass


@tagged("post_install", "-at_install")
class TestProviderHttp(BaseCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.server = ThreadingHTTPServer(("127.0.0.1", 0), FakeApi)
        threading.Thread(target=cls.server.serve_forever, daemon=True).start()
        cls.url = f"http://127.0.0.1:{cls.server.server_port}"

    @classmethod
    def tearDownClass(cls):
        cls.server.shutdown()
        cls.server.server_close()
        super().tearDownClass()

    def _refusal(self, *args, **kwargs):
        """The ProviderError the request raises (Odoo's assertRaises opens a
        savepoint, which this database-free case has not)."""
        try:
            send_request(*args, **kwargs)
        except ProviderError as error:
            return error
        self.fail("The request did not fail")

    def test_several_requests_wait_for_the_provider_together(self):
        """A campaign's batches are under way at once, each answered in its
        place: a response, or the error it met."""
        TOGETHER.reset()
        answers = send_requests(
            [
                {"method": "GET", "url": f"{self.url}/together"},
                {"method": "GET", "url": f"{self.url}/throttled"},
                {"method": "GET", "url": f"{self.url}/together"},
            ]
        )
        self.assertEqual([answer.status_code for answer in answers[::2]], [200, 200])
        self.assertEqual(answers[1].failure_type, "rate_limited")

    def test_answer(self):
        response = send_request("GET", f"{self.url}/ok")
        self.assertEqual(response.json(), {"id": "1"})

    def test_error_answers_are_typed(self):
        with self.assertRaises(ProviderError) as throttled:
            send_request("GET", f"{self.url}/throttled")
        self.assertEqual(throttled.exception.failure_type, "rate_limited")
        self.assertEqual(throttled.exception.retry_after, 7)
        with self.assertRaises(ProviderError) as broken:
            send_request("GET", f"{self.url}/broken")
        self.assertEqual(broken.exception.failure_type, "provider_unavailable")
        self.assertTrue(broken.exception.recoverable)

    def test_unreachable_provider_is_retried_then_unavailable(self):
        with (
            patch.object(provider_http, "RETRY_DELAY", 0),
            self.assertLogs(provider_http.__name__, logging.WARNING) as logs,
            self.assertRaises(ProviderError) as error,
        ):
            send_request("GET", unused_port_url(), retries=2)
        self.assertEqual(error.exception.failure_type, "provider_unavailable")
        self.assertEqual(len(logs.records), 3, "one try and two retries")

    def test_unreachable_post_is_retried_but_an_unanswered_one_is_not(self):
        with (
            patch.object(provider_http, "RETRY_DELAY", 0),
            self.assertLogs(provider_http.__name__, logging.WARNING) as logs,
        ):
            unreachable = self._refusal("POST", unused_port_url(), retries=1)
            unanswered = self._refusal("POST", f"{self.url}/drop", retries=2)
        self.assertEqual(unreachable.failure_type, "provider_unavailable")
        self.assertEqual(unanswered.failure_type, "unknown")
        self.assertFalse(unanswered.recoverable)
        self.assertEqual(len(logs.records), 3, "two tries to connect, one unanswered post")

    def test_secrets_never_reach_logs_or_errors(self):
        with self.assertLogs(provider_http.__name__, logging.INFO) as logs:
            send_request("GET", f"{self.url}/ok?access_token={TOKEN}", secrets=[TOKEN])
            error = self._refusal("GET", f"{self.url}/denied?access_token={TOKEN}", secrets=[TOKEN])
        self.assertEqual(error.failure_type, "authentication")
        self.assertNotIn(TOKEN, str(error))
        self.assertIn("expired", str(error))
        for line in logs.output:
            self.assertNotIn(TOKEN, line)
        self.assertTrue(any("access_token=********" in line for line in logs.output))


def unused_port_url():
    server = HTTPServer(("127.0.0.1", 0), FakeApi)
    port = server.server_port
    server.server_close()
    return f"http://127.0.0.1:{port}/ok"
