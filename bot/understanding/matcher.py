"""Finding the school a parent means: a word index over normalised names, then weighted fuzzy scoring.

Build once with `SchoolIndex.from_engine(engine)` (from the rows `bot.records.index_rows` reads,
through `from_rows`; or `from_records` in tests and benchmarks), then
`index.match(school_text, place=..., phase=...)` returns a `MatchResult` whose `decision` is
`unique` (answer about `candidates[0]`), `ambiguous` (ask which of `candidates`) or `none`.

Names are normalised (St/Saint, CofE/C of E/Church of England -> ce, RC/Catholic -> rc, Inf -> infant,
apostrophes, "the"/"school"/"academy" dropped). Each word carries an inverse-document-frequency
weight, so "Tomlinscote" counts for far more than "St" or "Primary". Candidates come from the
postings of the question's rarer words (misspellings found through a one-edit deletion index);
the best few are scored 0-100 from how much of the question the name (or the school's town) covers
and how much of the name the question covers. A wrong school stated with confidence is the worst
outcome, so `unique` needs a high score, most of the name, a clear lead and no phase contradiction
("Tomlinscote Primary"), or else the one plausible school at a place the question names.
"""

from __future__ import annotations

import gc
import heapq
import math
import re
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from functools import lru_cache
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein
from sqlalchemy import Engine

from bot.understanding.names import NOISE as NOISE_WORDS
from bot.understanding.names import WORDS, literal_tokens, name_tokens
from bot.understanding.places import district_of
from bot.understanding.text import fold

if TYPE_CHECKING:
    from bot.records import IndexRows

NONE_BELOW = 70.0  # best score under this: no school found
UNIQUE_FROM = 86.0  # a unique answer needs at least this ...
MARGIN = 10.0  # ... and a lead of this over the next school (EXACT_MARGIN when the question
EXACT_MARGIN = 3.0  # is exactly one school's name and the others have words it does not say)
ACCUMULATE_SHARE = 1 / 25  # words in more names than this share ("st", "primary") find no
FALLBACK_SHARE = 3 / 25  # candidates unless the question has no rarer word; "primary" alone finds none
TOP_K = 40  # names scored fully per question
CANDIDATE_TARGET = 150  # words beyond the two rarest find candidates only while fewer than this
PRE_K = 600  # candidates checked for the common words
PLACE_WORD_WEIGHT = 2.0
UNKNOWN_WORD_WEIGHT = 6.0  # a word in no name and no place: probably not a school we know
EXACT_NEIGHBOUR_PENALTY = 0.85  # "cort" read as "court": a real word taken for another
# Misspellings of these are corrected before matching; on a tie the earlier word wins.
COMMON_WORDS = ("school", "academy", "catholic", "england", "church", "primary", "juniors", "junior",
                "infants", "infant", "nursery", "community", "college", "voluntary", "controlled", "aided",
                "saints", "saint", "roman", "secondary", "grammar", "methodist", "foundation", "federation")
GENERIC_WORDS = frozenset({
    "st", "ss", "ce", "rc", "primary", "secondary", "infant", "junior", "nursery", "high", "middle", "first",
    "school", "schools", "academy", "college", "community", "church", "of", "the", "and", "va", "vc",
    "voluntary", "aided", "controlled", "grammar", "sixth", "form", "free", "special", "comprehensive",
    "upper", "lower", "girls", "boys", "foundation", "trust", "federation", "a", "c", "e", "cp",
})
_LETTERS = re.compile(r"[A-Za-z]+")
PHASE_WORDS = frozenset({"primary", "infant", "junior", "nursery", "secondary", "high", "middle", "first"})
PHASE_KIND = {"primary": "primary", "infant": "primary", "junior": "primary", "nursery": "primary",
              "first": "primary", "secondary": "secondary", "high": "secondary"}
PRIMARY_PARTS = frozenset({"primary", "infant", "junior", "first"})
PHASE_CONFLICT_PENALTY = 15.0
OMITTED_PHASE_PENALTY = 8.0  # "Cove School" names a school without "Infant" in its name
NOT_A_COLLEGE_PENALTY = 5.0  # "Crestwood College": not The Crestwood School
NOT_A_SCHOOL_PENALTY = 8.0
LOCAL_WINDOW = 20.0  # namesakes this close in the fully covered areas are offered beside a far school
GENDER_CONFLICT_PENALTY = 15.0  # "Reigate Girls School": not Reigate School (mixed)
GENDER_WORDS = frozenset({"girls", "boys"})
PLACED_COVERAGE = 0.85
NAME_COVERAGE = 0.5  # ... and the question must name at least this share of the school's name
_PRUNE = True  # skip names that cannot reach the TOP_K (same result; off in a test to compare)
PLACE_STOP = frozenset({"upon", "on", "the", "in", "of", "le", "de", "under", "by", "super", "mare"})


@dataclass(frozen=True)
class SchoolRecord:
    """What the matcher needs to know about one school (from the database or a test)."""

    urn: int
    name: str
    town: str | None = None
    phase: str | None = None
    is_open: bool = True
    la_name: str | None = None
    postcode: str | None = None
    locality: str | None = None
    address3: str | None = None
    former_names: tuple[str, ...] = ()
    successor_urn: int | None = None  # set on a closed school: the school that replaced it
    gender: str | None = None  # GIAS: Boys | Girls | Mixed
    detailed: bool = True  # in a GIAS extract (the areas the records cover in full), not only in results


