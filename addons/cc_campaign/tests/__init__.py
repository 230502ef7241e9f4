from . import (
    test_campaign_content,
    test_campaign_lifecycle,
    test_campaign_queuing_concurrency,
    test_campaign_sending,
    test_campaign_tour,
    test_escaping_tour,
    test_inbound_campaign,
    test_quiet_hours,
)
