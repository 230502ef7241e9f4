from odoo.addons.cc_base import reset_provider, setup_provider

from . import models


def post_init_hook(env):
    setup_provider(env, "http", "cc_sms_http")


def uninstall_hook(env):
    reset_provider(env, "http")
