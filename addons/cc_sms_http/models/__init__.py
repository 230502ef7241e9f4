from . import contact_centre_provider
