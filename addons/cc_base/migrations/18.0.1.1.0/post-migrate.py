from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    """Messages from before conversations join theirs, in Discuss."""
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["contact.centre.message"]._cc_link_conversations()
