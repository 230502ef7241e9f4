"""Reading a provider's JSON webhook body defensively.

A body that is not shaped as the provider documents it (a list where an
object belongs, a number for a text, JSON cut short) is refused with a
PayloadError that says what and where, never with a TypeError from deep
inside a parser: the event keeps that reason.
"""

import json

# Provider ids are short; a longer one is not an id (and would not fit an index).
MAX_ID_LENGTH = 255


class PayloadError(ValueError):
    """A webhook body that is not what the provider sends."""


def json_value(body, provider):
    """The JSON value of a webhook body (bytes), whatever its kind, NUL
    characters (\\u0000) replaced in every text, since parts of it are
    stored as they come."""
    try:
        payload = json.loads(body)
    except ValueError as error:
        raise PayloadError(f"{provider} webhook body is not JSON: {error}") from None
    if b"\\u0000" in body:
        payload = storable_data(payload)
    return payload


def json_body(body, provider):
    """The JSON object of a webhook body (bytes): see json_value."""
    return obj(json_value(body, provider), f"{provider} webhook body")


def storable_data(value):
    """Decoded JSON or form fields with NUL characters replaced in every
    text (see storable), keys included."""
    if isinstance(value, str):
        return storable(value)
    if isinstance(value, list):
        return [storable_data(item) for item in value]
    if isinstance(value, dict):
        return {storable(key): storable_data(item) for key, item in value.items()}
    return value


def _kind(value):
    return "null" if value is None else type(value).__name__


def obj(value, where):
    """value when it is a JSON object; {} when it is missing."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise PayloadError(f"{where}: an object expected, not {_kind(value)}")
    return value


def objs(value, where):
    """value when it is a list of JSON objects; [] when it is missing."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise PayloadError(f"{where}: a list expected, not {_kind(value)}")
    for index, item in enumerate(value):
        if not isinstance(item, dict):
            raise PayloadError(f"{where}[{index}]: an object expected, not {_kind(item)}")
    return value


def storable(value):
    """Text without NUL characters, which PostgreSQL refuses in text and
    JSON (and in a query that compares with them): shown as the replacement
    character, as bytes that are not UTF-8."""
    return value.replace("\x00", "\ufffd")


def text(value, where):
    """value as text (a number is written out); None when it is missing."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    raise PayloadError(f"{where}: a text expected, not {_kind(value)}")


def ident(value, where):
    """A provider's id: text of a sensible length, or None."""
    value = text(value, where)
    if value is not None and len(value) > MAX_ID_LENGTH:
        raise PayloadError(f"{where}: {len(value)} characters, too long for an id")
    return value
