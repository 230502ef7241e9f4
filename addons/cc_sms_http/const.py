"""The vocabulary of a configurable HTTP gateway: the placeholders a request
template may use, and how HTTP answers map to our failure types."""

# What a request template may ask for: {{ to }}, {{ text }}, ...
PLACEHOLDERS = {
    "to": "The customer's number, E.164 (+32470123456)",
    "to_digits": "The customer's number, digits only (32470123456)",
    "from": "The account's sender",
    "text": "The message text",
    "uuid": "Our id of the message, to find it back in status callbacks",
    "callback_url": "The account's webhook URL, for status callbacks",
}

# The query parameter of the webhook URL that carries the account's secret.
SECRET_PARAMETER = "secret"

# HTTP statuses default_error does not already say: a gateway that wants
# payment (402) is out of credit.
FAILURE_TYPE_BY_STATUS = {402: "credit"}

TEST_SMS_TEXT = "Test SMS from Odoo: your HTTP gateway account works."
