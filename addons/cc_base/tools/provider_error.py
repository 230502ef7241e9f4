"""The one error every provider raises: a failure type from the closed list
the message model keeps, the provider's own words, and whether retrying later
can help."""

from ..const import FAILURE_TYPES, RECOVERABLE_FAILURE_TYPES

FAILURE_TYPE_KEYS = frozenset(key for key, _label in FAILURE_TYPES)


class ProviderError(Exception):
    def __init__(self, failure_type, message, code=None, retry_after=None):
        if failure_type not in FAILURE_TYPE_KEYS:
            raise ValueError(f"Unknown failure type {failure_type!r}")
        super().__init__(message)
        self.failure_type = failure_type
        self.message = message
        self.code = code
        # Seconds the provider asked us to wait, when it said so.
        self.retry_after = retry_after

    @property
    def recoverable(self):
        return self.failure_type in RECOVERABLE_FAILURE_TYPES

    def __str__(self):
        return f"[{self.code}] {self.message}" if self.code else self.message

    def __repr__(self):
        return f"ProviderError({self.failure_type!r}, {self.message!r}, code={self.code!r})"


class WebhookRejected(Exception):
    """A webhook request that does not come from the provider (bad or missing
    signature, wrong token): answered with the given HTTP status, never stored."""

    def __init__(self, reason, status=403):
        super().__init__(reason)
        self.status = status
