"""Twilio's vocabulary: endpoints, statuses and error codes, and what they
mean for us."""

API_URL = "https://api.twilio.com"
ACCOUNT_PATH = "/2010-04-01/Accounts/{sid}.json"
MESSAGES_PATH = "/2010-04-01/Accounts/{sid}/Messages.json"

# Where Twilio explains each error code.
ERROR_DOCS_URL = "https://www.twilio.com/docs/errors/"

SIGNATURE_HEADER = "X-Twilio-Signature"
# The query parameter of a status callback URL that names our message.
UUID_PARAMETER = "uuid"
# The answer to an inbound SMS webhook is TwiML, what to reply: this one, nothing.
EMPTY_TWIML = '<?xml version="1.0" encoding="UTF-8"?><Response></Response>'

# Twilio's message statuses -> ours. Twilio still holds the first ones
# (queued, accepted, scheduled): they move nothing. receiving and received
# are inbound messages' own.
STATUS_MAP = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "sent",
    "sent": "sent",
    # Some parts of a long message reached the handset, not all.
    "partially_delivered": "sent",
    "delivered": "delivered",
    "read": "read",
    "undelivered": "failed",
    "failed": "failed",
    "canceled": "failed",
}
INBOUND_STATUSES = {"receiving", "received"}

# Twilio's error codes (API answers and the ErrorCode of status callbacks)
# -> our failure types; other codes go by HTTP status (401/403
# authentication, 429 rate limited, 5xx unavailable), or are "unknown".
FAILURE_TYPE_BY_ERROR = {
    20003: "authentication",
    20005: "authentication",
    30002: "authentication",
    20429: "rate_limited",
    21211: "wrong_number",
    21214: "wrong_number",
    21612: "wrong_number",
    21614: "wrong_number",
    30005: "wrong_number",
    30006: "wrong_number",
    21610: "opted_out",
    30004: "opted_out",
    30003: "expired",
    30036: "expired",
    30010: "credit",
}
