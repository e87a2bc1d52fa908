"""The cards of one school: the answer first, then a few lines chosen for its phase.

Each card takes a session and a school row (bot.answers.school fetches them and decides between a
card and the answer to a measure).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Answer
from bot.answers._common import (
    base, extract_date, finish, gias_source, predecessor_note, school_caveats, source_label,
)
from bot.answers.figures import Section, build_sections, own_or_predecessors
from bot.answers.ofsted import OfstedSummary, summarise, to_event
from bot.answers.provision import provision_line
from bot.answers.roll import counts
from bot.rows import SchoolRow
from bot.render import knowledge

FOLLOW_UPS = ["overview", "inspection", "results", "pupils", "admissions", "contact"]
CARD_LINES = 4  # figure lines a results card leads with (the answer line included)
OVERVIEW_LINES = 3  # figure lines in an overview


def others(intent: str) -> list[str]:
    """The follow-ups offered on an answer of `intent`: the other school intents."""
    return [i for i in FOLLOW_UPS if i != intent]


def _successor(session: Session, school: SchoolRow) -> str | None:
    if school.is_open:
        return None
    links = records.successors(session, school.urn)
    if not links:
        return None
    found = records.schools(session, [lk.urn for lk in links])
    names = [found[lk.urn].name if lk.urn in found else (lk.name or knowledge("measures")["school"]["unnamed"].format(urn=lk.urn)) for lk in links]
    return ", ".join(names)


def _collect(secs: list[Section]) -> tuple[list, list, list, list[str], bool]:
    caveats, inline, sources, labels, demo = [], [], [], [], False
    for s in secs:
        caveats += s.caveats
        inline += s.inline
        sources += s.sources
        labels += s.source_labels
        demo = demo or s.demo
    return caveats, inline, sources, labels, demo


def _ofsted_labels(o: OfstedSummary) -> list[str]:
    return [source_label(s) for s in o.sources]


def share(sections: list[Section], limit: int) -> list[tuple[Section, int, int]]:
    """(section, first line, number of lines) to show, at most `limit` lines in all: the first
    section with figures gets the most, every other one at least its first line."""
    with_lines = [s for s in sections if s.lines]
    if not with_lines:
        return []
    first_gets = max(1, limit - (len(with_lines) - 1))
    out = [(with_lines[0], 0, first_gets)]
    room = limit - min(first_gets, len(with_lines[0].lines))
    for sec in with_lines[1:]:
        n = max(1, min(room, len(sec.lines)))
        out.append((sec, 0, n))
        room -= n
    return out


def overview_card(session: Session, school: SchoolRow, today: date) -> Answer:
    """Facts, the latest Ofsted judgement and a few headline results for the school's phase."""
    ofsted = summarise(session, school, today)
    secs, predecessor = own_or_predecessors(session, school, None, headline="overview_")
    caveats, inline, sources, labels, demo = _collect(secs)
    gias = gias_source(session, school)
    return finish(
        "overview",
        "overview.j2",
        **base(school),
        successor=_successor(session, school),
        provision=provision_line(school),
        ofsted=ofsted,
        shown=share(secs, OVERVIEW_LINES),
        empty=next((s for s in secs if not s.lines), None),
        schools=[school.urn],
        caveats=school_caveats(school) + _one_predecessor_note(ofsted.notes, predecessor) + caveats,
        inline=ofsted.inline + inline,
        sources=[gias] + ofsted.sources + sources,
        source_labels=[source_label(gias)] + _ofsted_labels(ofsted) + labels,
        follow_ups=others("overview"),
        demo=bool(school.demo) or demo,
    )


def inspection_card(session: Session, school: SchoolRow, today: date, *, asked: str | None = None,
                    about: frozenset[str] = frozenset()) -> Answer:
    """The inspection answer: the latest judgement first (or, `asked` "inspection_date", when the
    school was last inspected), earlier inspections in one line each."""
    ofsted = summarise(session, school, today)
    shown = [e for e in (ofsted.main, ofsted.later_ungraded) if e]
    history = [
        e for e in (to_event(i) for i in ofsted.own)
        if not any(e.when == s.when and e.kind == s.kind for s in shown)
    ][:3]
    return finish(
        "inspection",
        "inspection.j2",
        **base(school),
        ofsted=ofsted,
        history=history,
        asked=asked,
        last=max(shown, key=lambda e: e.when) if shown else None,
        schools=[school.urn],
        caveats=school_caveats(school) + ofsted.notes,
        inline=ofsted.inline,
        about=about,
        sources=ofsted.sources or [gias_source(session, school)],
        source_labels=_ofsted_labels(ofsted) or [source_label(gias_source(session, school))],
        follow_ups=others("inspection"),
        demo=bool(school.demo),
    )


