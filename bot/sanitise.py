"""Bounded, clean input: every text from outside is cut and cleaned here before anything reads it.

Telegram's own limit for a message is 4,096 characters, so nothing longer is a real question:
the text is cut to that first (a slice, whatever its length), then control characters, NUL and
lone surrogates (which no UTF-8 database can store) are removed. Tabs and line breaks become
spaces. Every later step (understanding, redaction, storage) therefore sees at most `LIMIT`
characters of printable text.
"""

from __future__ import annotations

import re

LIMIT = 4096  # Telegram's maximum message length, in characters

# C0 and C1 controls (tab and line breaks become spaces), lone UTF-16 surrogates, and the two
# non-characters U+FFFE/U+FFFF that some databases reject.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACE = re.compile(r"[\t\n\r\u2028\u2029\x85]")


def clean(text: object, limit: int = LIMIT) -> str:
    """`text` cut to `limit` characters, with control characters and lone surrogates removed.

    None (or any non-text) gives "" (or its str()); never raises."""
    if text is None:
        return ""
    if not isinstance(text, str):
        text = str(text)
    text = text[:limit]
    return _CONTROL.sub("", _SPACE.sub(" ", text))
