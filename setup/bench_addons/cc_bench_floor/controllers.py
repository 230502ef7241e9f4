from odoo import http
from odoo.http import request


class BenchFloor(http.Controller):
    @http.route(
        "/cc_bench/noop",
        type="http",
        auth="none",
        readonly=False,
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def noop(self, **_params):
        """What Odoo does for a webhook before our code runs (the database, no
        user, as the webhook routes have none; a read-write transaction; the
        body read), and nothing else."""
        request.httprequest.get_data()
        return request.make_response("OK")
