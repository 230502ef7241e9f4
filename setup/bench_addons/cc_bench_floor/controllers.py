from odoo import http
from odoo.http import request
from odoo.tools import SQL

# As the webhook routes are: no user, read-write, no session.
FLOOR_ROUTE = {
    "type": "http",
    "auth": "none",
    "readonly": False,
    "methods": ["POST"],
    "csrf": False,
    "save_session": False,
}


class BenchFloor(http.Controller):
    @http.route("/cc_bench/noop", **FLOOR_ROUTE)
    def noop(self, **_params):
        """What Odoo does for a webhook before our code runs (the database, no
        user, as the webhook routes have none; a read-write transaction; the
        body read), and nothing else."""
        request.httprequest.get_data()
        return request.make_response("OK")

    @http.route("/cc_bench/insert", **FLOOR_ROUTE)
    def insert(self, **_params):
        """The least storing a webhook before answering it can cost: the
        no-op's work and its body written in one INSERT, committed. Nothing
        checked, nothing woken."""
        body = request.httprequest.get_data().decode()
        request.env.cr.execute(SQL("INSERT INTO cc_bench_floor_body (body) VALUES (%s)", body))
        return request.make_response("OK")
