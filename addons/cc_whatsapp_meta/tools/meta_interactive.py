"""cc_base's provider-neutral choices (interactive_payload) as Meta's reply
buttons or list, within Meta's limits; None when they cannot fit, and the
message goes as its text with numbered options instead."""

MAX_BUTTONS = 3
MAX_ROWS = 10
BODY_LIMIT = 1024
BUTTON_TITLE_LIMIT = 20
BUTTON_ID_LIMIT = 256
LIST_BUTTON_LIMIT = 20
ROW_TITLE_LIMIT = 24
ROW_ID_LIMIT = 200
ROW_DESCRIPTION_LIMIT = 72


def shorten(text, limit):
    """text cut to limit characters, an ellipsis showing the cut."""
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def interactive_of(payload, default_button):
    """Meta's interactive object for payload, or None when it cannot fit."""
    text = (payload.get("text") or "").strip()
    options = payload.get("options") or []
    if not text or not options or len(text) > BODY_LIMIT:
        return None
    if not all(option.get("id") and option.get("title") for option in options):
        return None
    if payload.get("kind") == "buttons" and len(options) <= MAX_BUTTONS:
        # Buttons alike once shortened are told apart in a list's longer rows.
        interactive = _buttons(options) or _list(options, default_button)
    else:
        interactive = _list(options, payload.get("button") or default_button)
    if interactive:
        interactive["body"] = {"text": text}
    return interactive


def _buttons(options):
    if any(len(option["id"]) > BUTTON_ID_LIMIT for option in options):
        return None
    titles = [shorten(option["title"], BUTTON_TITLE_LIMIT) for option in options]
    if len(set(titles)) < len(titles):
        # Meta refuses two buttons with the same title.
        return None
    return {
        "type": "button",
        "action": {
            "buttons": [
                {"type": "reply", "reply": {"id": option["id"], "title": title}}
                for option, title in zip(options, titles, strict=True)
            ]
        },
    }


def _list(options, button):
    if len(options) > MAX_ROWS or any(len(option["id"]) > ROW_ID_LIMIT for option in options):
        return None
    return {
        "type": "list",
        "action": {
            "button": shorten(button, LIST_BUTTON_LIMIT),
            "sections": [{"rows": [_row(option) for option in options]}],
        },
    }


def _row(option):
    """A list row; a title too long for the row reads whole in its description."""
    title = shorten(option["title"], ROW_TITLE_LIMIT)
    whole = shorten(option["title"], ROW_DESCRIPTION_LIMIT)
    row = {"id": option["id"], "title": title}
    if whole != title:
        row["description"] = whole
    return row
