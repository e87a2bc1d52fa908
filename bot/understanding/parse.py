"""Free text to an `Understanding`: intent, the school(s) named, place, filters, follow-up markers.

Rules only, no model: phrases come from knowledge/intents.yaml, matched on word tuples
(longest first), with small spelling mistakes in longer words corrected by rapidfuzz.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from rapidfuzz import fuzz, process
from rapidfuzz.distance import DamerauLevenshtein

from bot.understanding.knowledge import Knowledge, Label, load_knowledge
from bot.understanding.places import find_postcode, is_district
from bot.understanding.text import Token, fold, tokenize

PLACE_WORDS = {"in", "near", "nr", "around", "nearby"}
NAME_FILLERS = {"school", "academy", "college"}  # fillers around a name, yet part of it
KIND_WORDS = frozenset({"primary", "secondary", "infant", "infants", "junior", "juniors", "nursery",
                        "grammar", "academy", "academies", "college", "high", "sixth", "form", "state",
                        "private", "independent", "special", "first", "middle", "upper", "free"})
WEAK_COMPARE = {"or", "better"}  # compare only when two schools are named around them
STRONG_EXPLAIN = {"mean", "means", "meaning", "explain", "define", "definition", "stand for",
                  "stands for", "what is meant by", "calculated"}
SCHOOL_PREPOSITIONS = {"for", "at", "of", "about", "to", "into", "on"}
PLURAL_SCHOOLS = {"schools", "primaries", "secondaries", "academies", "colleges"}
LIST_PRONOUNS = {"those", "these", "them", "ones"}  # a list just given, not one school
ORDINALS = {"first": 1, "1st": 1, "one": 1, "second": 2, "2nd": 2, "two": 2, "third": 3, "3rd": 3,
            "three": 3, "fourth": 4, "4th": 4, "four": 4, "fifth": 5, "5th": 5, "five": 5}
YES_NO_STARTS = {"is", "does", "has", "have", "are", "do", "did", "can", "was", "will", "isnt", "doesnt"}
SCHOOL_INTENTS = {"inspection", "results", "pupils", "contact", "admissions"}
FAITH_TAIL = {"school", "one", "or", "not", "then", "still"}  # what may follow the faith asked about
GENERIC_MEASURES = {"pupil_numbers", "sen"}  # said around a more specific one ("how many kids have ...",
# "he has an EHCP - do they have a unit for autism?")
GENERIC_ORDER = {"sen": 1, "pupil_numbers": 2}  # the more generic, the later
# Intent words too vague to make a second question of ("grade 5 for pupils at X" asks one thing).
WEAK_INTENT = {("pupils",), ("students",), ("performance",), ("progress",), ("scores",), ("score",),
               ("grades",), ("size",), ("mixed",), ("boys",), ("girls",), ("places",), ("full",)}
_ACADEMIC_YEAR = re.compile(r"\b((?:19|20)\d\d)\s*(/|-|–|to|and|until|till)\s*((?:19|20)?\d\d)\b")
_YEAR = re.compile(r"(?<![\d/£$.])\b((?:19|20)\d\d)\b(?![/\d])")
_SINCE = re.compile(r"\b(?:since|from|after)\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_CHOICE = re.compile(
    r"^\s*(?:the\s+)?(?:number\s+|no\.?\s*|option\s+|#)?(\d|first|second|third|fourth|fifth|1st|2nd|3rd|4th|5th)"
    r"(?:\s+one)?(?:\s+please)?\s*[.!]?\s*$",
    re.IGNORECASE,
)


@dataclass
class Understanding:
    """What a question asks.

    intent: one of bot.answer.INTENTS. explicit: False when no intent words were found and the
    intent was defaulted (a bare school name reads as `overview`). intents: every school intent
    the question asks, in its order, when it asks several ("ofsted and sats").
    measure: the figure asked for (an id of knowledge/intents.yaml `measures`; `measures` all of
    them). years: the academic years asked for, as the records count them (2017 = 2016/17).
    trend: the question asks how a figure changed over the years. yes_no: a yes/no question about
    a measure ("has it got a sixth form?"). count: "how many primaries in Hampshire?".
    rating_op: how a grade filter reads: exactly | at_least | at_most.
    school_text: the words naming a school ("" when none); for `compare` a list of mentions.
    spans: every run of words that may name the school, best first (school_text is the first);
    bot.understanding.mentions decides, with the name index, which words of them name it.
    key_stage: ks2 | ks4 | ks5 | None. term: an explain id (progress_8, supp, ...), also set when a
    results question names a measure. topic: for `unanswerable`, the topic id (its answer is in
    knowledge/measures.yaml).
    place: a full postcode ("GU15 3LJ"), a district ("GU15") or the words after in/near.
    filters: for `nearby` {phase, type, faith, rating, gender: value}. aspect: for `compare`, what
    to compare (results, inspection, ...) when the question says. follow_up: markers —
    pronoun (its/they/that school), intent_only ("and Ofsted?"), place_only ("the one in Epsom"),
    same_question ("what about Oakfield?"), compare_with_previous ("compare it with X"),
    choice ("the second one", with `choice` = 2), filters_only ("what about primaries?": only
    filter words, which change the filters of a list asked before).
    """

    text: str
    intent: str
    school_text: str | list[str] = ""
    key_stage: str | None = None
    term: str | None = None
    topic: str | None = None
    place: str | None = None
    filters: dict[str, str] = field(default_factory=dict)
    follow_up: list[str] = field(default_factory=list)
    aspect: str | None = None
    choice: int | None = None
    explicit: bool = True
    spans: list[str] = field(default_factory=list)
    intents: list[str] = field(default_factory=list)
    measure: str | None = None
    measures: list[str] = field(default_factory=list)
    years: list[int] = field(default_factory=list)
    trend: bool = False
    yes_no: bool = False
    count: bool = False
    rating_op: str | None = None
    pronoun: bool = False  # "it", "their", "that school": the question may lean on the conversation
    coverage: bool = False  # asks what Schoolbot covers ("is your data up to date?", "do you have Kent?")
    said_filters: dict[str, str] = field(default_factory=dict)  # filter words anywhere, for any intent
    average: bool = False  # asks for the England or an LA's figure ("national average Attainment 8")

    def slots(self) -> dict:
        """The slots as JSON (`ask --json`'s `slots`): what exactly the question asks for."""
        filters = {kind: {"value": value, "op": (self.rating_op or "exactly") if kind == "rating" else "is"}
                   for kind, value in self.filters.items()}
        return {
            "intents": list(self.intents), "measure": self.measure, "measures": list(self.measures),
            "years": [f"{y - 1}/{str(y)[-2:]}" for y in self.years], "trend": self.trend,
            "yes_no": self.yes_no, "count": self.count, "filters": filters,
            "key_stage": self.key_stage, "term": self.term, "topic": self.topic, "place": self.place,
        }

    @property
    def schools(self) -> list[str]:
        """The school mentions as a list (empty when none)."""
        if isinstance(self.school_text, list):
            return self.school_text
        return [self.school_text] if self.school_text else []


@dataclass
class _Match:
    start: int
    end: int  # exclusive token index
    labels: list[Label]


def understand(text: str, *, compare: bool = True) -> Understanding:
    """Read one question. Deterministic; typically well under a millisecond. `compare=False`
    reads it as a question about one school even where it has comparison words ("is Bohunt
    any good or not": the core asks again so when fewer than two of the parts name a school)."""
    return _understand(text or "", compare)


@lru_cache(maxsize=4096)
def _correct(word: str) -> str:
    """The intent word `word` misspells ("inspecton" -> "inspection", "shcool" -> "school"), or
    `word` itself: close by rapidfuzz's ratio, or, for longer words, one letter dropped, added,
    changed or two swapped."""
    vocab = load_knowledge().fuzzy_vocab
    hit = process.extractOne(word, vocab, scorer=fuzz.ratio, score_cutoff=86)
    if hit is None and len(word) >= 6:
        # rapidfuzz's stubs want a scorer whose score_cutoff is a float; its distances take an int
        hit = process.extractOne(word, vocab, scorer=DamerauLevenshtein.distance,  # type: ignore[call-overload]
                                 score_cutoff=1)
    return hit[0] if hit else word


def _norms(tokens: list[Token], k: Knowledge) -> list[str]:
    out = []
    for t in tokens:
        w = t.norm
        if len(w) >= 5 and w.isalpha() and w not in k.known_words and w not in k.no_fuzzy:
            w = _correct(w)
        out.append(w)
    return out


def _find(norms: list[str], table: dict, max_len: int, exclusive: bool) -> list[_Match]:
    found = []
    for i in range(len(norms)):
        for n in range(min(max_len, len(norms) - i), 0, -1):
            labels = table.get(tuple(norms[i:i + n]))
            if labels:
                found.append(_Match(i, i + n, labels))
    if not exclusive:
        return found
    # Longest first; of equal length, a phrase with a number ("progress 8" before "reading progress")
    found.sort(key=lambda m: (-(m.end - m.start), not any(w.isdigit() for w in norms[m.start:m.end]),
                              m.start))
    taken: set[int] = set()
    chosen = []
    for m in found:
        span = set(range(m.start, m.end))
        if not span & taken:
            taken |= span
            chosen.append(m)
    chosen.sort(key=lambda m: m.start)
    return chosen


class _Question:
    """Working state for one question."""

    def __init__(self, text: str, k: Knowledge):
        self.k = k
        self.raw = text
        folded = fold(text)
        self.postcode = find_postcode(folded)
        if self.postcode:
            _, s, e = self.postcode
            folded = folded[:s] + " " * (e - s) + folded[e:]
        self.folded = folded
        self.tokens = tokenize(folded)
        self.norms = _norms(self.tokens, k)
        self.semantic = _find(self.norms, k.semantic, k.max_len, exclusive=True)
        self.markers = _find(self.norms, k.markers, k.max_len, exclusive=False)
        self.fillers = {m.start for m in self.markers
                        if m.end - m.start == 1 and ("marker", "fillers") in m.labels}
        self._keep_name_words()
        self.used: set[int] = {i for m in self.semantic for i in range(m.start, m.end)}

    def _keep_name_words(self) -> None:
        """Give back name-like phrases ("Sixth Form College") that touch the school's words."""
        used = {i for m in self.semantic for i in range(m.start, m.end)}
        free = {i for i in range(len(self.tokens)) if i not in used and (
            i not in self.fillers or self.norms[i] in NAME_FILLERS)}  # "Thirsk School & Sixth Form College"
        changed = True
        while changed:
            changed = False
            for m in list(self.semantic):
                if tuple(self.norms[m.start:m.end]) in self.k.name_words and (
                    m.start - 1 in free or m.end in free or self._after_name_for(m.start)
                ):
                    self.semantic.remove(m)
                    free |= set(range(m.start, m.end))
                    changed = True

    def _after_name_for(self, i: int) -> bool:
        """ "... School for Girls", "Watford Grammar for Girls" (not "schools for girls")."""
        return i >= 2 and self.norms[i - 1] == "for" and self.norms[i] in ("girls", "boys") and \
            self.norms[i - 2] in ("school", "academy", "college", "grammar", "high")

    def labels(self, category: str, matches: list[_Match] | None = None) -> list[tuple[str, _Match]]:
        return [(v, m) for m in (self.semantic if matches is None else matches)
                for c, v in m.labels if c == category]

    def marker(self, name: str) -> list[_Match]:
        return [m for m in self.markers if ("marker", name) in m.labels]

    def phrase(self, m: _Match) -> str:
        return " ".join(self.norms[m.start:m.end])

    def text_of(self, idx: list[int]) -> str:
        return self.folded[self.tokens[idx[0]].start:self.tokens[idx[-1]].end].strip()

    def runs(self, skip: set[int]) -> list[list[int]]:
        """Runs of consecutive tokens outside `skip`, with filler words and numbers trimmed at
        both ends."""
        runs: list[list[int]] = []
        cur: list[int] = []
        for i in range(len(self.tokens)):
            if i in skip:
                if cur:
                    runs.append(cur)
                cur = []
            else:
                cur.append(i)
        if cur:
            runs.append(cur)
        out = []
        for run in runs:
            full = run
            while run and (run[0] in self.fillers or self.norms[run[0]].isdigit()):
                run = run[1:]
            while run and (run[-1] in self.fillers or self.norms[run[-1]].isdigit()):
                run = run[:-1]
            if run:  # a name keeps its own "The ..." and "... School"
                if run[0] - 1 in full and self.norms[run[0] - 1] == "the":
                    run = [run[0] - 1, *run]
                if run[-1] + 1 in full and self.norms[run[-1] + 1] == "school":
                    run = [*run, run[-1] + 1]
                out.append(run)
        return out


def _place_after_preposition(q: _Question) -> list[int]:
    """Token indexes of the place in "... in Alton" / "near Fleet" (the last such phrase; not
    a time, "in spring", nor a school, "near Hitchin Boys School")."""
    times = {i for m in q.marker("not_places") for i in range(m.start, m.end)}
    for j in range(len(q.tokens) - 2, -1, -1):
        if j + 1 in times:
            continue
        if q.norms[j] not in PLACE_WORDS and not (q.norms[j] == "to" and j and q.norms[j - 1] == "close"):
            continue
        idx: list[int] = []
        for i in range(j + 1, len(q.tokens)):
            if i in q.used or (i in q.fillers and not (q.norms[i] == "the" and not idx)):
                break
            if q.norms[i] == "the":
                continue
            idx.append(i)
        after = idx[-1] + 1 if idx else None
        if 0 < len(idx) <= 4 and not (after is not None and after < len(q.norms)
                                      and q.norms[after] in ("school", "academy", "college")):
            return idx
    return []


def _split_compare(q: _Question, skip: set[int]) -> list[str]:
    """School mentions in a comparison, split on vs/or/with/and (and only if nothing else)."""
    seps = [m for m in q.markers if m.end - m.start <= 2 and tuple(q.norms[m.start:m.end]) in q.k.separators]
    strong = [m for m in seps if q.norms[m.start] not in {"and"}]
    for group in ((seps,) if "," in q.raw else (strong, seps)):  # a list: "A, B and C"
        cut = set(skip) | {i for m in group for i in range(m.start, m.end)}
        parts = _comma_split([q.text_of(r) for r in q.runs(cut) if _has_content(q, r)])
        if len(parts) >= 2:
            return parts
    return _comma_split([q.text_of(r) for r in q.runs(skip) if _has_content(q, r)])


def _comma_split(parts: list[str]) -> list[str]:
    """A list of schools written with commas ("Thornden, Toynbee and Wildern")."""
    return [p.strip() for part in parts for p in part.split(",") if p.strip()]


def _run_rank(q: _Question, run: list[int]) -> tuple[int, bool, int]:
    """Which run of words names the school: the most non-filler words, then one after
    for/at/of/about/to, then the later one ("when is the next inspection for Weydon")."""
    content = sum(1 for i in run if _is_content(q, i))
    after = run[0] > 0 and q.norms[run[0] - 1] in SCHOOL_PREPOSITIONS
    return content, after, run[0]


def _is_content(q: _Question, i: int) -> bool:
    """A word that can name a school: not a filler, not a bare number ("year 6", "grade 5")."""
    return i not in q.fillers and not q.norms[i].isdigit()


def _has_content(q: _Question, run: list[int]) -> bool:
    """A run that can name a school: a content word other than a kind of school ("secondary
    school" names none)."""
    return any(_is_content(q, i) and q.norms[i] not in KIND_WORDS for i in run)


def _understand(text: str, compare: bool = True) -> Understanding:
    k = load_knowledge()
    choice = _CHOICE.match(text)
    if choice:
        word = choice.group(1).lower()
        n = int(word) if word.isdigit() else ORDINALS[word]
        return Understanding(text, "unknown", follow_up=["choice"], choice=n, explicit=False)

    q = _Question(text, k)
    intents = [v for v, _ in q.labels("intent")]
    terms = [v for v, _ in q.labels("term")]
    topics = [v for v, _ in q.labels("topic")]
    explain_cues = {q.phrase(m) for m in q.marker("explain_cues")}
    not_compare = {i for m in q.marker("not_compare") for i in range(m.start, m.end)}
    compare_cues = {q.phrase(m) for m in q.marker("compare_cues")
                    if compare and not set(range(m.start, m.end)) <= not_compare}
    nearby_cues = q.marker("nearby_cues")
    starts_follow = any(m.start == 0 for m in q.marker("follow_up_starts"))
    pronoun = bool(q.marker("pronouns"))

    measures = list(dict.fromkeys(v for v, _ in q.labels("measure")))
    measures.sort(key=lambda m: GENERIC_ORDER.get(m, 0))  # "how many kids have EAL": EAL
    if not measures and q.norms and q.norms[0] in YES_NO_STARTS and any(
            c == "filter:faith" and set(q.norms[m.end:]) <= FAITH_TAIL for m in q.markers for c, _ in m.labels):
        measures = ["religious_character"]  # "is Tring School church of england?", not "is St John CofE Primary good"
    key_stage = next((v for v, _ in q.labels("key_stage", q.markers)), None)
    if key_stage is None:
        key_stage = next((k.measure_key_stage[m] for m in measures if m in k.measure_key_stage), None)
    if key_stage is None:
        key_stage = next((k.term_key_stage[t] for t in terms if t in k.term_key_stage), None)
    years, year_range = _years(text)

    # Place: a postcode, a district, or the words after in/near.
    place = q.postcode[0] if q.postcode else None
    place_idx: list[int] = []
    for i, t in enumerate(q.tokens):
        if i not in q.used and is_district(q.raw[t.start:t.end]) and q.norms[i] not in k.known_words:
            place_idx.append(i)
            place = place or q.raw[t.start:t.end].upper()
    postcode_given = bool(place)
    prep_idx = _place_after_preposition(q)
    if prep_idx:
        place_idx += prep_idx
        if place is None:
            place = q.text_of(prep_idx)
    place_idx_set = set(place_idx)

    # Cue words never belong to a school's name.
    cues = [m for m in q.marker("compare_cues") if q.phrase(m) not in WEAK_COMPARE]
    cues += [m for m in q.marker("explain_cues") if q.phrase(m) in STRONG_EXPLAIN] + nearby_cues
    cue_idx = {i for m in cues for i in range(m.start, m.end)}
    for m in nearby_cues:  # "is Fernhill School in Farnborough ...": "School" ends the name before it
        if q.norms[m.start] == "school" and m.start and _is_content(q, m.start - 1) \
                and m.start - 1 not in q.used and q.norms[m.start - 1] not in KIND_WORDS:
            cue_idx.discard(m.start)
    base_skip = q.used | place_idx_set
    school_runs = sorted((r for r in q.runs(base_skip | cue_idx) if _has_content(q, r)),
                         key=lambda r: _run_rank(q, r), reverse=True)
    spans = [q.text_of(r) for r in school_runs]
    school_text = spans[0] if spans else ""

    filters: dict[str, str] = {}
    filter_idx: set[int] = set()
    for m in sorted(q.markers, key=lambda m: -(m.end - m.start)):
        for c, v in m.labels:
            if c.startswith("filter:"):
                filters.setdefault(c.split(":", 1)[1], v)
                filter_idx |= set(range(m.start, m.end))
    times = {i for m in q.marker("not_places") for i in range(m.start, m.end)}  # "in spring"
    turns = {i for m in q.markers for c, _ in m.labels if c == "rating_direction"  # "or worse"
             for i in range(m.start, m.end)}
    nearby_rest = [r for r in q.runs(base_skip | cue_idx | filter_idx | times | turns) if _has_content(q, r)]
    nearby_rest = [r[:-1] if len(r) > 1 and q.norms[r[-1]] in PLACE_WORDS else r for r in nearby_rest]
    # "girls' schools in Woking": a word that is a filter there asks for no school's pupils
    asks = [v for v, m in q.labels("intent") if not set(range(m.start, m.end)) <= filter_idx]
    # "when do I apply for secondary school in Surrey", "% getting a first choice in Hampshire":
    # a question about the area's figures or its admissions, not a list of its schools
    area_ask = _asks_of_area(q, k, filter_idx)
    plural = any(n in PLURAL_SCHOOLS and "'" not in q.folded[t.start:t.end]  # not "School's"
                 for n, t in zip(q.norms, q.tokens))
    the_one = not intents and "the" in q.norms and "one" in q.norms[q.norms.index("the") + 1:]

    u = Understanding(text, "unknown", school_text=school_text, key_stage=key_stage, place=place)
    u.measures, u.measure, u.years, u.pronoun = measures, (measures[0] if measures else None), years, pronoun
    u.coverage = bool(q.marker("coverage_cues"))
    u.average = bool(q.marker("average_cues"))
    u.said_filters = filters
    u.trend = bool(q.marker("trend")) or year_range
    u.yes_no = bool(q.norms) and q.norms[0] in YES_NO_STARTS and any(m in k.yes_no_measures for m in measures)
    u.count = any(q.norms[i:i + 2] == ["how", "many"] and set(q.norms[i + 2:i + 5]) & PLURAL_SCHOOLS
                  for i in range(len(q.norms)))
    if terms:
        # the most specific term: "Ofsted requires improvement" explains the grade, not Ofsted
        u.term = max(q.labels("term"), key=lambda vm: vm[1].end - vm[1].start)[0]

    strong_compare = compare_cues - WEAK_COMPARE
    compare_idx = {i for m in q.marker("compare_cues") for i in range(m.start, m.end)
                   if q.phrase(m) not in q.k.separators_text}
    pronoun_idx = {i for m in q.marker("pronouns") for i in range(m.start, m.end)}  # "compare them"
    parts = _split_compare(q, base_skip | cue_idx | compare_idx | pronoun_idx) if compare_cues else []
    if "privacy" in intents:
        u.intent = "privacy"
    elif (strong_compare and not (terms and not parts and explain_cues)) or (compare_cues and len(parts) >= 2):
        u.intent = "compare"
        u.school_text = parts
        u.aspect = next((i for i in k.precedence if i in intents and i not in {"help", "overview"}), None)
        if len(parts) < 2:
            u.follow_up.append("compare_with_previous")
    elif terms and (explain_cues & STRONG_EXPLAIN or (explain_cues and not school_text and not pronoun)
                    or (not school_text and not intents and not starts_follow and not topics
                        and not nearby_cues and not place and not plural and not pronoun
                        and not (measures and years))):
        u.intent = "explain"
    elif topics:
        u.intent, u.topic = "unanswerable", topics[0]
    elif the_one:  # "the one in Epsom", "the Epsom one": picks from a list, see _follow_ups
        u.intent, u.explicit = "overview", False
    elif ((nearby_cues and (not nearby_rest or (postcode_given and plural))) or (
        place and not nearby_rest and (filters or plural or postcode_given) and not asks
    )) and not (area_ask and not plural and not postcode_given and not u.count):
        u.intent, u.school_text = "nearby", ""
        u.filters, u.rating_op = filters, _rating_op(q, filters)
    elif plural and not intents and not place and 0 < len(nearby_rest) == 1 and len(nearby_rest[0]) <= 3 \
            and filters:
        u.intent, u.school_text = "nearby", ""
        u.place = q.text_of(nearby_rest[0])
        u.filters, u.rating_op = filters, _rating_op(q, filters)
    else:
        if not school_text and prep_idx and not postcode_given and not intents and not terms:
            # "interested in Tomlinscote": with nothing else asked, the place words are the name
            school_text = place or ""
            u.school_text, u.place = school_text, None
        by_measure = [k.measure_intent[m] for m in measures]
        strong = [v for v, m in q.labels("intent") if tuple(q.norms[m.start:m.end]) not in WEAK_INTENT]
        implied = strong + by_measure + [k.term_intent[t] for t in terms if k.term_intent.get(t) != "explain"]
        implied = implied or intents
        chosen = next((i for i in k.precedence if i in implied and i != "help"), None)
        if chosen and measures and k.measure_intent[measures[0]] != chosen:  # the figure of that answer
            fitting = [m for m in measures if k.measure_intent[m] == chosen]
            u.measure = fitting[0] if fitting else None
        if (u.trend or _how_did_do(q.norms)) and (not chosen or chosen == "overview"):
            chosen = "results"  # "is it getting better?", "how did Hitchin Boys do in 2024?"
        if chosen:
            u.intent = chosen
        elif key_stage and school_text:  # "how did year 6 do at Fair Oak Junior"
            u.intent = "results"
        elif "help" in implied and not school_text:
            u.intent = "help"
        elif school_text:
            u.intent, u.explicit = "overview", False
        elif pronoun or place:
            u.intent, u.explicit = "overview", False

    if u.intent in SCHOOL_INTENTS:
        u.intents = _asked_intents(q, k, u.intent)
    if u.place:  # "Southend" is Southend-on-Sea in the records
        u.place = k.place_aliases.get(u.place.strip().lower(), u.place)
    _follow_ups(u, q, pronoun, starts_follow, bool(intents or terms or topics or measures))
    list_pronoun = bool(set(q.norms) & LIST_PRONOUNS)  # "which of those are outstanding?"
    if filters and not place and (not pronoun or list_pronoun) \
            and (list_pronoun or any(i not in q.fillers for i in filter_idx)) \
            and u.intent not in ("nearby", "compare", "explain", "unanswerable") and all(
            i in filter_idx or i in q.fillers or q.norms[i] in PLURAL_SCHOOLS for i in range(len(q.tokens))):
        u.follow_up.append("filters_only")  # "what about primaries?", "and catholic ones?"
    if isinstance(u.school_text, str) and u.school_text:
        u.spans = [u.school_text, *(s for s in spans if s != u.school_text)]
    return u


def _years(text: str) -> tuple[list[int], bool]:
    """The academic years a question names (2017 = 2016/17, as the records count them), and
    whether it names a span of them ("since 2017", "2016 to 2019")."""
    years: list[int] = []
    spans = []
    for m in _ACADEMIC_YEAR.finditer(text):
        first, joiner, second = int(m.group(1)), m.group(2), m.group(3)
        end = int(second) if len(second) == 4 else first // 100 * 100 + int(second)
        if end == first + 1 and joiner in "/-–":  # "2016/17", "2016-2017": one academic year
            years.append(end)
        elif first < end <= first + 30:  # "2016 to 2019": the exams of each year
            years.extend(range(first, end + 1))
        else:
            continue
        spans.append((m.start(), m.end()))
    for m in _YEAR.finditer(text):
        if not any(a <= m.start() < b for a, b in spans):
            years.append(int(m.group(1)))
    since = _SINCE.search(text)
    return sorted(set(years)), bool(since) or len(set(years)) > 1


def _asks_of_area(q: _Question, k: Knowledge, filter_idx: set[int]) -> bool:
    """Whether the question asks for a figure or about applying (admissions, results words, a
    measure other than pupil numbers) in words that are not a filter of a list."""
    for m in q.semantic:
        if set(range(m.start, m.end)) <= filter_idx or tuple(q.norms[m.start:m.end]) in WEAK_INTENT:
            continue
        for c, v in m.labels:
            if c == "intent" and v in ("admissions", "results"):
                return True
            if c == "measure" and v not in GENERIC_MEASURES and k.measure_intent.get(v) in ("admissions", "results"):
                return True
    return False


def _how_did_do(norms: list[str]) -> bool:
    """"how did X do", "how well do pupils do at X": a question about results."""
    if len(norms) < 3 or norms[0] != "how":
        return False
    rest = norms[2:] if norms[1] == "well" else norms[1:]
    return rest[0] in ("did", "does", "do") and "do" in rest[1:]


def _rating_op(q: _Question, filters: dict[str, str]) -> str | None:
    """How the grade filter reads: "at least good" (at_least), "requires improvement or worse"
    (at_most), "outstanding schools" (exactly); the grade's usual reading when no word says."""
    rating = filters.get("rating")
    if rating is None:
        return None
    said = [v for v, _ in q.labels("rating_direction", q.markers)]
    return said[0] if said else q.k.rating_default.get(rating, "at_least")


def _asked_intents(q: _Question, k: Knowledge, main: str) -> list[str]:
    """Every school intent the question asks, in its order ("X ofsted + sats please"): the
    intents of intent and measure phrases; `main` first when it is the only one."""
    found: list[tuple[int, str]] = []
    specific = any(c == "measure" and v not in GENERIC_MEASURES for m in q.semantic for c, v in m.labels)
    for m in q.semantic:
        if specific and any(c == "measure" and v in GENERIC_MEASURES for c, v in m.labels):
            continue  # "how many pupils get grade 5": one question, about grade 5
        names_measure = any(c == "measure" for c, _ in m.labels)
        for c, v in m.labels:
            if c == "intent" and names_measure:
                continue  # "pupil premium": the disadvantaged pupils' results, not a pupils card too
            intent = v if c == "intent" else k.measure_intent.get(v) if c == "measure" else None
            if intent in SCHOOL_INTENTS and not (c == "intent" and tuple(q.norms[m.start:m.end]) in WEAK_INTENT):
                found.append((m.start, intent))
    ordered = list(dict.fromkeys(i for _, i in sorted(found)))
    return ordered if len(ordered) > 1 else [main]


def _follow_ups(u: Understanding, q: _Question, pronoun: bool, starts_follow: bool,
                has_intent_words: bool) -> None:
    """Mark how a question leans on the conversation (see Understanding.follow_up)."""
    if u.intent in {"help", "privacy", "nearby", "explain", "unknown"}:
        return
    if u.intent == "compare":
        if pronoun and len(u.schools) < 2:
            u.follow_up.insert(0, "pronoun")
        return
    norms = q.norms
    if len(norms) >= 3 and norms[0] == "the" and norms[-1] == "one" and not u.place:
        u.place = q.text_of(list(range(1, len(norms) - 1)))
        u.school_text = ""
    if not u.school_text:
        if pronoun:
            u.follow_up.append("pronoun")
        if u.place and not has_intent_words:
            u.follow_up.append("place_only")
        elif has_intent_words:
            u.follow_up.append("intent_only")
    elif starts_follow and not has_intent_words:
        u.follow_up.append("same_question")
