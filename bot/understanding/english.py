"""Ordinary English words (wordfreq's list of about 29,000 common words), and their misspellings.

Used to tell the words of a question apart: a word that is ordinary English and in no school's
name ("wheelchair", "traffic", "asap") never names a school; a word that is in neither is
probably a name the parent typed.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein


_words: frozenset[str] | None = None
RARE_ZIPF = 3.3  # below this Zipf frequency (about 2 in a million words) an English word is rare


def common_words() -> frozenset[str]:
    """Common English words, lower case, apostrophes dropped ("don't" -> "dont")."""
    global _words
    if _words is None:
        from wordfreq import get_frequency_dict

        _words = frozenset(w.replace("'", "").replace("’", "") for w in get_frequency_dict("en", "small"))
    return _words


def adopt_words(words: frozenset[str]) -> None:
    """Use the list `common_words` gave an earlier run (bot.startup_cache keeps it): no need
    to load wordfreq."""
    global _words
    if _words is None:
        _words = words


@lru_cache(maxsize=1)
def _by_initial() -> dict[str, list[str]]:
    """The longer common words by first letter (misspellings rarely change the first letter)."""
    out: dict[str, list[str]] = {}
    for word in sorted(common_words()):
        if len(word) >= 4 and word.isalpha():
            out.setdefault(word[0], []).append(word)
    return out


def is_common(word: str) -> bool:
    """True for an ordinary English word (`word` lower case, no apostrophes)."""
    return word in common_words()


@lru_cache(maxsize=8192)
def misspelt_common(word: str) -> bool:
    """True when `word` (5+ letters, not itself a common word) is about one edit from a common
    word: a letter dropped, added, changed or two swapped ("frendly", "wheelchiar")."""
    if len(word) < 5 or not word.isalpha() or is_common(word):
        return False
    same_start = _by_initial().get(word[0], ())
    return process.extractOne(word, same_start, scorer=DamerauLevenshtein.distance,
                              score_cutoff=1) is not None


@lru_cache(maxsize=8192)
def is_rare(word: str) -> bool:
    """True for a word that is in the common list but seldom used ("collingwood", "rosebery",
    "priory"): said alone beside a school question it is more likely a name than its meaning."""
    from wordfreq import zipf_frequency

    return zipf_frequency(word, "en", wordlist="small") < RARE_ZIPF
