"""Request templates of a configurable HTTP gateway: JSON, form or query
string, with {{ placeholders }} filled in safely.

A JSON template is parsed once, then the placeholders are replaced inside its
strings: a value is always a JSON string, escaped by the JSON encoder, never
spliced into the document's text. A form or query template
(`to={{ to }}&text={{ text }}`) is split into pairs first; requests then
URL-encodes each value. Plain Python, tested without a database.
"""

import json
import re

from ..const import PLACEHOLDERS

PLACEHOLDER = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}")
# A dotted path into an answer or a callback: messages.0.id
PATH_SEGMENT = re.compile(r"[^.\s]+")


class TemplateError(ValueError):
    """A template or path that cannot work, in words for the administrator."""


def _fill(text, values):
    return PLACEHOLDER.sub(lambda match: str(values.get(match.group(1)) or ""), text)


def _check_placeholders(text):
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise TemplateError(
            "Unknown placeholder(s) {}: use {}.".format(
                ", ".join(f"{{{{ {name} }}}}" for name in unknown),
                ", ".join(f"{{{{ {name} }}}}" for name in PLACEHOLDERS),
            )
        )


class RequestTemplate:
    """A parsed request template. kind is "json" (a JSON document) or "pairs"
    (form or query string: key=value separated by & or new lines)."""

    def __init__(self, text, kind):
        self.text = (text or "").strip()
        self.kind = kind
        _check_placeholders(self.text)
        if kind == "json":
            try:
                self.document = json.loads(self.text)
            except ValueError as error:
                raise TemplateError(
                    f"The request template is not valid JSON ({error}). Put each placeholder "
                    'inside a string: {"to": "{{ to }}", "text": "{{ text }}"}.'
                ) from None
        else:
            self.pairs = self._split_pairs(self.text)

    @staticmethod
    def _split_pairs(text):
        pairs = []
        for part in re.split(r"[&\n]", text):
            part = part.strip()
            if not part:
                continue
            key, sep, value = part.partition("=")
            if not sep or not key.strip():
                raise TemplateError(
                    f"“{part}” is not a key=value pair: write the template as "
                    "to={{ to }}&text={{ text }}."
                )
            pairs.append((key.strip(), value.strip()))
        return pairs

    def placeholders(self):
        return set(PLACEHOLDER.findall(self.text))

    def render(self, values):
        """The JSON document (json) or the list of (key, value) pairs (pairs)
        with values filled in."""
        if self.kind == "json":
            return self._render_json(self.document, values)
        return [(key, _fill(value, values)) for key, value in self.pairs]

    def _render_json(self, node, values):
        if isinstance(node, str):
            return _fill(node, values)
        if isinstance(node, list):
            return [self._render_json(item, values) for item in node]
        if isinstance(node, dict):
            return {
                _fill(key, values): self._render_json(item, values) for key, item in node.items()
            }
        return node


def parse_path(path):
    """The segments of a dotted path (messages.0.id), or raise TemplateError."""
    path = (path or "").strip()
    segments = path.split(".")
    if not path or not all(PATH_SEGMENT.fullmatch(segment) for segment in segments):
        raise TemplateError(
            f"“{path}” is not a dotted path: name the fields from the top, separated by "
            "dots, with list positions as numbers (messages.0.id)."
        )
    return segments


def dig(data, path):
    """The value at a dotted path in decoded JSON or form data, or None."""
    node = data
    for segment in parse_path(path):
        if isinstance(node, list) and segment.isdigit() and int(segment) < len(node):
            node = node[int(segment)]
        elif isinstance(node, dict) and segment in node:
            node = node[segment]
        else:
            return None
    return node
