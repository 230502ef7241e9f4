from . import test_campaign_ranking
