from .http_callbacks import CallbackMapping, events_from_callback
from .http_template import (
    RequestTemplate,
    TemplateError,
    dig,
    parse_path,
)
