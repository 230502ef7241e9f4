"""Finding keywords and phrases inside a customer's message, the way opt-out
keywords are read: accents, case and punctuation do not count, and only whole
words match ("INFO" is in "info please", not in "information")."""

import re

from ..models.contact_centre_consent_keyword import PUNCTUATION, normalise_keyword

WORD_SEPARATORS = re.compile(f"[{re.escape(PUNCTUATION)}]")


def keyword_words(text):
    """The words of text, normalised: "Horaires d'ouverture ?" reads
    ("HORAIRES", "D", "OUVERTURE")."""
    return tuple(normalise_keyword(WORD_SEPARATORS.sub(" ", text or "")).split())


def contains_phrase(words, phrase):
    """Whether the words (of keyword_words) hold phrase, a keyword of one or
    more words, as consecutive whole words."""
    wanted = keyword_words(phrase)
    if not wanted:
        return False
    size = len(wanted)
    return any(words[i : i + size] == wanted for i in range(len(words) - size + 1))
