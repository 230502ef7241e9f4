from . import (
    contact_centre_message,
    contact_centre_message_send,
    contact_centre_provider,
    res_partner,
)
