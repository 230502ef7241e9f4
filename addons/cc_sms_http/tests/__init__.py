from . import (
    test_conformance_http,
    test_http_configuration,
    test_http_faults,
    test_http_gateway,
    test_http_template,
    test_http_tour,
)
