from . import test_campaign_figures
