from .phone import to_e164
from .selection import selection_label
from .whatsapp_markup import whatsapp_to_html
