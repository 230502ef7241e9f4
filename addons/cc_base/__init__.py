from . import controllers, models, wizard


def setup_provider(env, code, module_name):
    """For a provider addon's post_init_hook: its placeholder accounts become
    accounts of its code."""
    env["contact.centre.provider"]._setup_provider(code, module_name)


def reset_provider(env, code):
    """For a provider addon's uninstall_hook: its accounts go back to no
    provider, disabled."""
    env["contact.centre.provider"]._remove_provider(code)
