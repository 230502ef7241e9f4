from odoo.addons.cc_base import reset_provider, setup_provider

from . import controllers, models


def post_init_hook(env):
    setup_provider(env, "twilio", "cc_sms_twilio")


def uninstall_hook(env):
    reset_provider(env, "twilio")