@dataclass
class Candidate:
    """One school the question may mean. `via_predecessor` is the URN of the closed school the
    question named when this school is its successor; `matched_name` is the name that matched
    (a former name, or the predecessor's)."""

    urn: int
    name: str
    town: str | None
    phase: str | None
    is_open: bool
    score: float
    la_name: str | None = None
    matched_name: str = ""
    via_predecessor: int | None = None
    name_coverage: float = 0.0  # share of the matched name's word weight the question said

    @property
    def label(self) -> str:
        """"Name — Town, phase" for a clarifying question."""
        where = ", ".join(x for x in (self.town or self.la_name, (self.phase or "").lower()) if x)
        closed = "" if self.is_open else " (closed)"
        return f"{self.name}{closed} — {where}" if where else f"{self.name}{closed}"


@dataclass
class MatchResult:
    """The outcome: `decision` is unique | ambiguous | none.

    unique: `candidates[0]` is the school (others, if listed, are clearly weaker).
    ambiguous: ask which of `candidates` (usually 2+, each with town and phase; a single
    candidate means "did you mean ...?" — never answer about it without asking). `total` counts
    all plausible schools (there may be more than `limit`, e.g. 40 St Mary's).
    none: no school is close enough; `candidates` may hold weak suggestions, never an answer.
    `place_matched`: True when the place named narrowed the candidates; False when no plausible
    school is at that place, or the place is unknown and was not part of a name; None when no
    place was named (or it was read as part of the name).
    """

    decision: str
    candidates: list[Candidate] = field(default_factory=list)
    query: str = ""
    place: str | None = None
    place_matched: bool | None = None
    total: int = 0

    @property
    def school(self) -> Candidate | None:
        """The school when the decision is unique, else None."""
        return self.candidates[0] if self.decision == "unique" and self.candidates else None


class _Scored(NamedTuple):
    score: float
    variant: int
    coverage: float  # share of the question's word weight the name (or town) covers
    name_coverage: float  # share of the name's word weight the question covers
    by_place: bool  # a town/LA/postcode word of the question matched this school
    conflict: bool  # the question names another phase ("Tomlinscote Primary")


class _Asked(NamedTuple):
    """What the question says that a name may contradict or lack."""

    phases: frozenset[str]  # the phase words said ("primary", "infant", ...)
    school: bool  # "school" said in so many words
    college: bool  # "college" said in so many words
    gender: frozenset[str]  # "girls" or "boys" said


@dataclass
class _Entry:
    record: SchoolRecord
    place_words: frozenset[str]


_RUNTIME = frozenset({"_similar", "respelt", "_answers"})  # per-process caches: see SchoolIndex._start
_RECORD_FIELDS = tuple(f.name for f in fields(SchoolRecord))


