from . import (
    test_escaping_tour,
    test_ranking,
    test_rendering,
    test_scripts_tour,
    test_usage_rights,
)
