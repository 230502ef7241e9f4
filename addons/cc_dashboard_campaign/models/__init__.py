from . import (
    contact_centre_dashboard,
    contact_centre_message,
    contact_centre_report_campaign,
    contact_centre_report_message,
)
