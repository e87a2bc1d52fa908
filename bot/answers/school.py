"""Answers about one school: overview, inspection, results, pupils, contact, admissions.

Each builder answers the question first. With a `measure` (an id of knowledge/measures.yaml
`slots`) any builder answers that figure (bot.answers.measure); without one it gives a short card
for the school's phase (bot.answers.cards). An unknown measure falls back to the card.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import records
from bot.answer import Answer
from bot.answers import admissions as getting_a_place
from bot.answers import cards
from bot.answers import measure as slot_answers
from bot.answers._common import Db, session_for, today_or
from bot.answers.static import not_found
from bot.rows import SchoolRow


def _slot(session: Session, school: SchoolRow, intent: str, measure: str | None, years, trend, today):
    """The answer to a measure asked for, whichever builder was called; None for no measure or an
    unknown one (the caller gives its card)."""
    if not measure and (trend or (years and len(set(years)) > 1)):  # the phase's headline
        measure = slot_answers.trend_measure(session, school)
    spec = slot_answers.spec(measure)
    if spec is None or measure is None:  # (no spec without a measure)
        return None
    return slot_answers.answer(session, school, intent, measure, spec, years=years, trend=trend,
                               today=today)


def overview(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """'Is X any good': facts, latest Ofsted (framework-aware), a few headline results, caveats;
    a `measure` (should the core pass one) is answered as by the other builders."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="overview")
        if measure and (slot := _slot(session, school, "overview", measure, None, False, today)):
            return slot
        return cards.overview_card(session, school, today)


def inspection(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Ofsted: the latest inspection (report-card areas listed separately), earlier ones, caveats."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="inspection")
        if measure and (slot := _slot(session, school, "inspection", measure, None, False, today)):
            return slot
        return cards.inspection_card(session, school, today)


def results(db: Db, urn: int, key_stage: str | None = None, *, measure: str | None = None,
            years: list[int] | None = None, trend: bool = False, today: date | None = None) -> Answer:
    """Results for the school's phase (or one key stage), the answer first: the headline figure
    with its year and LA/England comparison; `measure` answers that figure, `years` those years,
    `trend` the figure over every year held."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="results")
        if measure or trend or (years and len(set(years)) > 1):
            slot = _slot(session, school, "results", measure, years, trend, today)
            if slot is not None:
                return slot
        if years:
            return slot_answers.results_in_years(session, school, key_stage, years, today)
        return cards.results_card(session, school, key_stage)


def pupils(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Size, ages, gender, sixth form, faith (GIAS); free school meals, SEN, EAL and absence
    (census), the answer first; `measure` answers that figure."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="pupils")
        if measure and (slot := _slot(session, school, "pupils", measure, None, False, today)):
            return slot
        return cards.pupils_card(session, school)


def contact(db: Db, urn: int, *, measure: str | None = None, today: date | None = None) -> Answer:
    """Address, phone, website and headteacher from GIAS; `measure` (phone, website, address,
    headteacher) says that one first."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="contact")
        if measure and (slot := _slot(session, school, "contact", measure, None, False, today)):
            return slot
        return cards.contact_card(session, school)


def admissions(db: Db, urn: int, *, measure: str | None = None, years: list[int] | None = None,
               today: date | None = None) -> Answer:
    """How and when to apply; a council's allocation figures where it publishes them (places,
    preferences, offers, last distance offered, offers by criterion); the LA's first-preference
    rate; capacity vs pupils, admissions policy, SEND provision; what open data cannot say.
    `measure` (last_distance, first_preference, capacity, admissions_policy, ...) says that first,
    for the intake year of `years` when the council's figures hold it."""
    today = today_or(today)
    with session_for(db) as session:
        school = records.school(session, urn)
        if school is None:
            return not_found(str(urn), intent="admissions")
        if measure and (slot := _slot(session, school, "admissions", measure, years, False, today)):
            return slot
        return getting_a_place.school_answer(session, school, today)
