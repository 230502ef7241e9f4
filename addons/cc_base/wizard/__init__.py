from . import contact_centre_sandbox_inbound
