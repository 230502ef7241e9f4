from . import (
    test_conformance_meta,
    test_escaping_tour,
    test_meta_faults,
    test_meta_flows,
    test_meta_inbound,
    test_meta_interactive,
    test_meta_send,
    test_meta_send_types,
    test_meta_templates,
    test_meta_tour,
    test_meta_webhook,
)
