from . import models


def post_init_hook(env):
    """Conversations answered before the dashboard was installed get their
    response times."""
    env["contact.centre.response"]._backfill()


def uninstall_hook(env):
    """The Overview menu goes back to cc_base's own page."""
    menu = env.ref("cc_base.menu_contact_centre_overview", raise_if_not_found=False)
    action = env.ref("cc_base.contact_centre_message_action_overview", raise_if_not_found=False)
    if menu and action:
        menu.action = action