class SchoolIndex:
    """An in-memory index of school names (current and former), towns and successors."""

    # Built lists and dicts, or (from a start-up cache) views that make each record when read.
    records: Mapping[int, SchoolRecord]
    entries: Sequence[_Entry]

    def __init__(self, records: list[SchoolRecord]):
        with _gc_paused():
            self._build(records)

    def _build(self, records: list[SchoolRecord]) -> None:
        self.records = {r.urn: r for r in records}
        entries: list[_Entry] = []
        self.entries = entries
        self.variants: list[tuple[int, tuple[str, ...], str]] = []  # (entry, words, name)
        postings: dict[str, list[int]] = defaultdict(list)
        self.by_place: dict[str, set[int]] = defaultdict(set)
        self.by_district: dict[str, set[int]] = defaultdict(set)
        shared: dict[frozenset[str], frozenset[str]] = {}
        for r in records:
            e = len(self.entries)
            places = [p for p in (r.town, r.locality, r.address3, r.la_name) if p]
            words = {w for p in places for w in _place_words(p)}
            district = district_of(r.postcode or "")
            if district:
                words.add(district.lower())
                self.by_district[district].add(e)
            for p in places:
                self.by_place[" ".join(_place_words(p))].add(e)
            frozen = frozenset(words)
            entries.append(_Entry(r, shared.setdefault(frozen, frozen)))  # one copy of each set
            seen = set()
            for name in (r.name, *r.former_names):
                toks = tuple(name_tokens(name))
                if not toks or toks in seen:
                    continue
                seen.add(toks)
                v = len(self.variants)
                self.variants.append((e, toks, name))
                for w in set(toks):
                    postings[w].append(v)
        self.postings = dict(postings)
        self.variant_words = [frozenset(toks) for _, toks, _ in self.variants]
        n = max(len(self.variants), 1)
        self.weight = {w: math.log((n + 1) / (len(p) + 0.5)) for w, p in self.postings.items()}
        # fsum: the same total whatever order a set gives its words (PYTHONHASHSEED)
        self.name_weight = [math.fsum(self.weight[t] for t in words) for words in self.variant_words]
        self.vocab = sorted(self.postings)
        self.deletes: dict[str, list[str]] = defaultdict(list)
        for w in self.vocab:
            if len(w) >= 4:
                for d in _deletions(w):
                    self.deletes[d].append(w)
        self.place_postings: dict[str, list[int]] = defaultdict(list)
        for v, (e, _, _) in enumerate(self.variants):
            for w in self.entries[e].place_words:
                self.place_postings[w].append(v)
        self.place_keys = sorted(self.by_place)
        self.place_vocab = frozenset(w for e in self.entries for w in e.place_words)
        self.place_vocab_sorted = sorted(self.place_vocab)
        self.la_words = frozenset(w for r in records if r.la_name for w in _place_words(r.la_name))
        self.home_las = frozenset(r.la_name for r in records if r.detailed and r.la_name)  # full extracts
        self.urn_entry = {r.urn: i for i, r in enumerate(e.record for e in self.entries)}
        self._start()

    def _start(self) -> None:
        """The per-process caches, empty (not part of the stored state)."""
        self._similar = lru_cache(maxsize=20000)(self._similar_uncached)
        self.respelt = lru_cache(maxsize=8192)(self._respelt_uncached)
        self._answers: dict[int, tuple[SchoolRecord, int | None]] = {}  # entry -> who answers

    def df(self, word: str) -> int:
        """In how many names `word` appears."""
        return len(self.postings[word])

    # ---- building -------------------------------------------------------------------------
    def state(self) -> dict[str, object]:
        """The built index as plain data (postings, weights, ..., the records as columns), for
        `from_state`: what bot.startup_cache keeps so that a process loads the index instead of
        building it."""
        state = {k: v for k, v in vars(self).items() if k not in _RUNTIME and k not in ("records", "entries")}
        records = [e.record for e in self.entries]
        state["record_columns"] = (_RECORD_FIELDS, [[getattr(r, f) for r in records] for f in _RECORD_FIELDS])
        state["entry_places"] = [e.place_words for e in self.entries]
        return state

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> SchoolIndex:
        """The index `state()` described, with empty per-process caches. Its `entries` and
        `records` make each school's record when first asked for (a question reads a few dozen
        of them), so loading takes no time per school."""
        state = dict(state)
        names, columns = state.pop("record_columns")
        places = state.pop("entry_places")
        if tuple(names) != _RECORD_FIELDS or any(len(c) != len(places) for c in columns):
            raise ValueError("the records' columns do not fit this SchoolRecord")
        index = cls.__new__(cls)
        vars(index).update(state)
        index.entries = _LoadedEntries(columns, places)
        index.records = _LoadedRecords(index.entries, index.urn_entry)
        index._start()
        return index

    @classmethod
    def from_records(cls, records: list[SchoolRecord]) -> SchoolIndex:
        """An index over plain records (tests, benchmarks)."""
        return cls(records)

    @classmethod
    def from_engine(cls, engine: Engine) -> SchoolIndex:
        """An index over every school in the database (not children's centres), with former names
        and successor links, as `records.index_rows` reads them."""
        from bot import records  # the records layer only when an index is built from a database

        with _gc_paused():
            return cls.from_rows(records.index_rows(engine))

    @classmethod
    def from_rows(cls, found: IndexRows) -> SchoolIndex:
        """An index over the rows `records.index_rows` read: each school's record, its former
        names, and the open school that replaced it (when exactly one did)."""
        # A school split in two has no single successor to answer for it.
        successor = {urn: next(iter(s)) for urn, s in found.successors.items() if len(s) == 1}
        known = {s.urn for s in found.schools}
        # A school whose successor is in the records has been replaced, whatever its own row says.
        replaced = {urn for urn, s in found.successors.items() if s & known}
        pool: dict[str | None, str | None] = {}
        one = pool.setdefault  # one copy of each town, LA, phase ... (less memory, a smaller cache)
        with _gc_paused():
            return cls([
                SchoolRecord(
                    urn=s.urn, name=s.name, town=one(s.town, s.town), phase=one(s.phase, s.phase),
                    is_open=bool(s.is_open) and s.urn not in replaced,
                    la_name=one(s.la_name, s.la_name), postcode=s.postcode,
                    locality=one(s.locality, s.locality), address3=one(s.address3, s.address3),
                    former_names=tuple(n for n in found.former.get(s.urn, ()) if n != s.name),
                    successor_urn=successor.get(s.urn), gender=one(s.gender, s.gender),
                    detailed=s.as_of is not None,
                )
                for s in found.schools
            ])

    # ---- matching ---------------------------------------------------------------------------
    def match(self, school_text: str, *, place: str | None = None, phase: str | None = None,
              limit: int = 5) -> MatchResult:
        """Rank the schools `school_text` may mean (a contract: the core calls this).

        `place` (full postcode, district, town, locality or LA name) keeps only the schools there
        when any fits (`place_matched`); a place the index does not know is read as part of the
        name. `phase` ("primary", "secondary", ...) prefers schools of that phase when any fits.
        At most `limit` candidates are returned; `total` counts the plausible ones."""
        query = school_text or ""
        allowed = self._resolve_place(place) if place else None
        if place and allowed is None:
            # Not a place we know: probably part of the name ("St Mary in the Marsh"), but
            # perhaps not a place at all; take whichever reading finds a school.
            with_place = self.match(f"{query} {place}".strip(), phase=phase, limit=limit)
            if not query.strip() or with_place.decision == "unique":
                return with_place
            without = self.match(query, phase=phase, limit=limit)
            best = without if without.decision != "none" else with_place
            return replace(best, place=place, place_matched=False)
        query = self._respell(query)
        words = name_tokens(query) if query.strip() else []
        if all(w in GENERIC_WORDS for w in words):  # "primary school", "St": no school named
            return MatchResult("none", query=query, place=place)
        scored = self._score(words, literal_tokens(query))
        if not scored:
            return MatchResult("none", query=query, place=place)
        place_matched = None
        if allowed is not None:
            inside = {e: s for e, s in scored.items() if e in allowed}
            place_matched = bool(inside) and max(s.score for s in inside.values()) >= NONE_BELOW
            if place_matched:
                scored = inside
        if phase:
            same = {e: s for e, s in scored.items() if _phase_fits(self.entries[e].record.phase, phase)}
            if same and max(s.score for s in same.values()) >= NONE_BELOW:
                scored = same
        said = {v for w in words for v, _ in self._similar(w)} | set(words)
        return self._decide(scored, query, place, place_matched, limit, said)

    def _respell(self, query: str) -> str:
        """Correct misspelt common name words first ("Scohol", "Ctaholic", "Engladn")."""
        def fix(m: re.Match) -> str:
            fixed = self.respelt(m.group(0).lower())
            return m.group(0) if fixed == m.group(0).lower() else fixed

        return _LETTERS.sub(fix, fold(query))

    def _respelt_uncached(self, low: str) -> str:
        """A lower-case word, or the common name word it misspells ("scohol" -> "school")."""
        if len(low) < 5 or WORDS.get(low, low) in self.postings or low in COMMON_WORDS \
                or low in WORDS or low in self.place_vocab:
            return low
        hit = process.extractOne(low, COMMON_WORDS, scorer=DamerauLevenshtein.normalized_similarity,
                                 score_cutoff=0.79)
        return hit[0] if hit else low

    def knows(self, word: str) -> str | None:
        """How the index knows one normalised word: "name" (a word of some school's name),
        "place" (of a town, locality, LA or postcode district), "name~" or "place~" (a likely
        misspelling of one), or None."""
        if word in self.postings:
            return "name"
        if word in self.place_vocab:
            return "place"
        if len(word) < 4 or not word.isalpha():
            return None
        if self.name_likeness(word) >= 0.8:
            return "name~"
        if len(word) >= 5 and process.extractOne(word, self.place_vocab_sorted, scorer=fuzz.ratio,
                                                 score_cutoff=85):
            return "place~"
        return None

    def name_likeness(self, word: str) -> float:
        """How close `word` comes to a word of some school's name: 1.0 when it is one, about
        0.8-0.95 for a misspelling (0.8 for the start of a longer name word), else 0.0."""
        similar = self._similar(word)
        return similar[0][1] if similar else 0.0

    def split_joined(self, word: str) -> list[str] | None:
        """Two words of names run together ("hinchleywood" -> ["hinchley", "wood"], "harrisacademy"
        -> ["harris", "academy"]), the rarer split first; None when `word` is not such a pair."""
        if len(word) < 6 or word in self.postings or word in self.place_vocab:
            return None
        best = None
        for i in range(2, len(word) - 1):
            left, right = word[:i], word[i:]
            if self._name_part(left) and self._name_part(right):
                weight = min(self.weight.get(left, PLACE_WORD_WEIGHT), self.weight.get(right, PLACE_WORD_WEIGHT))
                if best is None or weight > best[0]:
                    best = (weight, [left, right])
        return [WORDS.get(w, w) for w in best[1]] if best else None

    def _name_part(self, word: str) -> bool:
        word = WORDS.get(word, word)  # "catholic" is "rc", "cofe" "ce" in the index
        return (len(word) >= 3 and (word in self.postings or word in self.place_vocab)) or \
            word in GENERIC_WORDS or word in NOISE_WORDS

    def is_place(self, text: str) -> bool:
        """True when `text` is a postcode district, town, locality or LA of some school."""
        return self._resolve_place(text) is not None

    def _resolve_place(self, place: str) -> set[int] | None:
        district = district_of(place)
        if district:
            return set(self.by_district.get(district, set())) or None
        key = " ".join(_place_words(place))
        if not key:
            return None
        if key in self.by_place:
            return self.by_place[key]
        hit = process.extractOne(key, self.place_keys, scorer=fuzz.ratio, score_cutoff=88)
        return self.by_place[hit[0]] if hit else None

    def _similar_uncached(self, word: str) -> tuple[tuple[str, float], ...]:
        """Index words like `word` with a similarity in 0..1: the word itself, words one edit
        away (found through a deletion index) and, for a shortened name, words it begins."""
        exact = word in self.postings
        out: dict[str, float] = {word: 1.0} if exact else {}
        if len(word) >= 3 and word.isalpha():
            near: set[str] = set()
            for key in (word, *_deletions(word)):
                near.update(self.deletes.get(key, ()))
                if key in self.postings:
                    near.add(key)
            cutoff = 85 if len(word) == 3 or exact else 75 if len(word) <= 5 else 80
            for w in near:
                score = fuzz.ratio(word, w)
                if score >= cutoff and w != word:
                    out[w] = score / 100 * (EXACT_NEIGHBOUR_PENALTY if exact else 1.0)
            if len(word) >= 5 and not exact:  # a shortened name: "tomlins" for "tomlinscote"
                i = bisect_left(self.vocab, word)
                while i < len(self.vocab) and self.vocab[i].startswith(word) and len(out) < 16:
                    out.setdefault(self.vocab[i], 0.8)
                    i += 1
        return tuple(sorted(out.items(), key=lambda kv: (-kv[1], kv[0])))

    def _joined(self, words: list[str]) -> list[str]:
        """Join split words that form one index word ("tomlins cote" -> "tomlinscote")."""
        out: list[str] = []
        i = 0
        while i < len(words):
            if i + 1 < len(words) and words[i] not in self.postings and words[i] + words[i + 1] in self.postings:
                out.append(words[i] + words[i + 1])
                i += 2
            else:
                out.append(words[i])
                i += 1
        return out

    def _score(self, words: list[str], literal: tuple[str, ...] = ()) -> dict[int, _Scored]:
        """The best-scoring name of each candidate school entry.

        Pass 1 adds up, through the postings of the rarer words, how much of the question each
        name covers (`_finders`, `_through_postings`, `_through_places`); pass 2 adds the common
        words for the best PRE_K (`_with_common_words`); pass 3 scores the best TOP_K fully
        (`_scored_fully`: question and name coverage, town words, phase contradictions).
        """
        words = self._joined(words)
        if not words:
            return {}
        sims = [dict(self._similar(w)) for w in words]
        qweights = [self._query_weight(w, sim) for w, sim in zip(words, sims)]
        found = self._finders(words, sims)
        if found is None:
            return {}
        rare, common, exact_only = found
        fast, bests = self._through_postings(rare, common, qweights)
        if exact_only is not None:
            fast = {var: x for var, x in fast.items() if self.variant_words[var] == exact_only}
        self._through_places(fast, words, sims, qweights)
        acc = self._with_common_words(fast, bests, common, qweights)
        top = sorted(acc.items(), key=itemgetter(1), reverse=True)[:TOP_K]
        return self._scored_fully(top, words, sims, qweights, literal)

    def _query_weight(self, word: str, sim: dict[str, float]) -> float:
        """How much a word of the question counts: the weight of its best look-alike in the names,
        else a place word's or an unknown word's."""
        if sim:
            return self.weight[max(sim, key=sim.__getitem__)]
        return PLACE_WORD_WEIGHT if word in self.place_vocab else UNKNOWN_WORD_WEIGHT

    def _finders(self, words: list[str], sims: list[dict[str, float]]
                 ) -> tuple[list[dict[str, float]], list[dict[str, float]], frozenset[str] | None] | None:
        """Per word of the question, its look-alikes that find candidates through the postings
        (`rare`) and those only checked per candidate (`common`), and, when only common words
        were asked, the exact words a name must be made of; None when no word finds any."""
        cap = max(300, len(self.variants) * ACCUMULATE_SHARE)
        exact_only: frozenset[str] | None = None
        distinctive = any(w not in GENERIC_WORDS for w in words)
        rare = [{v: x for v, x in sim.items() if self.df(v) <= cap} if not (distinctive and w in GENERIC_WORDS)
                else {} for w, sim in zip(words, sims)]
        common = [{v: x for v, x in sim.items() if v not in r} for sim, r in zip(sims, rare)]
        if not any(rare):  # only common words ("St John's High"): the rarest of them finds candidates
            options = [(self.df(v), i, v) for i, sim in enumerate(common) for v in sim
                       if self.df(v) <= max(900, len(self.variants) * FALLBACK_SHARE)]
            if not options:
                return None
            _, i, v = min(options)
            rare[i] = {v: common[i].pop(v)}
            exact_only = frozenset(words)  # and then only a name made of exactly these words
        # The rarest two words always find candidates (one may be misspelt or not in the name);
        # more words only while few candidates are found. The others are checked per candidate.
        order = sorted((min(self.df(v) for v in sim), i) for i, sim in enumerate(rare) if sim)
        found = 0
        for k, (df, i) in enumerate(order):
            if k >= 2 and found >= CANDIDATE_TARGET:
                common[i].update(rare[i])
                rare[i] = {}
            found += df
        return rare, common, exact_only

    def _through_postings(self, rare: list[dict[str, float]], common: list[dict[str, float]],
                          qweights: list[float]) -> tuple[dict[int, float], list[dict[int, float]]]:
        """Pass 1: {variant: the question's word weight it has} through the postings of the
        finding words, and per word the best similarity each variant found has (empty when the
        word has one look-alike and no common ones: nothing to check later)."""
        fast: dict[int, float] = defaultdict(float)  # weight found through the postings
        bests: list[dict[int, float]] = []  # per word, when it also has common look-alikes
        for sim, com, qw in zip(rare, common, qweights):
            # (0.0 + y == y for the positive y here, so a first word may fill `fast` directly)
            if len(sim) == 1 and not com:
                (v, x), = sim.items()
                gain = qw * x
                if not fast and gain > 0.0:
                    fast.update(dict.fromkeys(self.postings[v], gain))
                else:
                    for var in self.postings[v]:
                        fast[var] += gain
                bests.append({})
                continue
            best = _best_of(sim, self.postings)
            if not fast and qw > 0.0:
                fast.update({var: qw * x for var, x in best.items()})
            else:
                for var, x in best.items():
                    fast[var] += qw * x
            bests.append(best)
        return fast, bests

    def _through_places(self, fast: dict[int, float], words: list[str], sims: list[dict[str, float]],
                        qweights: list[float]) -> None:
        """Pass 1, places: add to each candidate found the weight of the question's words that
        are its town's (or LA's, or postcode district's), unless the word is in its name too."""
        variant_words = self.variant_words
        for w, sim, qw in zip(words, sims, qweights):
            exact = sim.get(w) == 1.0  # a name word too: "Bushey" in "The Grange Academy Bushey"
            for var in self.place_postings.get(w, ()):
                if var in fast and not (exact and w in variant_words[var]):
                    fast[var] += qw

    def _with_common_words(self, fast: dict[int, float], bests: list[dict[int, float]],
                           common: list[dict[str, float]], qweights: list[float]) -> dict[int, float]:
        """Pass 2: the words that found no candidates, checked on the best PRE_K candidates only;
        {variant: total}, skipping the names that cannot reach the TOP_K."""
        variant_words = self.variant_words
        # (sorted(..., reverse=True)[:n] is what heapq.nlargest returns, ties in the same order)
        pre = sorted(fast.items(), key=itemgetter(1), reverse=True)[:PRE_K] if len(fast) > PRE_K \
            else fast.items()
        # Per word: its look-alikes best first, so the first one a name has is the best it has.
        checks = [(best, sorted(com.items(), key=_by_similarity), qw)
                  for best, com, qw in zip(bests, common, qweights) if com]
        # What a name could gain at most from each word, added the way `total` adds it: float
        # addition and multiplication are monotonic, so no name's total exceeds `fast` plus these.
        # A name whose bound is no more than the TOP_K-th total so far cannot enter the top (those
        # TOP_K come before it, and win a tie), nor can any after it when `pre` is sorted.
        gains = [qw * (alike[0][1] - 0.0) for _, alike, qw in checks]
        prune = _PRUNE and all(qw > 0.0 and alike[-1][1] > 0.0 for _, alike, qw in checks)
        ordered = len(fast) > PRE_K
        # A word with one look-alike is one membership test; with no postings found for it
        # (best empty, so x == 0.0) its gain is the same for every name.
        steps = [(alike[0][0] if len(alike) == 1 else None, alike, best, qw,
                  qw * (alike[0][1] - 0.0) if len(alike) == 1 and not best and alike[0][1] > 0.0 else None)
                 for best, alike, qw in checks]
        kept: list[float] = []  # min-heap of the TOP_K best totals so far
        acc: dict[int, float] = {}
        bound_of = bound = math.nan
        for var, total in pre:
            if prune and len(kept) >= TOP_K:
                if total != bound_of:
                    bound_of = bound = total
                    for g in gains:
                        bound += g
                if bound <= kept[0]:
                    if ordered:
                        break
                    continue
            toks = variant_words[var]
            for key, alike, best, qw, gain in steps:
                if key is not None:
                    if key not in toks:
                        continue
                    if gain is not None:
                        total += gain
                        continue
                    y = alike[0][1]
                else:
                    for v, y in alike:  # noqa: B007 (y, the word found, is read after the loop)
                        if v in toks:
                            break
                    else:
                        continue
                x = best.get(var, 0.0)
                if y > x:
                    total += qw * (y - x)
            acc[var] = total
            if prune:
                if len(kept) < TOP_K:
                    heapq.heappush(kept, total)
                elif total > kept[0]:
                    heapq.heapreplace(kept, total)
        return acc

    def _scored_fully(self, top: list[tuple[int, float]], words: list[str], sims: list[dict[str, float]],
                      qweights: list[float], literal: tuple[str, ...]) -> dict[int, _Scored]:
        """Pass 3: each of the `top` variants scored 0-100 from the question's and the name's
        coverage, less the penalties (`_penalised`); the best variant of each entry."""
        total_q = sum(qweights)
        asked = _Asked(
            phases=PHASE_WORDS.intersection(words),
            school="school" in literal,  # "Cove School": not Cove Infant School
            college="college" in literal,
            gender=GENDER_WORDS.intersection(words),  # "Woking Girls High": not Woking High
        )
        scored: dict[int, _Scored] = {}
        # A word with one look-alike (most) needs no set built per name.
        qinfo = [(w, sim, next(iter(sim)) if len(sim) == 1 else None, sim.keys(), qw)
                 for w, sim, qw in zip(words, sims, qweights)]
        for v, _ in top:
            e = self.variants[v][0]
            covered, by_place, name_best = self._coverage(v, qinfo)
            q_cov = covered / total_q
            n_tot = self.name_weight[v]
            n_cov = math.fsum(self.weight[t] * x for t, x in name_best.items()) / n_tot if n_tot else 0.0
            score = 100.0 * (0.8 * q_cov + 0.2 * n_cov)
            score, conflict = self._penalised(v, score, asked)
            if e not in scored or score > scored[e].score:
                scored[e] = _Scored(score, v, q_cov, n_cov, by_place, conflict)
        return scored

    def _coverage(self, v: int, qinfo: list[tuple]) -> tuple[float, bool, dict[str, float]]:
        """How much of the question's word weight name variant `v` (or its school's place)
        covers, whether a place word counted, and the best similarity of each name word said."""
        toks_set = self.variant_words[v]
        place_words = self.entries[self.variants[v][0]].place_words
        covered = 0.0
        by_place = False
        name_best: dict[str, float] = {}
        for w, sim, only, keys, qw in qinfo:
            s = 0.0
            if only is not None:
                if only in toks_set:
                    x = sim[only]
                    if x > name_best.get(only, 0.0):
                        name_best[only] = x
                    if x > s:
                        s = x
            else:
                for t in keys & toks_set:
                    x = sim[t]
                    if x > name_best.get(t, 0.0):
                        name_best[t] = x
                    if x > s:
                        s = x
            if s < 1.0:
                if w in place_words:
                    s, by_place = 1.0, True
                else:  # a misspelt place: "winchestr"
                    for t in keys & place_words:
                        if sim[t] > s:
                            s, by_place = sim[t], True
            covered += qw * s
        return covered, by_place, name_best

    def _penalised(self, v: int, score: float, asked: _Asked) -> tuple[float, bool]:
        """`score` less the points name variant `v` loses for what it contradicts or lacks
        (another phase, a phase or "school" or "college" not said, the other gender), and
        whether it contradicts the phase asked."""
        e, toks, name = self.variants[v]
        record = self.entries[e].record
        conflict = bool(asked.phases) and _phase_conflict(asked.phases, toks, record.phase)
        if conflict:
            score -= PHASE_CONFLICT_PENALTY
        if asked.school and PHASE_WORDS.intersection(toks) - asked.phases:
            score -= OMITTED_PHASE_PENALTY
        named_words = literal_tokens(name)
        if asked.college and "college" not in named_words:
            score -= NOT_A_COLLEGE_PENALTY
        if asked.school and "school" not in named_words:  # "Oakfield School": not "Oakfield"
            score -= NOT_A_SCHOOL_PENALTY
        if asked.gender and not asked.gender & self.variant_words[v] and _other_gender(asked.gender, record.gender):
            score -= GENDER_CONFLICT_PENALTY
        return score, conflict

    def _decide(self, scored: dict[int, _Scored], query: str, place: str | None,
                place_matched: bool | None, limit: int, said: set[str]) -> MatchResult:
        # Successors answer for closed schools; keep each school once at its best score.
        # (Candidates are made only for the schools returned.)
        by_urn: dict[int, tuple[SchoolRecord, int | None, _Scored]] = {}
        best: dict[int, _Scored] = {}  # raw scores may exceed 100; the candidate's is capped
        for e, scored_e in scored.items():
            record, via = self._answering(e)
            urn = record.urn
            old = best.get(urn)
            if old is None or scored_e.score > old.score or (
                scored_e.score == old.score and by_urn[urn][1] and not via
            ):
                by_urn[urn], best[urn] = (record, via, scored_e), scored_e
        raw = {urn: b.score for urn, b in best.items()}
        # on a tie, a school named by its own name before one answering for a closed namesake
        # (and, among equals, schools of the areas the records hold in full first: the ones a
        # clarifying question lists)
        ranked = sorted(by_urn, key=lambda u: (-raw[u], not by_urn[u][0].is_open, by_urn[u][1] is not None,
                                               not by_urn[u][0].detailed, by_urn[u][0].name, u))

        def made(urns: list[int]) -> list[Candidate]:
            out = []
            for u in urns:
                record, via, scored_u = by_urn[u]
                out.append(self._made(record, via, min(scored_u.score, 100.0), scored_u.variant,
                                      scored_u.name_coverage))
            return out

        top = raw[ranked[0]]
        if top < NONE_BELOW:
            return MatchResult("none", made(ranked[:limit]), query, place, place_matched, 0)
        plausible = [u for u in ranked if raw[u] >= max(NONE_BELOW, top - MARGIN)]
        # Open schools beat closed ones of a similar score; a closed school that scores best is
        # not offered beside an open one, nor is the open one answered for it without asking.
        closed_top = not by_urn[plausible[0]][0].is_open
        if any(by_urn[u][0].is_open for u in plausible):
            plausible = [u for u in plausible if by_urn[u][0].is_open]
        else:
            closed_top = False
        first = plausible[0]
        alone = len(plausible) == 1 or raw[plausible[1]] <= top - MARGIN
        if not alone and best[first].coverage > 0.99 and best[first].name_coverage > 0.99 \
                and self._literally(best[first].variant, query):
            # The question is exactly this school's name; every close rival has a distinctive
            # word the question does not say ("Ibstock School", not "Ibstock Place School"; its
            # own town, as in "St Peter's Catholic Primary School, Winchester", does not count).
            # A rival that fits only by reading a name word as its place ("Southend" for
            # Westcliff High School for Girls, in Southend) does not count either.
            # A rival that fits only through a closed namesake it replaced does not count either,
            # nor one that lacks a word the question says ("The Grove Primary Academy" is not
            # Guildford Grove Primary School).
            alone = all((raw[u] <= top - EXACT_MARGIN
                         and (best[u].by_place or self._says_more(best[u].variant, said)
                              or self._lacks_said(best[u].variant, query)))
                        or (by_urn[u][1] is not None and by_urn[first][1] is None)
                        for u in plausible[1:])
        # The one plausible school at the place named, covering the question's words, settles it.
        chosen = best[first]
        placed = (bool(place_matched) or chosen.by_place) and len(plausible) == 1 \
            and chosen.coverage >= PLACED_COVERAGE
        # ... naming enough of the school's name, or every word asked being in the one school
        # that fits ("perins": Perins School A Community Sports College)
        named = top >= UNIQUE_FROM and (chosen.name_coverage >= NAME_COVERAGE or (
            len(plausible) == 1 and chosen.coverage > 0.99))
        if place_matched is not False and alone and not chosen.conflict and (named or placed) \
                and not closed_top:
            local = self._local_namesakes(first, ranked, raw, by_urn, best, said)
            if local:  # a school known only from results files, and namesakes where records are full
                return MatchResult("ambiguous", made([first, *local][:limit]), query, place, place_matched,
                                   1 + len(local))
            rest = [u for u in ranked if u != first][: limit - 1]
            return MatchResult("unique", made([first, *rest]), query, place, place_matched, 1)
        if len(plausible) == 1 and not closed_top and any(
                len(w) >= 5 and not self._similar(w) and w not in self.place_vocab for w in said):
            # One look-alike, and the question has a name word no school has ("Meadowbrook
            # Primary School, Fleet" -> Fleet Primary School, Camden): not found, not "did you mean".
            return MatchResult("none", made(ranked[:limit]), query, place, place_matched, 0)
        # Many that fit: those of the areas the records hold in full are offered first.
        offered = sorted(plausible, key=lambda u: (by_urn[u][0].la_name not in self.home_las, -raw[u]))[:limit] \
            if len(plausible) > limit else plausible
        return MatchResult("ambiguous", made(offered), query, place, place_matched, len(plausible))

    def _local_namesakes(self, first: int, ranked: list[int], raw: dict[int, float], by_urn: dict,
                         best: dict, said: set[str]) -> list[int]:
        """When the school chosen is outside the areas the records hold in full (the LAs of its GIAS
        extracts), the schools there whose name holds every name word asked ("Ashley School":
        Ashley Junior School, New Milton, beside The Ashley School, Lowestoft): a parent there
        likely means one of them, so Schoolbot asks."""
        record, via, _ = by_urn[first]
        if record.la_name in self.home_las or via is not None:
            return []
        words = {w for w in said if w not in GENERIC_WORDS or w in PHASE_WORDS}
        out = []
        for u in ranked[1:]:
            rival, rival_via, scored = by_urn[u]
            if raw[u] < raw[first] - LOCAL_WINDOW or rival.la_name not in self.home_las \
                    or rival_via is not None or not rival.is_open:
                continue
            if words <= set(self.variant_words[scored.variant]):
                out.append(u)
        return out

    def _says_more(self, v: int, said: set[str]) -> bool:
        """True when name variant `v` has a distinctive word the question did not say, or a
        phase when the question said none ("Sandringham Infant", asked "Sandringham School")."""
        e, toks, _ = self.variants[v]
        places = self.entries[e].place_words
        phases = PHASE_WORDS.intersection(toks) if not PHASE_WORDS & said else set()
        return any(t not in said and (t not in GENERIC_WORDS or t in phases) and t not in places
                   for t in toks)

    def _lacks_said(self, v: int, query: str) -> bool:
        """True when name variant `v` lacks a word the question says, besides "the" and the
        school's own town."""
        e, _, name = self.variants[v]
        have = set(literal_tokens(name)) | set(self.entries[e].place_words)
        return bool(set(literal_tokens(query)) - {"the"} - have)

    def _literally(self, v: int, query: str) -> bool:
        """True when the question says name variant `v` word for word ("Oakfield School" is not
        "Oakfield"), give or take "the" and the school's own town."""
        e, _, name = self.variants[v]
        asked = set(literal_tokens(query)) - {"the"}
        named = set(literal_tokens(name)) - {"the"}
        return not named - asked and all(_place_words(w) and _place_words(w)[0] in self.entries[e].place_words
                                         for w in asked - named)

    def _answering(self, e: int) -> tuple[SchoolRecord, int | None]:
        """The school that answers for entry `e` (its open successor, or itself), and the URN of
        `e` when that is another school."""
        hit = self._answers.get(e)
        if hit is not None:
            return hit
        record = named = self.entries[e].record
        seen = {record.urn}
        while not record.is_open and record.successor_urn in self.urn_entry and record.successor_urn not in seen:
            record = self.entries[self.urn_entry[record.successor_urn]].record
            seen.add(record.urn)
        if not record.is_open:  # no open successor in the index: the named school answers
            record = named
        via = named.urn if record is not named else None
        self._answers[e] = hit = (record, via)
        return hit

    def _made(self, record: SchoolRecord, via: int | None, score: float, v: int,
              name_coverage: float = 0.0) -> Candidate:
        return Candidate(
            urn=record.urn, name=record.name, town=record.town, phase=record.phase,
            is_open=record.is_open, score=round(score, 1), la_name=record.la_name,
            matched_name=self.variants[v][2], via_predecessor=via,
            name_coverage=round(name_coverage, 3),
        )


