"""Answers about one school: overview, inspection, results, pupils, contact, admissions."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Answer
from bot.answers._common import (
    Db, extract_date, facts_line, finish, gias_source, school_caveats, session_for, source_label,
    today_or,
)
from bot.answers.figures import Section, build_sections
from bot.answers.ofsted import OfstedSummary, summarise, to_event
from bot.answers.static import not_found
from bot.models import School

FOLLOW_UPS = ["overview", "inspection", "results", "pupils", "admissions", "contact"]
ENGLAND = "England"


def _others(intent: str) -> list[str]:
    return [i for i in FOLLOW_UPS if i != intent]


def _base(session: Session, school: School) -> dict:
    """Context every single-school template uses."""
    return {
        "name": school.name, "facts_line": facts_line(school), "la_name": school.la_name,
        "eng_name": ENGLAND,
    }


def _successor(session: Session, school: School) -> str | None:
    if school.is_open:
        return None
    links = records.successors(session, school.urn)
    if not links:
        return None
    found = records.schools(session, [lk.urn for lk in links])
    names = [found[lk.urn].name if lk.urn in found else (lk.name or f"URN {lk.urn}") for lk in links]
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


def overview(db: Db, urn: int, *, today: date | None = None) -> Answer:
    """'Is X any good': facts, latest Ofsted (framework-aware), headline results, caveats."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="overview")
        ofsted = summarise(session, school, today)
        secs, predecessor = _own_or_predecessors(session, school, None, headline="overview_")
        caveats, inline, sources, labels, demo = _collect(secs)
        gias = gias_source(session, school)
        return finish(
            "overview",
            "overview.j2",
            **_base(session, school),
            successor=_successor(session, school),
            ofsted=ofsted,
            sections=secs,
            schools=[urn],
            caveats=school_caveats(school) + _one_predecessor_note(ofsted.notes, predecessor) + caveats,
            inline=ofsted.inline + inline,
            sources=[gias] + ofsted.sources + sources,
            source_labels=[source_label(gias)] + _ofsted_labels(ofsted) + labels,
            follow_ups=_others("overview"),
            demo=bool(school.demo) or demo,
        )


def inspection(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Ofsted: the latest inspection (report-card areas listed separately), earlier ones, caveats."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="inspection")
        ofsted = summarise(session, school, today)
        shown = [e for e in (ofsted.main, ofsted.later_ungraded) if e]
        history = [
            e for e in (to_event(i) for i in ofsted.own)
            if not any(e.when == s.when and e.kind == s.kind for s in shown)
        ][:4]
        return finish(
            "inspection",
            "inspection.j2",
            **_base(session, school),
            ofsted=ofsted,
            history=history,
            schools=[urn],
            caveats=school_caveats(school) + ofsted.notes,
            inline=ofsted.inline,
            sources=ofsted.sources or [gias_source(session, school)],
            source_labels=_ofsted_labels(ofsted) or [source_label(gias_source(session, school))],
            follow_ups=_others("inspection"),
            demo=bool(school.demo),
        )


def results(db: Db, urn: int, key_stage: str | None = None, *, measure: str | None = None,
            years: list[int] | None = None, trend: bool = False, today: date | None = None) -> Answer:
    """Results for the school's phase (or one key stage): figure, year, LA/England, caveats."""
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="results")
        stages = [key_stage] if key_stage else None
        secs, predecessor = _own_or_predecessors(session, school, stages)
        caveats, inline, sources, labels, demo = _collect(secs)
        if not secs:
            inline.append(cv.Caveat("no_results", {"what": "results"}))
        return finish(
            "results",
            "results.j2",
            **_base(session, school),
            sections=secs,
            predecessor=predecessor,
            infant=(school.high_age or 11) < 10,
            schools=[urn],
            caveats=school_caveats(school) + _predecessor_note(predecessor) + caveats,
            inline=inline,
            sources=sources,
            source_labels=labels,
            follow_ups=_others("results"),
            demo=bool(school.demo) or demo,
        )


def _own_or_predecessors(
    session: Session, school: School, stages: list[str] | None, headline: str = ""
) -> tuple[list[Section], School | None]:
    """The school's results sections; when they hold no figure, those of its newest predecessor
    (academy conversion, merger) that has some, and that predecessor."""
    secs = build_sections(session, school, stages, headline=headline)
    if any(sec.lines for sec in secs):
        return secs, None
    links = records.predecessors(session, school.urn)
    found = records.schools(session, [lk.urn for lk in links])
    for lk in links:
        pred = found.get(lk.urn)
        if pred is None:
            continue
        pred_secs = build_sections(session, pred, stages, headline=headline)
        if any(sec.lines for sec in pred_secs):
            return pred_secs, pred
    return secs, None


