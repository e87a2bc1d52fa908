"""Tokenising questions: lower-case word tokens that remember where they sit in the original text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*")


@dataclass(frozen=True)
class Token:
    """One word: `norm` is lower-case without apostrophes ("What's" -> "whats")."""

    norm: str
    start: int
    end: int


def fold(text: str) -> str:
    """Strip accents and unify apostrophes (é -> e, ’ -> ')."""
    text = text.replace("’", "'").replace("‘", "'").replace("`", "'")
    if text.isascii():
        return text
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")


def tokenize(text: str) -> list[Token]:
    """Word tokens of `text` (already folded), with their character spans."""
    return [
        Token(m.group(0).lower().replace("'", ""), m.start(), m.end())
        for m in _WORD.finditer(text)
    ]
