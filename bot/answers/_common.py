"""Shared pieces of the answer builders: sessions, school facts, sources and the final Answer."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import date

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Answer, Source
from bot.caveats import Caveat, academic_year, join_words
from bot.rows import SchoolRow
from bot.render import caveat_text, knowledge, render, source_line

Db = Session | Engine
ENGLAND = knowledge("measures")["school"]["england"]


@contextmanager
def session_for(db: Db) -> Iterator[Session]:
    """Use a Session as given, or open a short read-only one on an Engine."""
    if isinstance(db, Session):
        yield db
        return
    with Session(db) as session:
        yield session


def ages(school: SchoolRow) -> str | None:
    if school.low_age is None or school.high_age is None:
        return None
    return knowledge("measures")["school"]["ages"].format(low=school.low_age, high=school.high_age)


def facts(school: SchoolRow) -> dict:
    """The school facts the templates show (type, phase, ages, town, LA, open/closed)."""
    kind = school.type_name or school.type_group
    return {
        "urn": school.urn,
        "name": school.name,
        "kind": kind,
        "phase": (school.phase or "").lower() or None,
        "ages": ages(school),
        "town": school.town,
        "la": school.la_name,
        "is_open": school.is_open,
        "close_date": school.close_date.strftime("%-d %B %Y") if school.close_date else None,
        "demo": bool(school.demo),
    }


def facts_line(school: SchoolRow) -> str:
    """One line: "Secondary academy, ages 11–18, Frimley (Surrey)"."""
    f = facts(school)
    words = knowledge("measures")["school"]
    parts = [p for p in (f["kind"], f["phase"], f["ages"]) if p]
    where = f["town"] or ""
    if f["la"] and f["la"] != f["town"]:
        where = words["where"].format(town=where, la=f["la"]) if where else f["la"]
    if where:
        parts.append(where)
    if not f["is_open"]:
        parts.append(words["closed_on"].format(date=f["close_date"]) if f["close_date"] else words["closed"])
    return ", ".join(parts)


def base(school: SchoolRow) -> dict:
    """What every single-school answer shows besides its figures: name, facts line, comparators'
    names, title and the links to see more (none for a fictional demo school)."""
    return {
        "name": school.name, "facts_line": facts_line(school), "la_name": school.la_name,
        "eng_name": ENGLAND, "title": school.name,
        "links": [] if school.demo else school_links(school.urn),  # a fictional school has no page
    }


def predecessor_note(predecessor: SchoolRow | None) -> list[Caveat]:
    """The note that the results shown are of the school this one replaced."""
    if predecessor is None:
        return []
    return [Caveat("predecessor_results", {"name": predecessor.name, "urn": predecessor.urn})]


def school_caveats(school: SchoolRow) -> list[Caveat]:
    """Caveats that belong to the school itself: closed, demo."""
    return cv.dedupe([cv.closed_school(school.is_open, school.close_date), cv.demo_data(bool(school.demo))])


def gias_source(session: Session, school: SchoolRow) -> Source:
    """Where the school's details came from: a GIAS extract (year = its extract date, ISO), or
    another DfE/Ofsted file (kind "school_details", year = the file's academic year)."""
    sf = records.source_files(session, [school.source_file_id]).get(school.source_file_id)
    if school.as_of is None and (sf is None or sf.kind != "gias"):
        year = academic_year(sf.year) if sf is not None and sf.year else None
        return Source(kind="school_details", year=year, file=sf.name if sf else None)
    when = school.as_of or (_extract_date(sf.name) if sf else None)
    return Source(kind="gias", year=when.isoformat() if when else None, file=sf.name if sf else None)


def _extract_date(file_name: str) -> date | None:
    """The extract date in a GIAS file name ("edubasealldata20250422.csv" -> 2025-04-22)."""
    m = re.search(r"(20\d\d)(\d\d)(\d\d)", file_name)
    try:
        return date(int(m[1]), int(m[2]), int(m[3])) if m else None
    except ValueError:
        return None


def extract_date(src: Source) -> date | None:
    """The date of a GIAS extract source; None for other sources (or no date)."""
    if src.kind != "gias" or not src.year:
        return None
    try:
        return date.fromisoformat(src.year)
    except ValueError:  # not a date: never label an extract with an academic year
        return None


def source_label(src: Source, provisional: bool = False) -> str:
    """A source for the final line, e.g. "DfE KS4 performance tables 2023/24 (final)"."""
    if src.kind == "school_details" and src.year:
        return knowledge("measures")["sources"]["school_details_year"].format(year=src.year)
    if src.kind in ("ofsted", "postcodes", "school_details"):
        return source_line(src.kind, None)
    if src.kind == "gias":  # labelled by its extract date, never an academic year
        name = source_line(src.kind, None)
        when = extract_date(src)
        return knowledge("measures")["school"]["dated_source"].format(source=name, date=f"{when:%-d %B %Y}") \
            if when else name
    year = int(src.year.split("/")[0]) + 1 if src.year and "/" in src.year else None
    return source_line(src.kind, year, provisional)


_YEARLY = re.compile(r"^(?P<name>.+?) (?P<year>\d{4}/\d\d(?: \((?:final|provisional)\))?)$")


def compact_labels(labels: list[str]) -> list[str]:
    """Source labels with one name per source kind: "DfE KS4 performance tables 2018/19 (final),
    2023/24 (final)" for two years of the same tables."""
    out: list[str] = []
    years: dict[str, list[str]] = {}
    for label in dict.fromkeys(labels):
        m = _YEARLY.match(label)
        if m is None:
            out.append(label)
            continue
        if m["name"] not in years:
            years[m["name"]] = []
            out.append(m["name"])
        years[m["name"]].append(m["year"])
    return [f"{lb} {', '.join(years[lb])}" if lb in years else lb for lb in out]


def unique_sources(sources: list[Source]) -> list[Source]:
    seen, out = set(), []
    for s in sources:
        key = (s.kind, s.year, s.file)
        if key not in seen:
            seen.add(key)
            out.append(s)
    return out


COMPARE_URL = "https://www.compare-school-performance.service.gov.uk/school/{urn}"
OFSTED_URL = "https://reports.ofsted.gov.uk/provider/21/{urn}"


def school_links(urn: int) -> list[tuple[str, str]]:
    """Where a parent can see more: (url, label) of the school's page on the DfE's Compare school
    and college performance service and of its Ofsted reports."""
    words = knowledge("measures")["links"]
    return [(COMPARE_URL.format(urn=urn), words["compare"]), (OFSTED_URL.format(urn=urn), words["ofsted"])]


def arrange_notes(caveats: list[Caveat], about: set[str] | frozenset[str] = frozenset()
                  ) -> tuple[list[Caveat], list[Caveat]]:
    """(shown, collapsed): specific caveats are shown (at most `max_inline`, the most important
    first); general ones (knowledge/caveats.yaml `general`) are collapsed behind "Notes", unless
    the question is about exactly that (`about`), when they lead the notes shown."""
    words = knowledge("caveats")
    general = set(words.get("general", []))
    wanted = [c for c in caveats if c.id in about]
    specific = [c for c in caveats if c.id not in general and c.id not in about and c.id != "demo_data"]
    shown = (wanted + specific)[: max(words.get("max_inline", 2), len(wanted))]
    kept = {id(c) for c in shown}  # by identity: caveats of one id but other facts are not equal
    collapsed = [c for c in caveats if id(c) not in kept and c.id != "demo_data"]
    return shown, collapsed


def merge_notes(caveats: list[Caveat]) -> list[Caveat]:
    """One note for the figures a caveat says the same about ("KS4 results and KS2 results: from
    2018/19 ..."): caveats of the same wording whose facts differ only in `what` are joined."""
    groups: dict[tuple, list[Caveat]] = {}
    for c in caveats:
        rest = tuple(sorted((k, str(v)) for k, v in c.params.items() if k != "what"))
        groups.setdefault((c.wording, rest), []).append(c)
    out = []
    for same in groups.values():
        whats = list(dict.fromkeys(str(c.params["what"]) for c in same if c.params.get("what")))
        first = same[0]
        if len(whats) > 1:
            first = Caveat(first.id, {**first.params, "what": join_words(whats)}, first.key)
        out.append(first)
    return out


def finish(
    intent: str,
    template: str,
    *,
    schools: list[int] | None = None,
    caveats: Sequence[Caveat | None] | None = None,
    sources: list[Source] | None = None,
    source_labels: list[str] | None = None,
    follow_ups: list[str] | None = None,
    demo: bool = False,
    outcome: str = "answered",
    topic: str | None = None,
    inline: list[Caveat] | None = None,
    about: set[str] | frozenset[str] = frozenset(),
    title: str = "",
    links: list[tuple[str, str]] | None = None,
    **context,
) -> Answer:
    """Render a template with its notes (caveat sentences), links and source line into an Answer.

    `inline` caveats are already said in the body (e.g. a status code on a figure line): they
    count in Answer.caveats but are not repeated as notes. Of the others, the specific ones are
    shown under the answer and the general ones collapsed into Answer.notes (see `arrange_notes`);
    Answer.caveats lists every id that applied. A "notes" follow-up is offered when some are
    collapsed.
    """
    notes = merge_notes(cv.dedupe(list(caveats or [])))
    inline = list(inline or [])
    shown, collapsed = arrange_notes(notes, about)
    sources = unique_sources(list(sources or []))
    labels = compact_labels(source_labels or [source_label(s) for s in sources])
    demo = demo or any(c.id == "demo_data" for c in notes)
    shown_text = list(dict.fromkeys(caveat_text(c) for c in shown))
    text, html = render(
        template,
        notes=shown_text,
        demo=demo,
        demo_text=caveat_text(Caveat("demo_data")),
        sources=labels,
        links=links or [],
        title=title,
        **context,
    )
    hidden = [t for t in dict.fromkeys(caveat_text(c) for c in collapsed) if t not in shown_text]
    follow = list(follow_ups or [])
    if hidden and "notes" not in follow:
        follow.append("notes")
    return Answer(
        intent=intent,
        text=text,
        html=html,
        schools=list(schools or []),
        caveats=cv.ids(inline + notes),
        sources=sources,
        follow_ups=follow,
        demo=demo,
        outcome=outcome,
        topic=topic,
        notes=hidden,
        title=title,
    )


def today_or(today: date | None) -> date:
    return today or date.today()