def results_card(session: Session, school: SchoolRow, key_stage: str | None, *,
                 years: list[int] | None = None) -> Answer:
    """The results answer: the phase's headline figure first, then a few more lines."""
    stages = [key_stage] if key_stage else None
    secs, predecessor = own_or_predecessors(session, school, stages, years=years)
    with_lines = [s for s in secs if s.lines]
    lead = next((ln for s in with_lines for ln in s.lines if ln.value is not None),
                with_lines[0].lines[0] if with_lines else None)
    rest = [(ln, sec.year) for sec, skip, n in share(with_lines, CARD_LINES)
            for ln in sec.lines[skip:skip + n] if ln is not lead]
    caveats, inline, sources, labels, demo = _collect(secs)
    empty = [s for s in secs if not s.lines]
    results = knowledge("caveats")["words"]["results"]
    if not secs:
        inline.append(cv.Caveat("no_results", {"what": results}))
    empty_note = empty[0].empty_note if empty else knowledge("caveats")["no_results"].format(what=results)
    return finish(
        "results",
        "results.j2",
        **base(school),
        statement=None,
        lead=lead,
        rest=rest,
        empty=[s for s in empty if lead is not None or s is not empty[0]],
        empty_note=empty_note,
        extra=[],
        meaning=None,
        predecessor=predecessor,
        infant=(school.high_age or 11) < 10 and not with_lines,
        schools=[school.urn],
        caveats=school_caveats(school) + predecessor_note(predecessor) + caveats,
        inline=inline,
        sources=sources,
        source_labels=labels,
        follow_ups=others("results"),
        demo=bool(school.demo) or demo,
    )


def _one_predecessor_note(ofsted: list[cv.Caveat], predecessor: SchoolRow | None) -> list[cv.Caveat]:
    """Ofsted's caveats plus the predecessor's results note, said once when the inspection is
    of the same predecessor."""
    same = [c for c in ofsted if c.id == "predecessor_inspection"
            and predecessor is not None and c.params.get("urn") == predecessor.urn]
    if not same or predecessor is None:
        return ofsted + predecessor_note(predecessor)
    both = cv.Caveat("predecessor_inspection", {**same[0].params, "name": predecessor.name},
                     key="predecessor_both")
    return [both if c is same[0] else c for c in ofsted]


def pupils_card(session: Session, school: SchoolRow) -> Answer:
    """How many pupils first, then a few lines: who they are, free meals, SEN, language, absence."""
    figs = records.school_figures(session, [school.urn], ["census", "absence"])
    available = {f.key_stage for f in figs}
    stages: list[str] = [ks for ks in ("census", "absence") if ks in available]
    secs = build_sections(session, school, stages, figures=figs) if stages else []
    caveats, inline, sources, labels, demo = _collect(secs)
    lines = {ln.measure: (ln, sec) for sec in secs for ln in sec.lines}
    gias = gias_source(session, school)
    when = extract_date(gias)
    roll = counts(session, school)
    sources += [c.source for c in roll if c.kind not in stages]
    labels += [c.source_label for c in roll if c.kind not in stages]
    return finish(
        "pupils",
        "pupils.j2",
        **base(school),
        school=school,
        facts_when=f"{when:%B %Y}" if when else None,
        census=lines,
        roll=roll,
        religion=religion(school),
        schools=[school.urn],
        caveats=school_caveats(school) + caveats,
        inline=inline,
        sources=[gias] + sources,
        source_labels=[source_label(gias)] + labels,
        follow_ups=others("pupils"),
        demo=bool(school.demo) or demo,
    )


def religion(school: SchoolRow) -> str | None:
    """The school's religious character, None when it has none."""
    religion = school.religious_character
    if religion and religion.lower() in ("none", "does not apply", "unknown"):
        return None
    return religion


def address(school: SchoolRow) -> str:
    parts = [school.street, school.locality, school.address3, school.town, school.county, school.postcode]
    return ", ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))


def contact_card(session: Session, school: SchoolRow, first: str | None = None) -> Answer:
    """The contact details, the one asked for (`first`) first."""
    gias = gias_source(session, school)
    details = {"address": address(school), "phone": school.telephone, "website": school.website,
               "headteacher": school.head_name}
    order = [first] if first in details else []
    order += [k for k in details if k not in order]
    answer = finish(
        "contact",
        "contact.j2",
        **base(school),
        details=[(k, details[k]) for k in order],
        first=first if first in details else None,
        schools=[school.urn],
        caveats=school_caveats(school),
        sources=[gias],
        follow_ups=others("contact"),
        demo=bool(school.demo),
    )
    at = records.position_of(session, school) if first == "address" else None
    if at is not None and not at[2]:  # "where is X?": its own position, for a map pin
        answer.venue = {"name": school.name, "address": details["address"],
                        "latitude": round(at[0], 6), "longitude": round(at[1], 6)}
    return answer


def deadline(month: int, day: int, today: date, phase: str) -> str:
    """The next national closing date: "31 October 2027 for secondary places (September 2028 entry)"."""
    when = date(today.year, month, day)
    if when < today:
        when = date(today.year + 1, month, day)
    entry = when.year + 1 if month >= 9 else when.year
    words = knowledge("measures")["admissions"]
    return words["deadline"].format(date=f"{when:%-d %B %Y}", phase=words["deadline_phases"][phase], entry=entry)
