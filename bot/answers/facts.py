"""Answers about one fact of a school's details (GIAS): yes or no first where the question is
yes/no (sixth form, faith, selective), else the fact in a sentence; and when it was inspected."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import records
from bot.answer import Answer, Source
from bot.answers import cards
from bot.answers._common import base, extract_date, finish, gias_source, school_caveats, source_label
from bot.answers.provision import provision_line
from bot.answers.roll import counts
from bot.rows import SchoolRow
from bot.render import knowledge

CONTACT = ("headteacher", "phone", "website", "address")
NO_FAITH = ("none", "does not apply")
UNKNOWN = ("", "unknown", "not collected", "not recorded")


def _sixth_form(school: SchoolRow) -> str | None:
    """yes | no from GIAS; else from the age range: "no" when pupils leave at 16 or younger,
    "ages" when they stay to 18 (a sixth form, official or not); None when nothing says."""
    text = (school.sixth_form or "").lower()
    if text.startswith("has"):
        return "yes"
    if text.startswith("does not") or text == "not applicable":
        return "no"
    if school.high_age is not None:
        return "no" if school.high_age <= 16 else "ages" if school.high_age >= 18 else None
    return None


def _faith(school: SchoolRow) -> str | None:
    text = (school.religious_character or "").strip().lower()
    if text in UNKNOWN:
        return None
    return "no" if text in NO_FAITH else "yes"


def _selective(school: SchoolRow) -> str | None:
    """yes | no from the admissions policy; "name" when only the name says "grammar"."""
    text = (school.admissions_policy or "").strip().lower()
    if text in UNKNOWN:
        return "name" if "grammar" in (school.name or "").lower() else None
    return "yes" if text == "selective" else "no"


def _ages(school: SchoolRow) -> str | None:
    if school.low_age is None or school.high_age is None:
        return None
    return f"{school.low_age}–{school.high_age}"


def answer(session: Session, school: SchoolRow, measure: str, today: date) -> Answer:
    """One school detail, said first (yes/no questions answered Yes or No)."""
    if measure in CONTACT:
        return cards.contact_card(session, school, first=measure)
    gias = gias_source(session, school)
    when = extract_date(gias)
    intent = knowledge("measures")["slots"][measure]["intent"]
    intake, sources, labels = None, [gias], [source_label(gias)]
    roll = counts(session, school) if measure == "pupil_numbers" else []
    sources += [c.source for c in roll]
    labels += [c.source_label for c in roll]
    if measure == "capacity":  # the places offered each year, where the council publishes them
        alloc = records.allocations(session, school)
        intake = alloc.years[-1] if alloc.years and alloc.years[-1].pan else None
        if intake is not None:
            sf = alloc.files.get(intake.source_file_id)
            sources.append(Source(kind="allocations", year=str(intake.year), file=sf.name if sf else None))
            labels.append(knowledge("measures")["admissions"]["entry_in"].format(
                source=knowledge("measures")["sources"]["allocations"].format(
                    la=school.la_name or knowledge("measures")["school"]["no_la"]),
                year=intake.year))
    return finish(
        intent,
        "fact.j2",
        **base(school),
        slot=measure,
        school=school,
        when=f"{when:%B %Y}" if when else None,
        ages=_ages(school),
        sixth=_sixth_form(school),
        faith=_faith(school),
        selective=_selective(school),
        roll=roll,
        intake=intake,
        provision=provision_line(school) if measure == "capacity" else None,
        phase=(school.phase or "").lower() or None,
        schools=[school.urn],
        caveats=school_caveats(school),
        sources=sources,
        source_labels=labels,
        follow_ups=cards.others(intent),
        demo=bool(school.demo),
    )


def inspection(session: Session, school: SchoolRow, measure: str, today: date) -> Answer:
    """When the school was last inspected (said first), or its report card with what report
    cards are; then the inspection answer."""
    about = frozenset({"report_card_not_comparable"}) if measure == "report_card" else frozenset()
    return cards.inspection_card(session, school, today, asked=measure, about=about)


def gias_extras(school: SchoolRow, measure: str, session: Session) -> list[tuple[str, str, str | None]]:
    """School-details lines that go with a census figure: (label, value, when)."""
    if measure == "fsm" and school.fsm_percent is not None:
        when = extract_date(gias_source(session, school))
        words = knowledge("measures")["roll"]
        return [(words["fsm_now"], f"{school.fsm_percent:.1f}%",
                 words["gias"].format(when=f"{when:%B %Y}") if when else None)]
    return []
