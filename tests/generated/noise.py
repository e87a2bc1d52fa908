"""How parents mistype: a noise model for generated questions.

Each noise class is a function (text, rng) -> text. Typos go into the longer words, since a
parent who mistypes "St" or "of" writes something nobody could read back.
"""

from __future__ import annotations

import random
import re

KEYBOARD = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
NEIGHBOURS: dict[str, str] = {}
for row in KEYBOARD:
    for i, ch in enumerate(row):
        near = row[max(i - 1, 0):i] + row[i + 1:i + 2]
        NEIGHBOURS[ch] = near

FILLERS = ["pls", "please", "thx", "thanks", "asap", "??", "?!", "🙏", "😊", "hi", "hiya", "quick q",
           "cheers", "x", "lol", "ta"]
PREAMBLES = [
    "my son starts year 7 next september,",
    "my daughter is in year 5 -",
    "we're moving to the area in the spring,",
    "hi all,",
    "quick question:",
    "can someone tell me",
    "looking at schools for my little one,",
    "not sure if you can help but",
    "my kid goes there next year -",
    "hello,",
    "we've just moved to Woking,",
    "just moved to the area -",
    "we're relocating to Basingstoke next year,",
    "new to Watford, sorry if this is obvious but",
]
GROUP_CHAT = ["anyone know", "does anyone know", "has anyone looked at", "thoughts on", "any views on"]


def _long_words(text: str) -> list[re.Match]:
    return [m for m in re.finditer(r"[A-Za-z]{6,}", text)]


def _edit_word(text: str, rng: random.Random, edit) -> str:
    words = _long_words(text)
    if not words:
        return text
    m = rng.choice(words)
    return text[:m.start()] + edit(m.group(0), rng) + text[m.end():]


def _adjacent(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    near = NEIGHBOURS.get(word[i].lower())
    return word if not near else word[:i] + rng.choice(near) + word[i + 1:]


def _dropped(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:]


def _doubled(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i] + word[i:]


def _swapped(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]


def typo(text: str, rng: random.Random) -> str:
    """One keyboard slip in a long word: a neighbouring key, a dropped, doubled or swapped letter."""
    return _edit_word(text, rng, rng.choice([_adjacent, _dropped, _doubled, _swapped]))


def lower(text: str, rng: random.Random) -> str:
    return text.lower()


def no_apostrophes(text: str, rng: random.Random) -> str:
    return text.replace("'", "").replace("’", "")


def run_together(text: str, rng: random.Random, name: str = "") -> str:
    """Two words of the school's name written as one ("hinchleywood")."""
    words = [w for w in name.split() if w.isalpha() and len(w) > 2]
    pairs = [(a, b) for a, b in zip(words, words[1:]) if f"{a} {b}" in text]
    if not pairs:
        return text
    a, b = rng.choice(pairs)
    return text.replace(f"{a} {b}", f"{a}{b}".lower(), 1)


def fillers(text: str, rng: random.Random) -> str:
    before = rng.random() < 0.4
    word = rng.choice(FILLERS)
    return f"{word} {text}" if before else f"{text} {word}"


def preamble(text: str, rng: random.Random) -> str:
    return f"{rng.choice(PREAMBLES)} {text[0].lower()}{text[1:]}"


def group_chat(text: str, rng: random.Random) -> str:
    return f"{rng.choice(GROUP_CHAT)} {text[0].lower()}{text[1:]}"


def basic_english(text: str, rng: random.Random) -> str:
    """Little grammar: articles and the verb "to be" dropped, "?" at the end."""
    out = re.sub(r"\b(is|are|the|a|an|does|do)\b ", "", text, flags=re.IGNORECASE)
    return out.rstrip("?") + " ?"


NOISE = {
    "clean": lambda text, rng: text,
    "lower": lower,
    "no_apostrophes": no_apostrophes,
    "typo": typo,
    "fillers": fillers,
    "preamble": preamble,
    "group_chat": group_chat,
    "basic_english": basic_english,
}
