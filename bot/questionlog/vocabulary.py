"""Schoolbot's vocabulary: the words a stored question may keep (redaction by allow-list).

A word of a question is stored only if it is in this vocabulary:

- common English words: wordfreq's list of English words used at least once per million words
  (about 25,000), with personal first names and surnames removed;
- the words of the knowledge files (knowledge/intents.yaml and measures.yaml): what the bot
  understands;
- school, place and local-authority names from the records (a place named like a person,
  "Preston", stays a word: only its context makes it a name).

Personal names come from Faker's person providers (first names and surnames of about 80
locales, romanised where Faker has it, accents folded). A name that is also an ordinary English
word ("grace", "will", "rose", "hill") stays a word when Webster's dictionary (the web2 list of
the english-words package) has it in lower case and it is among the 5,000 commonest English
words ("amelia" and "patel" are in Webster's too, but rare as words); such words are names only in context
(see bot.questionlog.redact). School and place names that contain a personal name ("St Mary's",
"King Charles", "Robert May's") keep that name only beside its neighbour in the name: they give
word pairs, never single words.

Everything is built once per process (per database for the records part) and cached.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import logging
import os
import pkgutil
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import metadata
from pathlib import Path


from bot.knowledge_files import knowledge, knowledge_path

log = logging.getLogger(__name__)

# Combining marks of the scripts parents write in (Latin accents in NFD, Indic vowel signs, Arabic
# and Hebrew points, Thai): part of a word, so a name is never cut in two.
MARKS = ("\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u06d6-\u06ed"
         "\u0900-\u0dff\u0e31-\u0e3a\u0e47-\u0e4e\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f")
LETTER = rf"[^\W\d_]|[{MARKS}]"
WORD = re.compile(rf"(?:{LETTER})+(?:['’\-](?:{LETTER})+)*")
VERSION = "3"  # of the way the base vocabulary is built (part of its cache key)
COMMON_MIN_RANK = 1000  # the commonest words ("the", "will", "may") are never read as names
ORDINARY_NAME_MAX_RANK = 5000  # a name is also a word only among the 5,000 commonest words
PAIR_STOP = frozenset("and of the in on at for with de la le du van von & a an".split())
# Letters NFKD does not decompose.
_FOLD = str.maketrans({"ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ø": "o", "Ø": "o", "æ": "ae",
                       "Æ": "ae", "œ": "oe", "Œ": "oe", "ß": "ss", "ı": "i", "þ": "th", "ð": "d",
                       "’": "'", "‘": "'"})
# A whole name part of Latin letters (parts in other scripts are left out: no English word
# is written in them, so redaction masks them anyway).
_NAME_PART = re.compile(r"(?<![^\s\-])[a-z][a-z']*(?![^\s\-])")


def fold(word: str) -> str:
    """A word lower-cased, accents removed ("Siobhán" -> "siobhan", "Łukasz" -> "lukasz")."""
    if word.isascii():
        return word.lower()
    word = word.translate(_FOLD)
    word = "".join(c for c in unicodedata.normalize("NFKD", word) if not unicodedata.combining(c))
    return word.lower().translate(_FOLD)


def base(word: str) -> str:
    """The folded word without a possessive ending ("Mary's" -> "mary", "parents'" -> "parents")."""
    w = fold(word)
    if w.endswith("'s"):
        return w[:-2]
    return w.rstrip("'")


def words(text: str) -> list[str]:
    """The folded words of `text` without possessive endings, hyphenated words also split
    ("Amelia-Rose" -> 3 words)."""
    out = []
    for w in WORD.findall(fold(text)):
        w = w[:-2] if w.endswith("'s") else w.rstrip("'")
        out.append(w)
        if "-" in w:
            out.extend(p for p in w.split("-") if p)
    return out


@dataclass(frozen=True)
class Vocabulary:
    """What redaction may keep. All words are folded (see `fold`)."""

    words: frozenset[str]  # kept word by word (shared by every database's vocabulary)
    names: frozenset[str]  # personal first names and surnames (some are also `words`)
    known: frozenset[str]  # words the bot understands (knowledge files): never a name by their case
    record_words: frozenset[str] = frozenset()  # words of school and place names (not names)
    places: frozenset[str] = frozenset()  # words of town, locality and LA names
    pairs: frozenset[tuple[str, str]] = frozenset()  # neighbours in school/place names with a name
    schools: dict[int, tuple[str, ...]] = field(default_factory=dict)  # URN -> name words

    def keeps(self, word: str) -> bool:
        """True when the folded `word` may be stored as it is."""
        return word in self.words or word in self.record_words

    def with_records(self, schools: Iterable[tuple[int, str]], places: Iterable[str]) -> Vocabulary:
        """This vocabulary plus the words of school names (URN, name) and place names."""
        kept: set[str] = set()
        pairs: set[tuple[str, str]] = set()
        place_words: set[str] = set()
        names: dict[int, tuple[str, ...]] = {}
        for urn, name in schools:
            toks = tuple(words(name))
            names.setdefault(urn, toks)
            _add_name(toks, self.names, kept, pairs)
        for place in places:  # a town called after a person ("Preston") stays a place: its
            toks = tuple(words(place))  # context decides ("my son Jack Preston")
            kept.update(toks)
            place_words.update(toks)
        return Vocabulary(
            words=self.words, names=self.names, known=self.known,
            record_words=self.record_words | frozenset(kept - self.words),
            places=self.places | frozenset(place_words), pairs=self.pairs | frozenset(pairs),
            schools={**self.schools, **names},
        )


def _add_name(toks: tuple[str, ...], names: frozenset[str], kept: set, pairs: set) -> None:
    """Words of a school or place name: non-names kept; a name only as a pair with a neighbour."""
    for i, w in enumerate(toks):
        if w not in names:
            kept.add(w)
            continue
        for step in (-1, 1):  # the nearest word each side, over at most two small words
            j = i + step
            while 0 <= j < len(toks) and toks[j] in PAIR_STOP and abs(j - i) < 3:
                j += step
            if 0 <= j < len(toks) and toks[j] not in PAIR_STOP:
                pairs.add((toks[min(i, j)], toks[max(i, j)]))


@lru_cache(maxsize=1)
def name_list() -> frozenset[str]:
    """Personal first names and surnames (folded, Latin script) from Faker's person providers."""
    import faker.providers.person as person

    entries: list[str] = []
    for module in pkgutil.iter_modules(person.__path__):
        provider = importlib.import_module(f"{person.__name__}.{module.name}").Provider
        for attr, value in vars(provider).items():
            if "names" in attr and not attr.startswith(("_", "language")) \
                    and isinstance(value, (tuple, list, dict)):
                entries.extend(e for e in value if isinstance(e, str))
    # One pass over all the names: folded, split at spaces and hyphens, Latin letters only.
    text = fold("\n".join(entries))
    return frozenset(w.strip("'") for w in _NAME_PART.findall(text) if len(w.strip("'")) > 1)


