from . import (
    contact_centre_script,
    contact_centre_script_category,
    contact_centre_script_usage,
    discuss_channel,
)
