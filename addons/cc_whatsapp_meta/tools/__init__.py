from .meta_errors import error_from_response, failure_type_of, graph_error
from .meta_events import (
    MetaAccountError,
    MetaInbound,
    MetaReaction,
    MetaStatus,
    MetaTemplateUpdate,
    chosen_option_id,
    error_text,
    parse_payload,
)
from .meta_interactive import interactive_of
