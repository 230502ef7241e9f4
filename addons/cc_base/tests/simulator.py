"""A base for provider simulators: a real HTTP server on 127.0.0.1 that a
provider addon's tests (and a person playing the customer against `make run`)
talk to exactly as they would to the provider.

A simulator subclasses ProviderSimulator, lists its routes and answers each
one with (status, payload[, headers]), or None to close the connection
without answering::

    class InfobipSimulator(ProviderSimulator):
        routes = [("POST", r"/sms/3/messages", "_send")]

        def _send(self, request):
            return 200, {"bulkId": "b1", "messages": [...]}

It records every request it receives (`requests`), and `deliver` posts the
webhooks it builds back to Odoo, retrying on anything but a 200 as providers
do. This module is not named test_*: Odoo never collects it as tests.
"""

import argparse
import json
import logging
import re
import sys
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import requests

_logger = logging.getLogger(__name__)


@dataclass
class SimulatedRequest:
    """One request the simulator received, as its handler sees it."""

    method: str
    path: str
    query: dict
    headers: dict
    body: bytes
    params: dict = field(default_factory=dict)

    def json(self):
        return json.loads(self.body or b"null")

    def form(self):
        return {key: values[-1] for key, values in parse_qs(self.body.decode()).items()}


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.server._dispatch(self)

    def do_POST(self):
        self.server._dispatch(self)

    def do_DELETE(self):
        self.server._dispatch(self)

    def log_message(self, *args):
        pass


class ProviderSimulator(ThreadingHTTPServer):
    """A provider's API on 127.0.0.1, answering the routes a subclass lists."""

    daemon_threads = True
    # (HTTP method, path regex with named groups, name of the answering method)
    routes = ()

    def __init__(self, host="127.0.0.1", port=0):
        super().__init__((host, port), _Handler)
        self.url = f"http://{host}:{self.server_port}"
        self.requests = []
        self._routes = [(verb, re.compile(rf"{path}\Z"), name) for verb, path, name in self.routes]

    @classmethod
    def start(cls, **kwargs):
        """A simulator serving in a background thread; stop() ends it."""
        simulator = cls(**kwargs)
        threading.Thread(target=simulator.serve_forever, daemon=True).start()
        return simulator

    def stop(self):
        self.shutdown()
        self.server_close()

    def requests_to(self, path):
        """The requests received on a path, oldest first."""
        return [request for request in self.requests if request.path == path]

    def _dispatch(self, handler):
        parts = urlsplit(handler.path)
        length = int(handler.headers.get("Content-Length") or 0)
        request = SimulatedRequest(
            method=handler.command,
            path=parts.path,
            query={key: values[-1] for key, values in parse_qs(parts.query).items()},
            headers=dict(handler.headers.items()),
            body=handler.rfile.read(length) if length else b"",
        )
        self.requests.append(request)
        for verb, pattern, name in self._routes:
            match = pattern.match(request.path)
            if verb == request.method and match:
                request.params = match.groupdict()
                answer = getattr(self, name)(request)
                break
        else:
            answer = (404, {"error": f"No route for {request.method} {request.path}"})
        if answer is None:
            # No answer at all: the connection closes, as when a provider
            # times out after taking the request.
            handler.close_connection = True
            return
        self._answer(handler, *answer)

    @staticmethod
    def _answer(handler, status, payload, headers=None):
        if isinstance(payload, bytes | str):
            body = payload.encode() if isinstance(payload, str) else payload
            content_type = "application/octet-stream"
        else:
            body = json.dumps(payload).encode()
            content_type = "application/json"
        handler.send_response(status)
        for name, value in {"Content-Type": content_type, **(headers or {})}.items():
            handler.send_header(name, value)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)

    def deliver(self, url, body, headers, attempts=3, backoff=0.5):
        """Post a webhook to Odoo as the provider does: again after anything
        but a 200, up to `attempts` times. Returns the last HTTP status."""
        status = None
        for attempt in range(attempts):
            if attempt:
                time.sleep(backoff * attempt)
            try:
                status = requests.post(url, data=body, headers=headers, timeout=10).status_code
            except requests.RequestException as error:
                _logger.info("Simulated webhook to %s failed: %s", url, error)
                status = None
            if status == 200:
                break
        return status

    # Running on its own

    @classmethod
    def add_arguments(cls, parser):
        """The standalone simulator's options beyond --host and --port."""

    @classmethod
    def from_arguments(cls, arguments, **options):
        """The simulator the command line asks for; `options` go to the
        constructor."""
        return cls(host=arguments.host, port=arguments.port, **options)

    def banner(self):
        """What the standalone simulator says it is, once listening."""
        return f"{type(self).__name__} listening on {self.url}"

    @classmethod
    def main(cls, description, port=0, **options):
        """Serve on its own, for a person playing the customer against
        `make run`; a simulator module's main() calls it, and the repository's
        launcher runs that: tests/simulate.py <addon>.tests.<module> --port N."""
        parser = argparse.ArgumentParser(description=description)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=port)
        cls.add_arguments(parser)
        simulator = cls.from_arguments(parser.parse_args(), **options)
        sys.stdout.write(f"{simulator.banner()}\n")
        sys.stdout.flush()
        try:
            simulator.serve_forever()
        except KeyboardInterrupt:
            simulator.server_close()
