from odoo.exceptions import AccessError

AGENT_GROUP = "cc_base.group_contact_centre_agent"


def check_agent(env, refusal):
    """Raise AccessError(refusal) unless the user is a contact centre agent:
    the actions that write as the system start here."""
    if not env.user.has_group(AGENT_GROUP):
        raise AccessError(refusal)
