from . import (
    contact_centre_campaign,
    contact_centre_campaign_inbound,
    contact_centre_campaign_param,
    contact_centre_campaign_preview,
    contact_centre_campaign_sending,
    contact_centre_message,
    contact_centre_message_inbound,
    res_company,
    res_config_settings,
    res_partner,
)
