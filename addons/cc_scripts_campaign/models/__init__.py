from . import contact_centre_script
