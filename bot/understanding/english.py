"""Ordinary English words (wordfreq's list of about 29,000 common words), and their misspellings.

Used to tell the words of a question apart: a word that is ordinary English and in no school's
name ("wheelchair", "traffic", "asap") never names a school; a word that is in neither is
probably a name the parent typed.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def common_words() -> frozenset[str]:
    """Common English words, lower case, apostrophes dropped ("don't" -> "dont")."""
    from wordfreq import get_frequency_dict

    return frozenset(w.replace("'", "").replace("’", "") for w in get_frequency_dict("en", "small"))


@lru_cache(maxsize=1)
def _deletion_index() -> dict[str, frozenset[str]]:
    """One-letter deletions of the longer common words -> the words (for misspellings)."""
    index: dict[str, set[str]] = {}
    for word in common_words():
        if len(word) >= 5 and word.isalpha():
            for i in range(len(word)):
                index.setdefault(word[:i] + word[i + 1:], set()).add(word)
    return {k: frozenset(v) for k, v in index.items()}


def is_common(word: str) -> bool:
    """True for an ordinary English word (`word` lower case, no apostrophes)."""
    return word in common_words()


@lru_cache(maxsize=8192)
def misspelt_common(word: str) -> bool:
    """True when `word` (5+ letters, not itself a common word) is one edit from a common word:
    a letter dropped, added, changed or two swapped ("frendly", "wheelchiar")."""
    if len(word) < 5 or not word.isalpha() or is_common(word):
        return False
    index = _deletion_index()
    if word in index:  # a letter added: "wheelchaair"
        return True
    for i in range(len(word)):
        deleted = word[:i] + word[i + 1:]
        if deleted in common_words():  # a letter doubled or added: "frriendly"
            return True
        for candidate in index.get(deleted, ()):  # a letter changed or swapped
            if len(candidate) == len(word) and sum(a != b for a, b in zip(candidate, word)) <= 2:
                return True
    return False
