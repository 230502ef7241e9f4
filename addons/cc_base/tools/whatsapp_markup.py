"""WhatsApp text formatting rendered as HTML.

The text is escaped first, so that whatever a customer types (tags, scripts,
entities) shows as text; only then are WhatsApp's own marks turned into
tags: ```monospace```, *bold*, _italic_, ~strikethrough~.
"""

import re

from markupsafe import Markup, escape

MONOSPACE = re.compile(r"```(.+?)```", re.DOTALL)
# A mark opens before a non-space and closes after one, and is not glued to
# a word on the outside: 2*3*4 and snake_case_names stay as they are.
INLINE_MARKS = [
    (re.compile(rf"(?<![\w{mark}]){mark}(?=\S)([^{mark}\n]*?\S){mark}(?![\w{mark}])"), tag)
    for mark, tag in (("\\*", "b"), ("_", "i"), ("~", "s"))
]


def whatsapp_to_html(text):
    if not text:
        return Markup()
    html = str(escape(text))
    html = MONOSPACE.sub(r"<code>\1</code>", html)
    for pattern, tag in INLINE_MARKS:
        html = pattern.sub(rf"<{tag}>\1</{tag}>", html)
    return Markup(html.replace("\n", "<br>"))
