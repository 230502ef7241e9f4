from odoo.http import root

from . import (
    test_composer,
    test_conformance_fake,
    test_conformance_sandbox,
    test_consent_keywords,
    test_conversation,
    test_cron_wakeup,
    test_discuss_tour,
    test_escaping_tour,
    test_event_store,
    test_inbound_batch,
    test_inbox,
    test_keywords_tools,
    test_menu_tours,
    test_message,
    test_message_rendering,
    test_partner_consent,
    test_partner_numbers,
    test_provider,
    test_provider_events,
    test_provider_http,
    test_queue,
    test_queue_hooks,
    test_rate_limit,
    test_routing,
    test_sandbox_faults,
    test_security,
    test_security_rpc,
    test_send_one_by_one,
    test_sender_concurrency,
    test_sms_segments,
    test_webhook_controller,
)

# CPython 3.11.7, the interpreter of this project's machines, may raise
# "SystemError: AST constructor recursion depth mismatch" when threads parse
# at once (gh-106905): the test server's threads each read every addon's
# manifest on the first static file requests of a tour's browser, which then
# gets a 500 for its assets. Read the manifests once, before any tour.
STATIC_ADDONS = root.statics