def _one_predecessor_note(ofsted: list[cv.Caveat], predecessor: School | None) -> list[cv.Caveat]:
    """Ofsted's caveats plus the predecessor's results note, said once when the inspection is
    of the same predecessor."""
    same = [c for c in ofsted if c.id == "predecessor_inspection"
            and predecessor is not None and c.params.get("urn") == predecessor.urn]
    if not same:
        return ofsted + _predecessor_note(predecessor)
    both = cv.Caveat("predecessor_inspection", {**same[0].params, "name": predecessor.name},
                     key="predecessor_both")
    return [both if c is same[0] else c for c in ofsted]


def _predecessor_note(predecessor: School | None) -> list[cv.Caveat]:
    if predecessor is None:
        return []
    return [cv.Caveat("predecessor_results", {"name": predecessor.name, "urn": predecessor.urn})]


def _pupil_facts(school: School) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    if school.pupils is not None:
        cap = f" (capacity {school.capacity:,})" if school.capacity else ""
        out.append(("Pupils", f"{school.pupils:,}{cap}"))
    if school.low_age is not None and school.high_age is not None:
        out.append(("Ages", f"{school.low_age}–{school.high_age}"))
    if school.gender:
        out.append(("Boys/girls", school.gender))
    religion = school.religious_character
    if religion and religion.lower() not in ("none", "does not apply"):
        out.append(("Religious character", religion))
    if school.sixth_form:
        out.append(("Sixth form", school.sixth_form))
    if school.fsm_percent is not None:
        out.append(("Eligible for free school meals", f"{school.fsm_percent:.1f}%"))
    return out


def pupils(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Size, ages, gender, religious character, sixth form, FSM/SEN/EAL (GIAS and census)."""
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="pupils")
        figs = records.school_figures(session, [urn], ["census", "absence"])
        available = {f.key_stage for f in figs}
        stages = [ks for ks in ("census", "absence") if ks in available]
        secs = build_sections(session, school, stages, figures=figs) if stages else []
        by_ks = {s.key_stage: s for s in secs}
        caveats, inline, sources, labels, demo = _collect(secs)
        gias = gias_source(session, school)
        return finish(
            "pupils",
            "pupils.j2",
            **_base(session, school),
            facts=_pupil_facts(school),
            facts_when=f"{when:%B %Y}" if (when := extract_date(gias)) else None,
            census=by_ks.get("census"),
            absence=by_ks.get("absence"),
            schools=[urn],
            caveats=school_caveats(school) + caveats,
            inline=inline,
            sources=[gias] + sources,
            source_labels=[source_label(gias)] + labels,
            follow_ups=_others("pupils"),
            demo=bool(school.demo) or demo,
        )


def contact(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Address, phone, website and headteacher from GIAS."""
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="contact")
        parts = [
            school.street, school.locality, school.address3, school.town, school.county, school.postcode
        ]
        address = ", ".join(dict.fromkeys(p.strip() for p in parts if p and p.strip()))
        gias = gias_source(session, school)
        return finish(
            "contact",
            "contact.j2",
            **_base(session, school),
            address=address,
            phone=school.telephone,
            website=school.website,
            head=school.head_name,
            schools=[urn],
            caveats=school_caveats(school),
            sources=[gias],
            follow_ups=_others("contact"),
            demo=bool(school.demo),
        )


def _deadline(month: int, day: int, today: date, phase: str) -> str:
    """The next national closing date: "31 October 2027 for secondary places (September 2028 entry)"."""
    when = date(today.year, month, day)
    if when < today:
        when = date(today.year + 1, month, day)
    entry = when.year + 1 if month >= 9 else when.year
    return f"{when:%-d %B %Y} for {phase} places (September {entry} entry)"


def admissions(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Capacity vs pupils, admissions policy, how and when to apply; what open data cannot say."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="admissions")
        phase = (school.phase or "").lower()
        secondary, primary = "secondary" in phase, "primary" in phase or "middle" in phase
        if "all" in phase:
            secondary = primary = True
        sec_deadline = _deadline(10, 31, today, "secondary")
        prim_deadline = _deadline(1, 15, today, "primary")
        if secondary and not primary:
            deadline, other = sec_deadline, None
        elif primary and not secondary:
            deadline, other = prim_deadline, None
        else:
            deadline, other = sec_deadline, prim_deadline
        religion = school.religious_character
        if religion and religion.lower() in ("none", "does not apply"):
            religion = None
        gias = gias_source(session, school)
        return finish(
            "admissions",
            "admissions.j2",
            **_base(session, school),
            capacity=school.capacity,
            pupils=school.pupils,
            as_of=f"{school.as_of:%B %Y}" if school.as_of else None,
            policy=school.admissions_policy,
            religion=religion,
            fee_paying=cv.is_independent(school.type_name, school.type_group),
            home="the council for where you live, which may not be "
            + (school.la_name or "the school's council"),
            deadline=deadline,
            other_deadline=other,
            schools=[urn],
            caveats=school_caveats(school),
            sources=[gias],
            follow_ups=_others("admissions"),
            demo=bool(school.demo),
        )
