"""Judging the core's answers against the development set (tests/devset/questions.yaml).

The rules, per question (see the header of questions.yaml for the keys):
- `schools`: every expected URN is in `answer.schools`, and nothing else except `allow` and schools
  linked to an expected one by a GIAS predecessor/successor link.
- `schools_any`: at least one of them, nothing else (linked schools allowed).
- `clarify`: the bot asks which school (`answer.clarify` not empty) offering at least the listed
  URNs, and states nothing about any school (`answer.schools` within `allow`).
- `outcome: not_found`: outcome not_found, no URN in `schools` nor `clarify`.
- `nearby`: at least one school listed, each one meeting the filter.
- none of these: no URN in `schools` beyond `allow`.
A URN in `answer.schools` that the question did not mean is a *wrong school*: the worst outcome.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

DEVSET = Path(__file__).resolve().parent / "questions.yaml"
MODES = ("schools", "schools_any", "clarify", "outcome", "nearby")
SCHOOL_MODES = ("schools", "schools_any", "clarify", "not_found")
LINEAGE_WORDS = ("predecessor", "successor", "amalgamat", "merge")


def load_devset(path: Path = DEVSET) -> list[dict]:
    """The questions of the development set, in file order."""
    return yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]


def mode_of(item: dict) -> str:
    """How the question is judged: schools, schools_any, clarify, not_found, nearby or none."""
    if item.get("outcome") == "not_found":
        return "not_found"
    for key in ("schools", "schools_any", "clarify", "nearby"):
        if key in item:
            return key
    return "none"


def as_list(value) -> list:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def squash(text: str) -> str:
    """Lower case without white space, so "01276 709050" matches "01276709050"."""
    return "".join(str(text).lower().split())


def lineage(links: Iterable[tuple[int, int, str]]) -> dict[int, set[int]]:
    """URN -> every URN connected to it by predecessor/successor/merger links (either direction)."""
    graph: dict[int, set[int]] = defaultdict(set)
    for urn, link_urn, link_type in links:
        if any(word in (link_type or "").lower() for word in LINEAGE_WORDS):
            graph[urn].add(link_urn)
            graph[link_urn].add(urn)
    closure: dict[int, set[int]] = {}
    for start in list(graph):
        seen, todo = {start}, [start]
        while todo:
            for nxt in graph[todo.pop()]:
                if nxt not in seen:
                    seen.add(nxt)
                    todo.append(nxt)
        closure[start] = seen - {start}
    return closure


@dataclass
class SchoolFacts:
    """What the nearby check needs to know about one school (read from the records)."""

    urn: int
    name: str
    phases: set[str]  # {"Primary"}, {"Secondary"}, both for all-through, empty when unknown
    religious_character: str | None
    ofsted_ratings: set[str]
    easting: float | None
    northing: float | None
    la_code: int | None = None


@dataclass
class Verdict:
    """The judgement of one answer."""

    item: dict
    got_schools: list[int]
    got_clarify: list[int]
    got_intent: str
    got_outcome: str
    school_ok: bool
    wrong: list[int] = field(default_factory=list)
    intent_ok: bool = True
    missing_facts: list[str] = field(default_factory=list)
    missing_caveats: list[str] = field(default_factory=list)
    topic_ok: bool = True
    got_topic: str | None = None
    why: str = ""


def _nearby_problems(spec: dict, urns: list[int], facts: Callable[[int], SchoolFacts | None],
                     centroid: Callable[[str], tuple[float, float] | None]) -> list[int]:
    """URNs among `urns` that do not meet the nearby filter."""
    bad = []
    origin = centroid(spec["near"]) if spec.get("near") else None
    for urn in urns:
        school = facts(urn)
        if school is None:
            bad.append(urn)
            continue
        if spec.get("phase") and spec["phase"] not in school.phases:
            bad.append(urn)
        elif spec.get("faith") and spec["faith"].lower() not in (school.religious_character or "").lower():
            bad.append(urn)
        elif spec.get("rating") and spec["rating"] not in school.ofsted_ratings:
            bad.append(urn)
        elif spec.get("name") and spec["name"].lower() not in school.name.lower():
            bad.append(urn)
        elif spec.get("la") and school.la_code != spec["la"]:
            bad.append(urn)
        elif origin is not None:
            if school.easting is None or school.northing is None:
                bad.append(urn)
            elif math.dist(origin, (school.easting, school.northing)) / 1000 > spec["km"]:
                bad.append(urn)
    return bad


def judge(item: dict, answer, lines: dict[int, set[int]],
          facts: Callable[[int], SchoolFacts | None] = lambda urn: None,
          centroid: Callable[[str], tuple[float, float] | None] = lambda district: None) -> Verdict:
    """Judge one `bot.answer.Answer` (or its JSON dict) against one development-set item."""
    get = answer.get if isinstance(answer, dict) else lambda key: getattr(answer, key)
    got = [int(u) for u in (get("schools") or [])]
    offered = [int(u) for u in (get("clarify") or [])]
    allow = set(as_list(item.get("allow")))
    mode = mode_of(item)
    v = Verdict(item, got, offered, get("intent"), get("outcome"), school_ok=False)

    def family(urns: Iterable[int]) -> set[int]:
        out = set(urns)
        for urn in list(out):
            out |= lines.get(urn, set())
        return out

    if mode == "schools":
        expected = set(item["schools"])
        v.wrong = [u for u in got if u not in family(expected) | allow]
        missing = expected - set(got)
        v.school_ok = not missing and not v.wrong
        if missing:
            v.why = f"missing {sorted(missing)}" + (f"; clarified {offered}" if offered else "")
    elif mode == "schools_any":
        accepted = family(item["schools_any"]) | allow
        v.wrong = [u for u in got if u not in accepted]
        v.school_ok = bool(got) and not v.wrong
        if not got:
            v.why = "no school answered" + (f"; clarified {offered}" if offered else "")
    elif mode == "clarify":
        required = set(item["clarify"])
        v.wrong = [u for u in got if u not in allow]
        missing = required - set(offered)
        v.school_ok = bool(offered) and not missing and not v.wrong
        if not offered:
            v.why = "did not ask which school"
        elif missing:
            v.why = f"clarification lacks {sorted(missing)}"
    elif mode == "not_found":
        v.wrong = list(got)
        v.school_ok = not got and not offered and v.got_outcome == "not_found"
        if not v.school_ok and not v.wrong:
            v.why = f"outcome {v.got_outcome}, clarify {offered}"
    elif mode == "nearby":
        v.wrong = _nearby_problems(item["nearby"], got, facts, centroid)
        v.school_ok = bool(got) and not v.wrong
        if not got:
            v.why = f"no school listed (outcome {v.got_outcome})"
    else:
        v.wrong = [u for u in got if u not in allow]
        v.school_ok = not v.wrong
    if v.wrong and not v.why:
        v.why = f"answered about {v.wrong}, not meant"

    v.intent_ok = v.got_intent in as_list(item["intent"])
    text = squash(get("text") or "")
    v.missing_facts = [f for f in as_list(item.get("contains")) if squash(f) not in text]
    caveats = set(get("caveats") or [])
    v.missing_caveats = [c for c in as_list(item.get("caveats")) if c not in caveats]
    if "topic" in item:
        v.got_topic = get("topic")
        v.topic_ok = v.got_topic in as_list(item["topic"])
    return v


@dataclass
class Summary:
    """Accuracy over a run of verdicts."""

    verdicts: list[Verdict]

    def _pct(self, rows: list[Verdict], key: str) -> float:
        return 100.0 * sum(getattr(r, key) for r in rows) / len(rows) if rows else 100.0

    @property
    def school_rows(self) -> list[Verdict]:
        return [v for v in self.verdicts if mode_of(v.item) in SCHOOL_MODES]

    @property
    def right_school_pct(self) -> float:
        """Right school, over the questions that name (or pretend to name) a school."""
        return self._pct(self.school_rows, "school_ok")

    @property
    def intent_pct(self) -> float:
        return self._pct(self.verdicts, "intent_ok")

    @property
    def wrong(self) -> list[Verdict]:
        return [v for v in self.verdicts if v.wrong]

    def report(self) -> str:
        """A plain-text report: totals, per category, then every miss grouped by kind."""
        out = [
            f"Development set: {len(self.verdicts)} questions",
            f"  right school      {self.right_school_pct:5.1f} %  "
            f"({sum(v.school_ok for v in self.school_rows)}/{len(self.school_rows)} questions naming a school)",
            f"  all school checks {self._pct(self.verdicts, 'school_ok'):5.1f} %  (incl. nearby and no-school questions)",
            f"  intent            {self.intent_pct:5.1f} %",
            f"  wrong-school answers: {len(self.wrong)}",
            "",
            f"  {'category':<13}{'n':>4}{'school %':>10}{'intent %':>10}{'facts %':>9}",
        ]
        by_cat: dict[str, list[Verdict]] = defaultdict(list)
        for v in self.verdicts:
            by_cat[v.item["cat"]].append(v)
        for cat, rows in sorted(by_cat.items()):
            facts = [r for r in rows if as_list(r.item.get("contains"))]
            fact_pct = 100.0 * sum(not r.missing_facts for r in facts) / len(facts) if facts else float("nan")
            out.append(f"  {cat:<13}{len(rows):>4}{self._pct(rows, 'school_ok'):>10.1f}"
                       f"{self._pct(rows, 'intent_ok'):>10.1f}{fact_pct:>9.1f}")

        def line(v: Verdict, detail: str) -> str:
            chat = f" [chat {v.item['chat']}]" if v.item.get("chat") else ""
            return f"  - {v.item['id']}{chat} {v.item['text']!r}: {detail}"

        sections = [
            ("WRONG SCHOOL (answered about a school the question did not mean)",
             [line(v, f"{v.why}; got schools={v.got_schools} intent={v.got_intent}")
              for v in self.wrong]),
            ("School misses",
             [line(v, f"{v.why}; got schools={v.got_schools} clarify={v.got_clarify[:8]} "
                      f"outcome={v.got_outcome}") for v in self.verdicts if not v.school_ok and not v.wrong]),
            ("Intent misses",
             [line(v, f"expected {v.item['intent']}, got {v.got_intent}")
              for v in self.verdicts if not v.intent_ok]),
            ("Topic misses", [line(v, f"expected {v.item['topic']}, got {v.got_topic}")
                              for v in self.verdicts if not v.topic_ok]),
            ("Missing key facts", [line(v, f"text lacks {v.missing_facts}")
                                   for v in self.verdicts if v.missing_facts]),
            ("Missing caveats", [line(v, f"lacks {v.missing_caveats}")
                                 for v in self.verdicts if v.missing_caveats and v.school_ok]),
        ]
        for title, rows in sections:
            if rows:
                out += ["", f"{title}: {len(rows)}", *rows]
        outcomes = Counter(v.got_outcome for v in self.verdicts)
        out += ["", "Outcomes: " + ", ".join(f"{k} {n}" for k, n in outcomes.most_common())]
        return "\n".join(out)
