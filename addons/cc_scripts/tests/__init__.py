from . import test_ranking, test_rendering, test_scripts_tour, test_usage_rights
