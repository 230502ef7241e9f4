"""The contact centre's shared vocabulary: channels, statuses, failure types."""

# Provider addons add their channel with selection_add on each model.
CHANNELS = [
    ("whatsapp", "WhatsApp"),
    ("sms", "SMS"),
]

DIRECTIONS = [
    ("inbound", "Inbound"),
    ("outbound", "Outbound"),
]

MESSAGE_TYPES = [
    ("text", "Text"),
    ("image", "Image"),
    ("video", "Video"),
    ("audio", "Audio"),
    ("document", "Document"),
    ("location", "Location"),
    ("template", "Template"),
    ("interactive", "Interactive"),
]

# Outbound messages move queued < sent < delivered < read; inbound ones are
# received, then read once an agent has seen them. failed and cancelled end
# an outbound message.
STATUSES = [
    ("queued", "Queued"),
    ("sent", "Sent"),
    ("delivered", "Delivered"),
    ("received", "Received"),
    ("read", "Read"),
    ("failed", "Failed"),
    ("cancelled", "Cancelled"),
]

# Why a message failed: one closed list, shared by every provider. The
# recoverable ones are worth retrying later.
FAILURE_TYPES = [
    ("wrong_number", "Wrong number"),
    ("opted_out", "Opted out"),
    ("window_closed", "Conversation window closed"),
    ("template_missing", "Template missing or not approved"),
    ("rate_limited", "Rate limited"),
    ("provider_unavailable", "Provider unavailable"),
    ("authentication", "Authentication failed"),
    ("credit", "Insufficient credit"),
    ("media", "Media refused"),
    ("expired", "Expired before delivery"),
    ("no_account", "No provider account"),
    ("unknown", "Unknown error"),
]
RECOVERABLE_FAILURE_TYPES = {"rate_limited", "provider_unavailable"}
# Failures of a whole provider account, which every other message sent
# through it at that moment would meet too.
ACCOUNT_FAILURE_TYPES = {"authentication", "credit", "rate_limited", "provider_unavailable"}

# The partner field that holds the number used on each channel.
NUMBER_FIELD_BY_CHANNEL = {
    "whatsapp": "whatsapp_number",
    "sms": "sms_number",
}
# The partner field that says the contact refused messages on each channel.
OPT_OUT_FIELD_BY_CHANNEL = {channel: f"opt_out_{channel}" for channel in NUMBER_FIELD_BY_CHANNEL}
# What the compliance gate reads of a contact, fetched alone for many at once
# (a contact has a hundred fields).
COMPLIANCE_CONTACT_FIELDS = [*NUMBER_FIELD_BY_CHANNEL.values(), *OPT_OUT_FIELD_BY_CHANNEL.values()]

PROVIDER_STATES = [
    ("disabled", "Disabled"),
    ("test", "Test"),
    ("enabled", "Enabled"),
]

# What a provider account can do; each provider addon sets its own in
# _compute_feature_support_fields. Views and features test these, never code.
SUPPORT_FIELDS = (
    "support_templates",
    "support_media",
    "support_interactive",
    "support_delivery_reports",
    "support_read_receipts",
    "support_inbound",
    "support_sync",
)

# Channels where free text may only answer a customer's recent message; outside
# the window only approved templates go out.
SERVICE_WINDOW_HOURS = {"whatsapp": 24}
