"""Schools parents name by their initials ("EEHS" for Epsom and Ewell High School, "SJB" for
St John the Baptist): the initials of every school's name, read from the name index."""

from __future__ import annotations

from bot.understanding.names import literal_tokens

SKIPPED = frozenset({"and", "of", "the", "for", "a", "an", "in", "on", "at", "de", "le", "la"})
MAX_EXPANSIONS = 8  # more readings than this: initials too common to mean one name

_tables: dict[int, dict[str, frozenset[str]]] = {}


def _table(index) -> dict[str, frozenset[str]]:
    """Initials -> the names, or first three or more words of names, they stand for."""
    key = id(index)
    if key not in _tables:
        out: dict[str, set[str]] = {}
        for record in index.records.values():
            words = list(literal_tokens(record.name))
            # the whole name, and its first words ("St John the Baptist" of "St John the Baptist
            # Catholic Comprehensive School")
            readings = [words[:n] for n in range(3, len(words) + 1) if words[n - 1] not in SKIPPED]
            for reading in readings:
                initials = "".join(w[0] for w in reading if w not in SKIPPED and w[0].isalpha())
                if 2 <= len(initials) <= 6:
                    out.setdefault(initials, set()).add(" ".join(reading))
        _tables.clear()  # one index at a time: a reloaded index replaces the old table
        _tables[key] = {k: frozenset(v) for k, v in out.items()}
    return _tables[key]


def expansions(index, word: str) -> list[str]:
    """The names `word` may be the initials of, fewest words first; [] when it is not initials of
    any name or of too many different ones."""
    found = _table(index).get(word.lower(), frozenset())
    if len(found) > MAX_EXPANSIONS:
        return []
    return sorted(found, key=lambda n: (len(n.split()), n))
