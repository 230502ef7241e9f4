from odoo.tools import SQL

INDEXES = (
    # No longer indexed.
    "contact_centre_message__channel_index",
    "contact_centre_message__direction_index",
    "contact_centre_message__external_message_id_index",
    "contact_centre_message__next_attempt_at_index",
    # Indexed where set only: made again so.
    "contact_centre_message__assigned_agent_id_index",
    "contact_centre_message__thread_id_index",
)


def migrate(cr, version):
    """The message table's indexes that the writes of a campaign paid for and
    no query needed (Odoo keeps an index it no longer expects)."""
    for index in INDEXES:
        cr.execute(SQL("DROP INDEX IF EXISTS %s", SQL.identifier(index)))
