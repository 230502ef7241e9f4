from .quiet_hours import quiet_until, recipient_timezone
