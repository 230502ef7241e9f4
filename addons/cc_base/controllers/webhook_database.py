"""The database of a webhook request, found without listing the databases
each time.

A webhook request has no session, so Odoo finds its database from the list
of databases the server may serve (odoo.http.db_list). With a dbfilter
(or neither dbfilter nor db_name) that list is read from PostgreSQL, on a
new connection to the postgres database, for every such request: it costs
more than the webhook itself. For the webhook routes only, each worker keeps
the list DATABASES_KEPT_SECONDS; the dbfilter is still applied to it for
each request's host. Every other request is left to Odoo.

This wraps odoo.http.db_list, the one function Odoo calls for it.
"""

import functools
import time

import psycopg2

from odoo import http
from odoo.service import db as service_db

from ..models.contact_centre_provider import WEBHOOK_ROUTE

DATABASES_KEPT_SECONDS = 10
# {"until": monotonic time, "databases": [...]}, per worker process.
_kept = {}
_odoo_db_list = getattr(http.db_list, "__wrapped__", http.db_list)


@functools.wraps(_odoo_db_list)
def db_list(force=False, host=None):
    if not (force and _is_webhook_request()):
        return _odoo_db_list(force, host)
    now = time.monotonic()
    if now >= _kept.get("until", 0):
        try:
            databases = service_db.list_dbs(force=True)
        except psycopg2.OperationalError:
            return []
        if not databases:  # PostgreSQL did not answer: asked again next time
            return []
        _kept.update(until=now + DATABASES_KEPT_SECONDS, databases=databases)
    return http.db_filter(_kept["databases"], host=host)


def _is_webhook_request():
    request = http.request
    return bool(request) and request.httprequest.path.startswith(f"{WEBHOOK_ROUTE}/")


http.db_list = db_list
