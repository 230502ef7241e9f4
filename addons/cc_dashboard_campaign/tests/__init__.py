from . import test_campaign_figures, test_escaping_tour
