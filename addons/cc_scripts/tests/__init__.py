from . import test_ranking, test_rendering, test_usage_rights
