from . import (
    test_inbox,
    test_menu_tours,
    test_message,
    test_message_rendering,
    test_partner_consent,
    test_partner_numbers,
    test_provider,
    test_provider_events,
    test_provider_http,
    test_security,
)
