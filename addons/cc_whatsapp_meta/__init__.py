from odoo.addons.cc_base import reset_provider, setup_provider

from . import models, wizard


def post_init_hook(env):
    setup_provider(env, "meta", "cc_whatsapp_meta")


def uninstall_hook(env):
    reset_provider(env, "meta")
