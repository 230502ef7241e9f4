"""WhatsApp text formatting rendered as HTML.

The text is escaped first, so that whatever a customer types (tags, scripts,
entities) shows as text; only then are WhatsApp's own marks turned into
tags: ```monospace```, *bold*, _italic_, ~strikethrough~.
"""

import re

from markupsafe import Markup, escape

MONOSPACE = re.compile(r"```(.+?)```", re.DOTALL)
# A mark opens before a non-space and closes after one, and is not glued to
# a word on the outside: 2*3*4 and snake_case_names stay as they are. It
# never spans a tag already drawn (escaped text has no other "<"), so marks
# nest but never overlap: *a _b* c_ keeps its underscores.
INLINE_MARKS = [
    (
        re.compile(
            rf"(?<![\w{mark}]){mark}([^\s<{mark}](?:[^{mark}\n<]*[^\s<{mark}])?){mark}(?![\w{mark}])"
        ),
        tag,
    )
    for mark, tag in (("\\*", "b"), ("_", "i"), ("~", "s"))
]


def whatsapp_to_html(text):
    if not text:
        return Markup()
    html = str(escape(text.replace("\x00", "")))
    # Monospace text is shown as typed: set it aside, behind a NUL-delimited
    # number, while the other marks are drawn.
    blocks = []

    def set_aside(match):
        blocks.append(match.group(1))
        return f"\x00{len(blocks) - 1}\x00"

    html = MONOSPACE.sub(set_aside, html)
    for pattern, tag in INLINE_MARKS:
        html = pattern.sub(rf"<{tag}>\1</{tag}>", html)
    html = re.sub(
        r"\x00(\d+)\x00", lambda match: f"<code>{blocks[int(match.group(1))]}</code>", html
    )
    return Markup(html.replace("\n", "<br>"))
