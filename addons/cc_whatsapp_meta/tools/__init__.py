from .meta_errors import failure_type_of, graph_error
from .meta_events import (
    MetaAccountError,
    MetaInbound,
    MetaReaction,
    MetaStatus,
    MetaTemplateUpdate,
    error_text,
    parse_payload,
)
