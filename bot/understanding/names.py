"""School-name normalisation shared by the index and the query: one spelling per word."""

from __future__ import annotations

import re

from bot.understanding.text import fold

CHURCH = re.compile(
    r"\b(?:church of england|c\.?\s*of\s*e\b\.?|c\.\s*e\b\.?|c\s+e\b|roman catholic|r\.\s*c\b\.?|r\s+c\b)"
)
_NON_WORD = re.compile(r"[^a-z0-9]+")
WORDS = {
    "saint": "st", "cofe": "ce", "catholic": "rc", "inf": "infant", "infants": "infant",
    "jun": "junior", "juniors": "junior", "jnr": "junior", "prim": "primary", "sch": "school",
    "acad": "academy", "coll": "college", "comp": "comprehensive", "sec": "secondary",
    "saints": "ss", "methodist": "methodist", "cevc": "ce", "ceva": "ce", "cep": "ce",
}
NOISE = frozenset({"the", "school", "academy", "and", "schools"})


def literal_tokens(name: str) -> tuple[str, ...]:
    """Normalised words of a name with its noise words kept ("the", "school", ...)."""
    s = fold(name).lower().replace("&", " and ").replace("'", "")
    s = CHURCH.sub(lambda m: " rc " if m.group(0)[0] == "r" else " ce ", s)
    words = [WORDS.get(w, w) for w in _NON_WORD.sub(" ", s).split()]
    # A saint's possessive: "st annes" / "st anne's" / "st anne" all become "st anne".
    for i in range(1, len(words)):
        w = words[i]
        if words[i - 1] in {"st", "ss"} and len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            words[i] = w[:-1]
    return tuple(words)


def name_tokens(name: str) -> list[str]:
    """Normalised words of a school name or mention, noise words dropped.

    "St. Anne's C.E. (VA) Infants' School" -> ["st", "anne", "ce", "va", "infant"].
    """
    words = literal_tokens(name)
    kept = [w for w in words if w not in NOISE]
    return kept or list(words)