@lru_cache(maxsize=1)
def _dictionary_lower_case() -> frozenset[str]:
    """Words Webster's dictionary (web2) lists in lower case: ordinary words, not proper nouns."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


@lru_cache(maxsize=1)
def _common() -> tuple[frozenset[str], frozenset[str]]:
    """(common English words without personal names, personal names)."""
    from wordfreq import top_n_list

    common = [fold(w) for w in top_n_list("en", 10**6, wordlist="small")]
    common = [w for w in common if WORD.fullmatch(w)]
    names = name_list()
    dictionary = _dictionary_lower_case()

    def ordinary(w: str) -> bool:
        return w in dictionary or (w.endswith("s") and w[:-1] in dictionary)

    commonest = {w for w in common[:COMMON_MIN_RANK] if ordinary(w)}
    # a name that is also a dictionary word stays a word when it is common ("grace", "hill");
    # rarer ones are names first ("amelia", "patel")
    words = frozenset(w for i, w in enumerate(common)
                      if w not in names or ordinary(w) and i < ORDINARY_NAME_MAX_RANK)
    return words, names - commonest


@lru_cache(maxsize=1)
def knowledge_words() -> frozenset[str]:
    """Every word of knowledge/intents.yaml and knowledge/measures.yaml (phrasings and terms)."""
    found: set[str] = set()

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                walk(key)
                walk(value)
        elif isinstance(node, (list, tuple)):
            for item in node:
                walk(item)
        elif isinstance(node, str):
            found.update(words(node.replace("_", " ")))

    for name in ("intents", "measures"):
        walk(knowledge(name))
    return frozenset(found | EXTRA_KNOWN)


# Words of the domain that parents capitalise and that are never a person's name by their case
# alone (some are also names in some culture: "Summer", "August").
EXTRA_KNOWN = frozenset("""
schoolbot school schools primary secondary academy college infant junior nursery reception year
grammar sixth form high church cofe catholic christian anglican methodist diocese trust council
ofsted gcse gcses sats english maths science history geography french spanish german latin music
drama art pe re dt ict computing headteacher head teacher teachers senco sen send ehcp
january february march april may june july august september october november december
jan feb mar apr jun jul aug sep sept oct nov dec monday tuesday wednesday thursday friday
saturday sunday spring summer autumn winter christmas easter term half upn urn nhs ni la dfe
ks1 ks2 ks3 ks4 ks5 eyfs eal fsm pp ehc ehcp sendco semh slcn ofsted's
""".split())


@lru_cache(maxsize=1)
def base_vocabulary() -> Vocabulary:
    """Common English words and the knowledge files' words, without the records.

    Building it reads three packages' word lists (about a second), so the result is kept in a
    cache file named after their versions and the knowledge files' contents: later processes
    read it in a few milliseconds, and any change of either builds it anew."""
    path = _cache_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Vocabulary(words=frozenset(data["words"]), names=frozenset(data["names"]),
                          known=frozenset(data["known"]))
    except (OSError, ValueError, KeyError, TypeError):
        pass
    common, names = _common()
    known = knowledge_words()
    names = names - EXTRA_KNOWN
    vocab = Vocabulary(words=common | known, names=names, known=known - names)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")
        tmp.write_text(json.dumps({"words": sorted(vocab.words), "names": sorted(vocab.names),
                                   "known": sorted(vocab.known)}), encoding="utf-8")
        os.replace(tmp, path)
    except OSError as exc:
        log.info("vocabulary: not cached (%s)", exc.__class__.__name__)
    return vocab


def _cache_path() -> Path:
    """The cache file of the base vocabulary for these package versions and knowledge files."""
    digest = hashlib.sha256(VERSION.encode())
    for package in ("wordfreq", "faker", "english-words"):
        digest.update(f"{package}={metadata.version(package)};".encode())
    for name in ("intents.yaml", "measures.yaml"):
        digest.update(knowledge_path(name).read_bytes())
    digest.update(Path(__file__).read_bytes())
    root = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
    return root / "schoolbot" / f"vocabulary-{digest.hexdigest()[:16]}.json"


_BY_DATABASE: dict[str, Vocabulary] = {}
_LOCK = threading.Lock()
_KEEP = 8  # databases whose vocabulary is kept (a process normally has one)


def vocabulary_for(engine) -> Vocabulary:
    """The base vocabulary plus the school, place and LA names in `engine`'s records (built once
    per database URL per process; the base vocabulary alone when the records cannot be read)."""
    key = str(engine.url)
    with _LOCK:
        if key not in _BY_DATABASE:
            vocab = _from_records(engine)
            if vocab is None:  # the database is down: try again next time
                return base_vocabulary()
            while len(_BY_DATABASE) >= _KEEP:
                _BY_DATABASE.pop(next(iter(_BY_DATABASE)))
            _BY_DATABASE[key] = vocab
        return _BY_DATABASE[key]


def _from_records(engine) -> Vocabulary | None:
    from sqlalchemy import select

    from bot.models import LocalAuthority, School, SchoolName

    vocab = base_vocabulary()
    try:
        with engine.connect() as conn:
            rows = conn.execute(select(School.urn, School.name, School.town, School.locality,
                                       School.address3, School.la_name, School.county)).all()
            former = conn.execute(select(SchoolName.urn, SchoolName.name)
                                  .where(SchoolName.kind != "current")).all()
            las = conn.execute(select(LocalAuthority.name)).scalars().all()
    except Exception as exc:
        log.warning("vocabulary: the records could not be read (%s); school and place names are "
                    "masked until they can be", type(exc).__name__)
        return None
    schools = [(r.urn, r.name) for r in rows if r.name] + [(u, n) for u, n in former if n]
    places = {p for r in rows for p in r[2:] if p} | {n for n in las if n}
    return vocab.with_records(schools, places)
