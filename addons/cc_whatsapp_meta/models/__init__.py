from . import (
    contact_centre_message,
    contact_centre_message_send,
    contact_centre_meta_flow,
    contact_centre_provider,
    contact_centre_template,
    contact_centre_template_meta_button,
    contact_centre_template_meta_variable,
    mail_message,
    res_partner,
)