class _LoadedEntries(Sequence):
    """A loaded index's entries (as the list a built index has): each entry and its record made
    from the columns `SchoolIndex.state` kept, the first time it is asked for."""

    def __init__(self, columns: list[list], places: list[frozenset[str]]) -> None:
        self._columns, self._places = columns, places
        self._made: list[_Entry | None] = [None] * len(places)

    def __len__(self) -> int:
        return len(self._made)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        entry = self._made[i]
        if entry is None:
            i = i if i >= 0 else i + len(self._made)
            record = object.__new__(SchoolRecord)  # as SchoolRecord(...) makes it, faster
            record.__dict__.update(zip(_RECORD_FIELDS, [column[i] for column in self._columns]))
            entry = self._made[i] = _Entry(record, self._places[i])
        return entry


class _LoadedRecords(Mapping):
    """A loaded index's records by URN (as the dict a built index has), made when first asked for."""

    def __init__(self, entries: _LoadedEntries, at: dict[int, int]) -> None:
        self._entries, self._at = entries, at

    def __getitem__(self, urn: int) -> SchoolRecord:
        return self._entries[self._at[urn]].record

    def __contains__(self, urn: object) -> bool:
        return urn in self._at

    def __iter__(self) -> Iterator[int]:
        return iter(self._at)

    def __len__(self) -> int:
        return len(self._at)


