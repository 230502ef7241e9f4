from . import (
    contact_centre_dashboard,
    contact_centre_median_mixin,
    contact_centre_message,
    contact_centre_report_agent,
    contact_centre_report_message,
    contact_centre_response,
    discuss_channel,
    resource_calendar,
)
