from . import (
    test_conformance_infobip,
    test_infobip_estimate,
    test_infobip_faults,
    test_infobip_http,
    test_infobip_samples,
    test_infobip_tour,
)
