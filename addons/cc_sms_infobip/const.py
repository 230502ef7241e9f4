"""Infobip's vocabulary: endpoints, status groups and the failure types they
mean for us."""

SEND_PATH = "/sms/3/messages"
LEGACY_SEND_PATH = "/sms/2/text/advanced"
REPORTS_PATH = "/sms/3/reports"
LEGACY_REPORTS_PATH = "/sms/1/reports"
INBOX_PATH = "/sms/1/inbox/reports"
BALANCE_PATH = "/account/1/balance"

# Infobip caps the validity period at 48 hours (in minutes).
MAX_VALIDITY_MINUTES = 48 * 60
# Reports and inbound messages one pull asks for (Infobip's maximum).
PULL_LIMIT = 1000

# Status groups (status.groupId).
GROUP_PENDING = 1
GROUP_UNDELIVERABLE = 2
GROUP_DELIVERED = 3
GROUP_EXPIRED = 4
GROUP_REJECTED = 5
FAILED_GROUPS = {GROUP_UNDELIVERABLE, GROUP_EXPIRED, GROUP_REJECTED}
# Only the handset's confirmation is final; DELIVERED_TO_OPERATOR stays sent.
DELIVERED_TO_HANDSET = "DELIVERED_TO_HANDSET"

# Status names of failed messages -> our failure types; the rest of a
# failed group is "expired" for EXPIRED and "unknown" otherwise.
FAILURE_TYPE_BY_STATUS = {
    "REJECTED_DESTINATION": "wrong_number",
    "REJECTED_PREFIX_MISSING": "wrong_number",
    "REJECTED_INVALID_DESTINATION": "wrong_number",
    "REJECTED_DESTINATION_NOT_REGISTERED": "wrong_number",
    "UNDELIVERABLE_NOT_DELIVERED": "unknown",
    "REJECTED_NOT_ENOUGH_CREDITS": "credit",
    "REJECTED_SENDER": "authentication",
}
FAILURE_TYPE_BY_GROUP = {GROUP_EXPIRED: "expired"}

# Error tokens of both error envelopes -> our failure types; other errors go
# by HTTP status (401/403 authentication, 429 rate limited, 5xx unavailable).
FAILURE_TYPE_BY_ERROR = {
    "UNAUTHORIZED": "authentication",
    "E401": "authentication",
    "E403": "authentication",
    "TOO_MANY_REQUESTS": "rate_limited",
    "E429": "rate_limited",
    "GENERAL_ERROR": "provider_unavailable",
    "E500": "provider_unavailable",
}
