from odoo.tools import SQL

from . import models
from .models.contact_centre_message import MESSAGE_INDEXES
from .models.message_count_tables import COUNT_TABLES

# Our indexes on cc_base's tables, which stay when the dashboard goes.
INDEXES = (
    *MESSAGE_INDEXES,
    "discuss_channel_cc_dashboard_resolved_index",
    "discuss_channel_cc_dashboard_conversation_index",
)


def post_init_hook(env):
    """Conversations answered before the dashboard was installed get their
    response times."""
    env["contact.centre.response"]._backfill()


def uninstall_hook(env):
    """The Overview menu goes back to cc_base's own page; our indexes on
    cc_base's tables and the message counts go (their upkeep would slow every
    message written)."""
    menu = env.ref("cc_base.menu_contact_centre_overview", raise_if_not_found=False)
    action = env.ref("cc_base.contact_centre_message_action_overview", raise_if_not_found=False)
    if menu and action:
        menu.action = action
    for index in INDEXES:
        env.cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
    for table in COUNT_TABLES:
        table.drop(env.cr, "contact_centre_message")
