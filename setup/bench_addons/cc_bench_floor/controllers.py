from odoo import http
from odoo.http import request


class BenchFloor(http.Controller):
    @http.route(
        "/cc_bench/noop",
        type="http",
        auth="public",
        methods=["POST"],
        csrf=False,
        save_session=False,
    )
    def noop(self, **_params):
        """What Odoo does for a webhook before our code runs (a public user on
        the database, a read-write transaction, the body read), and nothing else."""
        request.httprequest.get_data()
        return request.make_response("OK")
