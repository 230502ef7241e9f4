"""A local stand-in for Odoo's SMS service (IAP), for the bench: Odoo's `sms`
addon, with the `sms.endpoint` system parameter set to this server's
address, sends its batches here as it would to https://sms.api.odoo.com.

It answers the JSON-RPC call of `sms/tools/sms_api.py` `_send_sms_batch`,
POST /api/sms/3/send with {"messages": [{"content", "numbers": [{"uuid",
"number"}]}], ...}, with one {"uuid", "state": "success", "credit": 1} per
number, and counts the SMS it accepted (GET /count)::

    .venv/bin/python setup/iap_sms_endpoint.py --port 8231
"""

import argparse
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SEND_PATH = "/api/sms/3/send"


def send_results(params):
    """IAP's answer to a send: every number of every message succeeded."""
    return [
        {"uuid": number["uuid"], "state": "success", "credit": 1}
        for message in params.get("messages") or []
        for number in message.get("numbers") or []
    ]


class IapSmsEndpoint(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self, host="127.0.0.1", port=0):
        super().__init__((host, port), _Handler)
        self.url = f"http://{host}:{self.server_port}"
        self.accepted = 0
        self._lock = threading.Lock()

    def count(self, results):
        with self._lock:
            self.accepted += len(results)


class _Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        if self.path != SEND_PATH:
            self._answer(404, {"error": f"no route {self.path}"})
            return
        request = json.loads(self.rfile.read(int(self.headers.get("Content-Length") or 0)))
        results = send_results(request.get("params") or {})
        self.server.count(results)
        self._answer(200, {"jsonrpc": "2.0", "id": request.get("id"), "result": results})

    def do_GET(self):
        self._answer(200, {"accepted": self.server.accepted})

    def _answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    arguments = parser.parse_args()
    server = IapSmsEndpoint(arguments.host, arguments.port)
    sys.stdout.write(f"Odoo SMS (IAP) endpoint listening on {server.url}\n")
    sys.stdout.flush()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        server.server_close()


if __name__ == "__main__":
    main()