def _by_similarity(item: tuple[str, float]) -> float:
    return -item[1]


def _best_of(sim: dict[str, float], postings: dict[str, list[int]]) -> dict[int, float]:
    """{variant: the best similarity of a word of `sim` it has}, in the order the variants are
    first found going through `sim` (best first as `_similar` gives it) and their postings."""
    best: dict[int, float] = {}
    prev = math.inf
    for v, x in sim.items():
        if x > prev or x <= 0.0:  # not best first after all (or nothing to keep): the general way
            best = {}
            for v, x in sim.items():
                for var in postings[v]:
                    if x > best.get(var, 0.0):
                        best[var] = x
            return best
        prev = x
        if not best:
            best = dict.fromkeys(postings[v], x)
        else:  # x is no better than any value already found: only new variants take it
            setdefault = best.setdefault
            for var in postings[v]:
                setdefault(var, x)
    return best


def _deletions(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=50000)
def _place_words(place: str) -> tuple[str, ...]:
    return tuple(w for w in name_tokens(place) if w not in PLACE_STOP)


def _phase_conflict(query_phases: frozenset[str], name: tuple[str, ...], phase: str | None) -> bool:
    """"Tomlinscote Primary" for a secondary school; "Oakfield Infant" for Oakfield Junior."""
    named = PHASE_WORDS.intersection(name)
    if named:  # "primary" also names an infant, junior or first school (and the other way)
        return not any(q == n or PRIMARY_PARTS.issuperset((q, n)) for q in query_phases for n in named)
    kind = PHASE_KIND.get((phase or "").split(" ")[0].lower())
    if kind is None:  # the name says no phase and the records do not know it: unconfirmed
        return True
    return all(PHASE_KIND.get(p) not in (None, kind) for p in query_phases)


def _other_gender(said: frozenset[str], gender: str | None) -> bool:
    """True when the school is known to take other pupils than the girls or boys asked for."""
    g = (gender or "").lower()
    return bool(g) and not any(g.startswith(w.rstrip("s")) for w in said)


def _phase_fits(school_phase: str | None, wanted: str) -> bool:
    return school_phase is not None and wanted.lower() in school_phase.lower()


@contextmanager
def _gc_paused():
    """Pause the cyclic garbage collector while the index is built: the build creates a dozen
    objects per school, and each automatic collection would rescan the growing index."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
