from . import (
    test_escaping_tour,
    test_message_counts,
    test_overview,
    test_overview_tour,
    test_reports,
    test_response_times,
    test_uninstall,
)
