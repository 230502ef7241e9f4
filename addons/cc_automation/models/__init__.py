from . import (
    contact_centre_automation,
    contact_centre_chatbot,
    contact_centre_chatbot_session,
    contact_centre_chatbot_step,
    contact_centre_message,
    discuss_channel,
    resource_calendar,
)
