from . import (
    contact_centre_consent_keyword,
    contact_centre_message,
    contact_centre_message_inbound,
    contact_centre_message_queue,
    contact_centre_provider,
    contact_centre_provider_sandbox,
    contact_centre_tag,
    contact_centre_template,
    contact_centre_webhook_event,
    discuss_channel,
    mail_message,
    res_partner,
)
