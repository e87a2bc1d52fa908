"""Ofsted summaries, framework-aware: report-card areas stay separate and are never one grade."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Source
from bot.caveats import Caveat, academic_year
from bot.rows import InspectionRow, SchoolRow
from bot.render import caveat_text, knowledge

NOT_A_GRADE = {"", "not judged", "null", "none", "9", "not applicable"}
BODY = ("no_inspection", "ofsted_category")  # caveats said in the body of an answer, not as notes


def area_name(key: str) -> str:
    """"curriculum_and_teaching" -> "Curriculum and teaching"."""
    names = knowledge("measures")["ofsted"]["areas"]
    if key in names:
        return names[key]
    text = key.replace("_", " ").strip()
    return text[:1].upper() + text[1:]


@dataclass
class Event:
    """One inspection as shown."""

    kind: str  # graded | ungraded | report_card
    framework: str
    when: date
    urn: int
    overall: str | None = None
    outcome: str | None = None
    areas: list[tuple[str, str]] = field(default_factory=list)
    inspected_name: str | None = None
    category: str | None = None  # Serious Weaknesses | Special Measures (an Inadequate judgement)

    @property
    def date_text(self) -> str:
        return self.when.strftime("%-d %B %Y")


@dataclass
class OfstedSummary:
    """What the answer shows about inspections, with its caveats and sources."""

    main: Event | None = None  # latest graded inspection or report card
    later_ungraded: Event | None = None  # an ungraded inspection after it
    predecessor: str | None = None
    caveats: list[Caveat] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    own: list[InspectionRow] = field(default_factory=list)  # the school's own inspections, newest first

    @property
    def category_note(self) -> str | None:
        """What a category of concern means, said under the judgement it qualifies."""
        c = next((c for c in self.caveats if c.id == "ofsted_category"), None)
        return caveat_text(c) if c else None

    @property
    def none_note(self) -> str | None:
        """What to say in place of an inspection when there is none (where to look instead)."""
        c = next((c for c in self.caveats if c.id == "no_inspection"), None)
        return caveat_text(c) if c else None

    @property
    def notes(self) -> list[Caveat]:
        """The caveats said as notes (no_inspection and a category's meaning are said in the body,
        see `none_note` and `category_note`)."""
        return [c for c in self.caveats if c.id not in BODY]

    @property
    def inline(self) -> list[Caveat]:
        return [c for c in self.caveats if c.id in BODY]


def grade(value: str | None) -> str | None:
    """A single-word grade in words ("2" -> "Good"; a category of concern such as "Special
    Measures" -> "Inadequate"); None for 'Not judged' and blanks."""
    if value is None:
        return None
    v = str(value).strip()
    if v.lower() in NOT_A_GRADE:
        return None
    grades = knowledge("measures")["ofsted"]["grades"]
    if category(v):
        return grades["4"]
    return grades.get(v.removesuffix(".0"), v)


def category(value: str | None) -> str | None:
    """The category of an Inadequate judgement ("Serious Weaknesses" or "Special Measures") that a
    GIAS rating or Ofsted's category column names; None otherwise."""
    return knowledge("measures")["ofsted"]["categories"].get(str(value or "").strip().lower())


def category_caveat(name: str | None) -> Caveat | None:
    """Says that Serious Weaknesses and Special Measures are the two categories of Inadequate."""
    if not name:
        return None
    other = next(c for c in dict.fromkeys(knowledge("measures")["ofsted"]["categories"].values())
                 if c != name)
    return Caveat("ofsted_category", {"category": name, "other": other})


def outcome_words(outcome: str | None) -> str | None:
    """An ungraded inspection's outcome in parents' words: Ofsted's codes ("School remains Good
    (Concerns) - S5 Next") are translated (knowledge/measures.yaml `ofsted.outcomes`)."""
    if not outcome:
        return None
    text = " ".join(str(outcome).split())
    for rule in knowledge("measures")["ofsted"]["outcomes"]:
        m = re.search(rule["match"], text, re.IGNORECASE)
        if m:
            return rule["say"].format(grade=m.groupdict().get("grade") or "")
    cleaned = re.sub(r"\s*[-–(]?\s*\bS[58]\b.*$", "", text)  # an unknown code: never shown raw
    return cleaned[:1].lower() + cleaned[1:] if cleaned else None


def to_event(i: InspectionRow) -> Event:
    areas = []
    for area, g in (i.judgements or {}).items():
        word = grade(g) if i.kind != "report_card" else (str(g).strip() if g else None)
        if word and word.lower() not in NOT_A_GRADE:
            areas.append((area_name(area), word))
    return Event(
        i.kind, i.framework, i.start_date, i.inspected_urn or i.urn, grade(i.overall),
        outcome_words(i.outcome), areas, i.inspected_name,
        category(i.category_of_concern) or category(i.overall),
    )


def _gias_event(school: SchoolRow) -> Event | None:
    if not school.ofsted_last_inspection or not grade(school.ofsted_rating):
        return None
    rating = grade(school.ofsted_rating)
    return Event("graded", "gias", school.ofsted_last_inspection, school.urn, rating,
                 category=category(school.ofsted_rating))


def summarise(session: Session, school: SchoolRow, today: date) -> OfstedSummary:
    """The latest inspection picture for a school (its predecessor's when it has none)."""
    links = records.predecessors(session, school.urn)
    rows = records.inspections(session, [school.urn] + [lk.urn for lk in links])
    out = OfstedSummary(own=[i for i in rows if i.urn == school.urn])
    events = [to_event(i) for i in out.own]
    gias = _gias_event(school)
    if gias and not any(e.kind != "ungraded" and e.when == gias.when for e in events):
        events.append(gias)
    elif gias and gias.category:  # GIAS names the category that Ofsted's row may leave out
        for e in events:
            if e.when == gias.when and e.overall == gias.overall and not e.category:
                e.category = gias.category
    if not events and links:
        names = {lk.urn: lk.name for lk in links}
        events = [to_event(i) for i in rows if i.urn != school.urn]
        if not events:  # a predecessor's grade may be known only from GIAS
            preds = records.schools(session, names)
            events = [g for p in preds.values() if (g := _gias_event(p))]
            names |= {u: p.name for u, p in preds.items()}
        if events:
            out.predecessor = names.get(max(events, key=lambda e: e.when).urn)
    events.sort(key=lambda e: e.when, reverse=True)
    full = [e for e in events if e.kind in ("graded", "report_card")]
    out.main = full[0] if full else None
    ungraded = [e for e in events if e.kind == "ungraded"]
    if ungraded and (out.main is None or ungraded[0].when > out.main.when):
        out.later_ungraded = ungraded[0]
    shown = [e for e in (out.main, out.later_ungraded) if e]
    if shown and shown[0].urn != school.urn and out.predecessor is None:
        out.predecessor = shown[0].inspected_name
    out.caveats = cv.dedupe(
        [cv.no_inspection(len(shown), cv.is_independent(school.type_name, school.type_group))]
        + [cv.predecessor_inspection(e.urn, school.urn, out.predecessor) for e in shown[:1]]
        + ([cv.old_inspection(out.main.when, out.main.overall, today, confirmed=_confirmed(out))]
           if out.main else [])
        + [cv.report_card_not_comparable(
            [e.kind for e in shown if e.overall or e.kind == "report_card"], today)]
        + [category_caveat(out.main.category if out.main else None)]
    )
    files = records.source_files(session, [i.source_file_id for i in rows])
    for e in shown:
        if e.framework == "gias":  # the GIAS extract is already the answer's source
            continue
        sf = next((files.get(i.source_file_id) for i in rows if i.start_date == e.when), None)
        year = academic_year(_ending_year(e.when))
        out.sources.append(Source(kind="ofsted", year=year, file=sf.name if sf else None))
    return out


def _confirmed(out: OfstedSummary) -> date | None:
    """The date a later ungraded inspection of the same school confirmed the grade shown."""
    later = out.later_ungraded
    if later and out.main and later.urn == out.main.urn and cv.confirms_grade(later.outcome):
        return later.when
    return None


def _ending_year(d: date) -> int:
    return d.year + 1 if d.month >= 9 else d.year
