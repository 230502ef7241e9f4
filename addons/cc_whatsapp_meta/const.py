"""Meta's WhatsApp Cloud API vocabulary: version, statuses, error codes, limits."""

DEFAULT_API_VERSION = "v23.0"
GRAPH_URL = "https://graph.facebook.com"
DEFAULT_RATE_LIMIT = 80.0

SIGNATURE_HEADER = "X-Hub-Signature-256"

# Meta's status words -> ours. "played" (voice heard) counts as read;
# "deleted" (legacy) changes nothing.
STATUS_MAPPING = {
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "played": "read",
    "failed": "failed",
}

# Meta's error codes -> our failure types (cc_base.const.FAILURE_TYPES);
# rate_limited and provider_unavailable are retried with backoff.
ERROR_FAILURE_TYPES = {
    0: "authentication",
    10: "authentication",
    190: "authentication",
    131005: "authentication",
    131031: "authentication",
    4: "rate_limited",
    80007: "rate_limited",
    130429: "rate_limited",
    131048: "rate_limited",
    131049: "rate_limited",
    131056: "rate_limited",
    131000: "provider_unavailable",
    131016: "provider_unavailable",
    131057: "provider_unavailable",
    131021: "wrong_number",
    131026: "wrong_number",
    131030: "wrong_number",
    131047: "window_closed",
    131050: "opted_out",
    131042: "credit",
    131051: "media",
    131052: "media",
    131053: "media",
    132000: "template_missing",
    132001: "template_missing",
    132005: "template_missing",
    132007: "template_missing",
    132008: "template_missing",
    132012: "template_missing",
    132015: "template_missing",
    132016: "template_missing",
    132068: "template_missing",
    132069: "rate_limited",
}
# Graph API permission errors (200-299) are authentication failures.
PERMISSION_ERROR_CODES = range(200, 300)
# Seconds to wait before trying again, where Meta's limit is known.
RETRY_AFTER = {
    131056: 6,  # pair rate limit: about one message per 6 s to the same user
    131049: 24 * 3600,  # marketing frequency cap per user
}
TOKEN_EXPIRED_CODE = 190
# A GET of one node that does not exist (or that the token may not see).
NO_SUCH_OBJECT_CODE = 100
WINDOW_CLOSED_CODE = 131047

# The largest file Meta accepts for each kind of media, in bytes.
MEDIA_SIZE_LIMITS = {
    "image": 5 * 1024 * 1024,
    "video": 16 * 1024 * 1024,
    "audio": 16 * 1024 * 1024,
    "document": 100 * 1024 * 1024,
    "sticker": 500 * 1024,
}
