"""Which words of a question name a school: candidate spans scored against the name index.

The understanding offers spans: the runs of words left once intent, measure, filler and cue words
are taken out, best first. Each span is read word by word against the index and ordinary English:

- an ordinary word in no school's name and no place ("wheelchair", "traffic", "asap", "since")
  ends a span: "Glyn School wheelchair friendly" names Glyn School;
- ordinary words that are also name words ("good", "park", "howard") stay, but are dropped from
  the ends of a span when that finds the school ("weydon good");
- a word the index and English both do not know ("meadowbrook") is probably a name: it is never
  dropped, so an unknown school stays unknown rather than becoming a look-alike;
- two words run together are split ("hinchleywood");
- a piece is also read in parts where a clause ends or a sentence word stands ("we moved to
  Epsom, is Blenheim High ..."), and a phase word its name lacks is read as the phase asked;
- initials ("EEHS") are read as each name they may stand for (bot.understanding.acronyms);
- a span with no distinctive word (only generic words such as "school", "unit", "england",
  places and ordinary words) names a school only when it says most of that school's name
  ("Park School", "Woking High"), never by one shared word.

`resolve` matches each piece and keeps the one that names a school best.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from bot.understanding.acronyms import expansions
from bot.understanding.english import is_common, is_rare, misspelt_common
from bot.understanding.knowledge import load_knowledge
from bot.understanding.matcher import GENERIC_WORDS, PRIMARY_PARTS, MatchResult, SchoolIndex
from bot.understanding.names import CHURCH, NOISE, WORDS, literal_tokens
from bot.understanding.text import fold

WEAK_NAME_COVERAGE = 0.75  # a span of ordinary words must say this share of a school's name,
COMMON_NAME_DF = 20  # a name word in this many names is a common name (St Mary's, Holy Trinity)
ALONE_NAME_COVERAGE = 0.95  # ... and one such word alone must be the whole of a name ("Oxted")
PAIRED_NAME_COVERAGE = 0.5  # or this share with two such words together ("Holy Trinity")
GENDERS = {"girls", "boys"}
RENAMED_KINDS = {"school", "academy", "college"}  # change when a school converts: "Everest College"
MISSPELT_NAME = 0.88  # an ordinary word this close to a name word may be that word misspelt
KIND_WORDS = frozenset({"school", "academy", "college", "primary", "infant", "junior", "grammar",
                        "high", "nursery", "secondary"})
# Little words that may sit inside a name ("Howard of Effingham", "Walton on Thames") but never
# begin or end one: they join the words around them and are dropped from a piece's ends.
GLUE = frozenset({
    "a", "an", "the", "of", "for", "and", "in", "on", "at", "to", "is", "it", "its", "by", "with",
    "from", "as", "be", "or", "if", "have", "has", "had", "do", "does", "did", "are", "was", "were",
    "will", "can", "my", "your", "their", "this", "that", "up", "so", "but", "not", "no",
    "any", "some", "me", "we", "you", "they", "he", "she", "i", "what", "which", "who", "how",
    "upon", "under",
})  # not "all", "our", "la": they begin names (All Saints, Our Lady, La Sainte Union)
# Little words that join the words of a question, not of a name: a name may hold one ("This Is My
# Education") but a span broken at one ("we moved to Epsom, is Blenheim High ...") is read in parts too.
BREAKS = frozenset({
    "is", "are", "was", "were", "do", "does", "did", "have", "has", "had", "can", "will", "be", "if",
    "so", "but", "not", "what", "which", "who", "how", "we", "you", "they", "he", "she", "it", "its",
    "at", "about",
})
_CLAUSE = re.compile(r"[,;:!?]|\s[-–]+\s")  # what ends a clause between two words
_WORD = re.compile(r"[A-Za-z0-9]+(?:['’][A-Za-z]+)*|&")
NAMING = ("name", "name_common", "place", "unknown")
PHASE_NAMES = ("primary", "secondary")  # phases a parent adds to a name that does not say it
NAME_KINDS = ("name", "name_common", "unknown", "maybe_name")  # words of a name, not of a place
DECISION_RANK = {"unique": 2, "ambiguous": 1, "none": 0}


@dataclass
class Word:
    text: str  # as the parent wrote it
    norm: str  # as the index spells it
    kind: str  # name | name_common | place | generic | glue | common | number | unknown
    clause: bool = False  # a comma or a dash comes before it ("we moved to Epsom, is ...")

    @property
    def distinctive(self) -> bool:
        return self.kind in ("name", "unknown")


@dataclass
class Mention:
    """The words taken to name a school, and what the index made of them."""

    text: str  # as the parent wrote it
    result: MatchResult
    distinctive: bool  # holds a word that can only be a name (not ordinary English, not generic)
    names_school: bool = False  # distinctive, or a name before a kind of school ("Fleet Grammar
    # School"): when no school fits, it is a school not found rather than no school at all
    query: str = ""  # the words as the index spells them, to match again (in a town, say)


def words_of(index: SchoolIndex, span: str) -> list[Word]:
    """The words of `span` with how each can be read."""
    text = fold(span)
    out: list[Word] = []
    pos = 0
    for church in [*CHURCH.finditer(text.lower()), None]:
        end = church.start() if church else len(text)
        for m in _WORD.finditer(text, pos, end):
            words = _classified(index, m.group(0))
            if out and _CLAUSE.search(text, pos, m.start()):
                words[0].clause = True
            out.extend(words)
            pos = m.end()
        if church:
            out.append(Word(church.group(0), "rc" if church.group(0)[0] == "r" else "ce", "generic"))
            pos = church.end()
    for i, w in enumerate(out):
        saint = i and out[i - 1].norm in ("st", "ss")
        if saint and len(w.norm) > 3 and w.norm.endswith("s") and not w.norm.endswith("ss") \
                and w.norm[:-1] in index.postings:  # "St Joseph's" as the index spells it
            w.norm, w.kind = w.norm[:-1], "name_common" if is_common(w.norm[:-1]) else "name"
        if w.kind == "maybe_name":  # a misspelt name word among names ("sir john laws school")
            near = [x for x in (out[i - 1] if i else None, out[i + 1] if i + 1 < len(out) else None) if x]
            w.kind = "name_common" if saint or any(
                x.kind in NAMING or x.norm in KIND_WORDS for x in near) else "common"
        if w.kind == "common" and (saint or (w.text[:1].isupper() and i + 1 < len(out)
                                             and out[i + 1].norm in KIND_WORDS)):
            w.kind = "name_common" if w.norm in index.postings else "unknown"  # "Hogwarts School"
    return out


def _classified(index: SchoolIndex, raw: str) -> list[Word]:
    norm = raw.lower().replace("’", "'")
    if norm.endswith("'s") and norm.replace("'", "") not in index.postings:
        norm = norm[:-2]  # "Weydon's", "Academy's" (but "Robert May's" is spelt "mays" in names)
    norm = norm.replace("'", "")
    norm = "and" if norm == "&" else WORDS.get(norm, norm)
    if norm.isdigit():
        return [Word(raw, norm, "number")]
    if not norm.isalpha() and any(c.isdigit() for c in norm) and norm not in index.postings:
        return [Word(raw, norm, "common")]  # "any1", "gr8", "2day", "6th": no name word
    if norm in GLUE and norm != "the":
        return [Word(raw, norm, "glue")]
    if norm in NOISE or norm in GENERIC_WORDS or index.respelt(norm) != norm:
        return [Word(raw, norm, "generic")]  # "school", "St", "collage" (college)
    known = index.knows(norm)
    if known not in ("name", "place") and not is_common(norm) and index.name_likeness(norm) < 0.9:
        parts = index.split_joined(norm)  # words run together: "kewhouse", "harrisacademy"
        if parts:
            return [_classified(index, part)[0] for part in parts]
    if known == "name" and norm in index.by_place:
        return [Word(raw, norm, "place")]  # "Guildford", "Farnham": a town that names schools too
    if known == "name":
        return [Word(raw, norm, "name_common" if is_common(norm) else "name")]
    if known == "place" and not (norm in _ordinary_words() and norm not in index.by_place):
        return [Word(raw, norm, "place")]  # not "next", "just": a village's name, but ordinary words
    if is_common(norm):  # an ordinary word, or perhaps a misspelt name word ("laws", "collage")
        return [Word(raw, norm, "maybe_name" if index.name_likeness(norm) >= MISSPELT_NAME else "common")]
    if known == "name~":
        return [Word(raw, norm, "name")]
    if known == "place~":
        return [Word(raw, norm, "place")]
    if misspelt_common(norm):
        return [Word(raw, norm, "common")]
    return [Word(raw, norm, "unknown")]


@lru_cache(maxsize=1)
def _ordinary_words() -> frozenset[str]:
    """The filler words of knowledge/intents.yaml that are ordinary English ("next", "just",
    "decent", "moved"): in a question they are those words, even where a village has the name."""
    fillers = {key[0] for key, labels in load_knowledge().markers.items()
               if len(key) == 1 and ("marker", "fillers") in labels}
    return frozenset(w for w in fillers if is_common(w))


def pieces(words: list[Word]) -> list[list[Word]]:
    """The runs of words between ordinary words, numbers and two little words in a row ("... is
    it catholic"), without little words at their ends, each holding more than generic words."""
    out: list[list[Word]] = []
    cur: list[Word] = []
    for i, w in enumerate([*words, None]):
        two_glue = w is not None and w.kind == "glue" and i + 1 < len(words) and words[i + 1].kind == "glue"
        if w is None or w.kind in ("common", "number") or two_glue:
            cur = _stripped(cur)
            if any(x.kind not in ("generic", "glue") for x in cur):
                out.append(cur)
            cur = []
        else:
            cur.append(w)
    return out


def _trimmed(piece: list[Word]) -> list[list[Word]]:
    """`piece`, then, when it holds a distinctive word or a place to keep, shorter readings without
    the ordinary name words at its ends ("weydon good" -> "weydon"), longest first."""
    anchors = [i for i, w in enumerate(piece)  # words a name keeps: "the spring, is Nightingale Primary"
               if w.distinctive or w.kind == "place" or w.norm in ("st", "ss")
               or (w.norm in KIND_WORDS and w.norm not in RENAMED_KINDS)]
    out = [piece]
    for i, w in enumerate(piece):  # the parts around a word that joins a sentence, not a name
        if (w.norm in BREAKS or w.clause) and 0 < i < len(piece) - 1 or (w.clause and i):
            cut = i if w.clause else i + 1
            for part in (_stripped(piece[cut:]), _stripped(piece[:i])):
                if any(x.kind not in ("generic", "glue") for x in part) and part not in out:
                    out.append(part)
    if not anchors:
        return out

    def loose(i: int) -> bool:  # "sixth form" after "St Bede's School Redhill"; never a kind of school,
        w = piece[i]  # but for a second "school" ("Summit School church school")
        if w.norm == "school" and i and piece[i - 1].kind == "generic" \
                and piece[i - 1].norm not in KIND_WORDS | GENDERS:
            return True
        return w.kind in ("name_common", "glue") or (
            w.kind == "generic" and w.norm not in ("st", "ss") and w.norm not in KIND_WORDS | GENDERS)

    named = any(w.kind in NAME_KINDS for w in piece)

    def keeps_name(option: list[Word]) -> bool:  # "Westbrook Academy Fleet" is not "Academy Fleet",
        return not named or any(w.kind in NAME_KINDS for w in option) \
            or option[-1].norm in KIND_WORDS  # a town read as a name; "Crondall Primary School" is one

    first, last = anchors[0], anchors[-1]
    for end in range(len(piece) - 1, last, -1):  # drop ordinary words from the end, one by one
        if not loose(end):
            break
        option = _stripped(piece[:end])
        if option and option not in out and keeps_name(option):
            out.append(option)
    for start in range(1, first + 1):  # and from the start
        if not loose(start - 1):
            break
        option = _stripped(piece[start:])
        if option and option not in out and keeps_name(option):
            out.append(option)
    return out


def _stripped(piece: list[Word]) -> list[Word]:
    """Without little words at either end ("the" only at the end: "The Grange")."""
    while piece and (piece[-1].kind == "glue" or piece[-1].norm == "the"):
        piece = piece[:-1]
    while piece and piece[0].kind == "glue":
        piece = piece[1:]
    return piece


def _text(piece: list[Word]) -> str:
    return " ".join(w.text for w in piece)


def _query(piece: list[Word]) -> str:
    """The piece as the index spells it ("Academy's" -> "academy", "C of E" -> "ce")."""
    return " ".join(w.norm for w in piece)


def _weak_filter(index: SchoolIndex, result: MatchResult, piece: list[Word]) -> MatchResult:
    """For a span of ordinary words, places and generic words only: it names the schools whose
    name is of each kind it says ("Farnham Grammar School" is not South Farnham School) and that
    it says nearly whole, or half of with two words that go together ("Holy Trinity", "St John
    the Baptist", "Watford Grammar"). "unit", "england" or "good" alone name none."""
    named = [w for w in piece if w.kind != "generic"]
    if named and all(w.kind == "place" and w.norm in index.la_words for w in named):
        return replace(result, decision="none", candidates=[])  # "surrey primary": a county's schools
    paired = len(named) >= 2 or any(w.norm in ("st", "ss") or w.norm in KIND_WORDS for w in piece)
    need = PAIRED_NAME_COVERAGE if paired else WEAK_NAME_COVERAGE
    if len(named) == 1 and not any(w.norm in KIND_WORDS or w.norm in ("st", "ss") for w in piece):
        # one ordinary word or place alone: only a school it names whole ("Oxted"), word for word
        # ("unit" is not Unity School; "Woking" is a town before it is Woking High School)
        rare = named[0].kind == "name_common" and is_rare(named[0].norm)  # "Collingwood", not "Park"
        need = WEAK_NAME_COVERAGE if rare else ALONE_NAME_COVERAGE
        result = replace(result, candidates=[c for c in result.candidates
                                             if named[0].norm in literal_tokens(c.matched_name or c.name)])
    kinds = {w.norm for w in piece if w.norm in KIND_WORDS and w.norm not in RENAMED_KINDS}
    kept = [c for c in result.candidates if _has_kinds(kinds, literal_tokens(c.matched_name or c.name))]
    if not kept or max(c.name_coverage for c in kept) < need:
        return replace(result, decision="none", candidates=[])
    if result.decision == "unique" and kept[0] is not result.candidates[0]:
        return replace(result, decision="ambiguous", candidates=kept, total=len(kept))
    return replace(result, candidates=kept, total=len(kept))


def _namesakes_there(index: SchoolIndex, result: MatchResult, piece: list[Word]) -> MatchResult:
    """A name as common as St Mary's that several schools at the place asked share ("St Mary's
    School, Hertfordshire") names none of them alone, unless it is one's name word for word:
    ask which."""
    said = {w.norm for w in piece if w.kind in ("name_common", "maybe_name")}
    places = {w.norm for w in piece if w.kind == "place"}
    if not said or min(len(index.postings.get(w, ())) for w in said) < COMMON_NAME_DF:
        return result
    top = set(literal_tokens(result.candidates[0].matched_name or result.candidates[0].name)) - {"the"}
    for words in (piece, [w for w in piece if w.kind != "place"]):  # "South Farnham School"; "St Mary's, Hitchin"
        if set(literal_tokens(_query(words))) - {"the"} == top:
            return result
    same = [c for c in result.candidates
            if said <= set(literal_tokens(c.matched_name or c.name))
            and (not places or places & set(literal_tokens(" ".join(filter(None, (c.town, c.la_name))))))]
    if len(same) < 2:
        return result
    return replace(result, decision="ambiguous", candidates=same, total=len(same))


def _has_kinds(kinds: set[str], name: tuple[str, ...]) -> bool:
    """Whether a name has each kind of school asked ("primary" is also an infant or junior school)."""
    return all(k in name or (k == "primary" and PRIMARY_PARTS & set(name)) for k in kinds)


def _rank(m: Mention) -> tuple:
    top = m.result.candidates[0].score if m.result.candidates else 0.0
    return DECISION_RANK[m.result.decision], m.distinctive, round(top, 1), len(m.text)


def match_piece(index: SchoolIndex, piece: list[Word], *, place: str | None = None,
                phase: str | None = None, limit: int = 5) -> Mention:
    """The best reading of one piece: as written, or without ordinary words at its ends. A piece
    with a distinctive word, or a name before a kind of school ("Fleet Grammar School"), names a
    school even when none fits (then: not found)."""
    distinctive = any(w.distinctive for w in piece)
    names_school = distinctive or (any(w.norm in KIND_WORDS for w in piece)
                                   and any(w.kind in ("name_common", "place") for w in piece))
    best: Mention | None = None
    options = _trimmed(piece)
    if len(piece) > 2 and piece[-1].kind == "place" and any(w.distinctive for w in piece[:-1]):
        options.append(piece[:-1])  # a nearby place that is not the school's own: "... Elstree"
    for option in options:  # as written first; a shorter reading only if it decides better
        text, query = _text(option), _query(option)
        result = replace(index.match(query, place=place, phase=phase, limit=limit), query=text)
        if not distinctive:
            result = _weak_filter(index, result, option)
        if not distinctive and result.decision == "unique":
            result = _namesakes_there(index, result, option)
        if best is None or DECISION_RANK[result.decision] > DECISION_RANK[best.result.decision]:
            best = Mention(text, result, distinctive, names_school, query)
        if best.result.decision == "unique":
            break
    assert best is not None
    said = [w.norm for w in piece if w.norm in PHASE_NAMES]
    rest = _stripped([w for w in piece if w.norm not in PHASE_NAMES])
    if best.result.decision != "unique" and said and not phase and any(w.kind in NAME_KINDS for w in rest):
        # "South Farnham primary", "Weydon secondary": the phase of a school whose name does not say it
        plain = match_piece(index, rest, place=place, phase=said[0], limit=limit)
        fits = [c for c in plain.result.candidates if said[0] in (c.phase or "").lower()]
        if DECISION_RANK[plain.result.decision] > DECISION_RANK[best.result.decision] and fits \
                and (plain.result.decision != "unique" or fits[0] is plain.result.candidates[0]):
            return replace(plain, text=_text(piece), names_school=best.names_school or plain.names_school)
    return best


def resolve(index: SchoolIndex, spans: list[str], *, place: str | None = None,
            phase: str | None = None, limit: int = 5) -> Mention | None:
    """The school the question names, from its candidate `spans` (best first), or None when
    no words of it can name a school."""
    found: list[Mention] = []
    for span in spans:
        for piece in pieces(words_of(index, span)):
            mention = match_piece(index, piece, place=place, phase=phase, limit=limit)
            if mention.result.decision == "none" and not mention.names_school:
                continue  # ordinary words that name nothing: not a school at all
            found.append(mention)
            if mention.result.decision == "unique" and mention.distinctive:
                return mention
    best = max(found, key=_rank) if found else None
    if best is None or best.result.decision != "unique":
        read = _by_initials(index, spans, place=place, phase=phase, limit=limit)
        if read is not None:
            return read
    return best


def _by_initials(index: SchoolIndex, spans: list[str], *, place: str | None, phase: str | None,
                 limit: int) -> Mention | None:
    """A span with a school's initials in it ("EEHS results", "sjb woking"), when reading the
    initials as each name they may stand for finds exactly one school."""
    found: dict[int, Mention] = {}
    for span in spans:
        for w in words_of(index, span):
            if w.kind != "unknown" or not w.norm.isalpha() or not 2 <= len(w.norm) <= 6:
                continue
            for name in expansions(index, w.norm):
                text = re.sub(rf"\b{re.escape(w.text)}\b", name, span, count=1)
                for piece in pieces(words_of(index, text)):
                    result = match_piece(index, piece, place=place, phase=phase, limit=limit).result
                    if result.decision == "unique" or len(result.candidates) > 1 and result.decision == "ambiguous":
                        for c in result.candidates[:1] if result.decision == "unique" else result.candidates:
                            found.setdefault(c.urn, Mention(span, result, True, True, _query(piece)))
    # one school only, by every reading of the initials ("sjb" alone: St John Bosco or Beaumont?)
    return next(iter(found.values())) if len(found) == 1 else None
