from . import contact_centre_message, contact_centre_provider
