"""Getting a place: how and when to apply, a council's allocation figures for the school (places,
preferences, offers, the last distance offered, offers by criterion), its local authority's
share of first-preference offers for its phase, its admissions policy, capacity and SEND
provision; and the same share for a local authority asked about ("chances of a first choice
primary in Hertfordshire?"). What no open data holds (catchment maps) is said plainly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Answer, Source
from bot.answers import cards
from bot.answers.provision import provision_line
from bot.answers._common import Db, ENGLAND, base, finish, gias_source, school_caveats, session_for, source_label
from bot.answers.chart import series_chart
from bot.caveats import Caveat, academic_year
from bot.rows import SchoolRow
from bot.render import fmt_value, knowledge

PHASES = ("primary", "secondary")
SHOWN_YEARS = 4  # allocation years listed


@dataclass
class Rate:
    """The share of families offered their first-preference school in an LA (and England) for
    one phase and year of entry, and the share offered one of their preferred schools."""

    phase: str
    words: str  # "primary (Reception)"
    year: int  # ending year of the year of entry (2022 = entry in September 2021)
    la_value: float
    england_value: float | None = None
    preferred_value: float | None = None
    preferred_england_value: float | None = None
    file: str | None = None

    @property
    def entry(self) -> str:
        return knowledge("measures")["admissions"]["entry_year"].format(year=self.year - 1)

    la = property(lambda self: _pct(self.la_value))
    england = property(lambda self: _pct(self.england_value))
    preferred = property(lambda self: _pct(self.preferred_value))
    preferred_england = property(lambda self: _pct(self.preferred_england_value))


def phases_of(school: SchoolRow) -> list[str]:
    """The phases of entry a school admits at: primary (Reception), secondary (Year 7), both for
    an all-through school; none for a sixth-form college or special school."""
    phase = (school.phase or "").lower()
    if "all" in phase:
        return list(PHASES)
    if "primary" in phase:
        return ["primary"]
    if "secondary" in phase:
        return ["secondary"]
    return []


def rates(session: Session, la_code: int | None, phase: str, years: list[int] | None = None) -> list[Rate]:
    """The LA's first-preference rate for a phase, newest year first (only `years`, when given)."""
    if la_code is None:
        return []
    figs = records.admissions_figures(session, la_code, phase)
    files = records.source_files(session, {f.source_file_id for f in figs})
    by_year: dict[int, dict[str, records.FigureRow]] = {}
    for f in figs:
        by_year.setdefault(f.year, {})[f"{f.area}:{f.measure}"] = f
    words = knowledge("measures")["admissions"]["phases"][phase]
    out = []
    for year in sorted(by_year, reverse=True):
        if years and year not in years:
            continue
        row = by_year[year]
        la = row.get("la:first_pref_pct")
        if la is None or la.value is None:
            continue
        out.append(Rate(phase, words, year, la.value, _value(row.get("england:first_pref_pct")),
                        _value(row.get("la:preferred_pct")), _value(row.get("england:preferred_pct")),
                        files[la.source_file_id].name if la.source_file_id in files else None))
    return out


def _value(f: records.FigureRow | None) -> float | None:
    return f.value if f is not None else None


def _pct(value: float | None) -> str | None:
    return fmt_value("first_pref_pct", value) if value is not None else None


def _deadlines(school: SchoolRow, today: date) -> tuple[str, str | None]:
    """The national closing date for the school's phase (both, for an all-through school)."""
    phase = (school.phase or "").lower()
    secondary, primary = "secondary" in phase, "primary" in phase or "middle" in phase
    if "all" in phase:
        secondary = primary = True
    sec_deadline = cards.deadline(10, 31, today, "secondary")
    prim_deadline = cards.deadline(1, 15, today, "primary")
    if secondary and not primary:
        return sec_deadline, None
    if primary and not secondary:
        return prim_deadline, None
    return sec_deadline, prim_deadline


def school_answer(session: Session, school: SchoolRow, today: date, lead: str | None = None,
                  years_asked: list[int] | None = None) -> Answer:
    """The admissions answer for one school; `lead` (last_distance | first_preference) says
    that first (for the intake year asked, when the figures hold it), else the closing date."""
    alloc = records.allocations(session, school)
    years = [_year(r) for r in alloc.years][-SHOWN_YEARS:]
    latest_crit = max(alloc.criteria) if alloc.criteria else None
    latest_rows = alloc.criteria[latest_crit] if latest_crit is not None else []
    criteria = [(c.criterion, c.offers) for c in latest_rows if c.offers]
    council = school.la_name or knowledge("measures")["school"]["no_la"]
    shown_rates = [r[0] for p in phases_of(school) if (r := rates(session, school.la_code, p))]
    deadline, other = _deadlines(school, today)
    gias = gias_source(session, school)
    sources, labels = [gias], [source_label(gias)]
    caveats: list[Caveat | None] = list(school_caveats(school))
    said: list[Caveat] = []
    if years:
        span = f"{years[0]['year']}–{years[-1]['year']}" if len(years) > 1 else str(years[0]["year"])
        sources.append(Source(kind="allocations", year=span,
                              file=", ".join(sorted({f.name for f in alloc.files.values()}))))
        labels.append(knowledge("measures")["admissions"]["entry_in"].format(
            source=knowledge("measures")["sources"]["allocations"].format(la=council), year=span))
        caveats.append(Caveat("distances_change"))
        said.append(Caveat("council_figures", {"la": council}))  # the lead and the source say so
    for rate in shown_rates:
        sources.append(Source(kind="admissions", year=academic_year(rate.year), file=rate.file))
        labels.append(f"{knowledge('measures')['sources']['admissions']} {academic_year(rate.year)}")
    words = knowledge("measures")["admissions"]
    return finish(
        "admissions",
        "admissions.j2",
        **base(school),
        lead=lead,
        asked=list(years_asked or []),
        years=years,
        with_distance=[y for y in years if y["distance"] is not None],
        criteria=criteria,
        criteria_year=latest_crit,
        council=council,
        rates=shown_rates,
        # asked about demand with no figures for this school: which schools the tables cover
        covered=records.allocation_areas(session) if lead and not years else [],
        capacity=school.capacity,
        pupils=school.pupils,
        as_of=f"{school.as_of:%B %Y}" if school.as_of else None,
        policy=school.admissions_policy,
        religion=cards.religion(school),
        provision=provision_line(school),
        fee_paying=cv.is_independent(school.type_name, school.type_group),
        deadline=deadline,
        other_deadline=other,
        apply=words["apply"],
        no_catchment=words["no_catchment"],
        schools=[school.urn],
        caveats=caveats,
        inline=said,
        sources=sources,
        source_labels=labels,
        follow_ups=cards.others("admissions"),
        demo=bool(school.demo),
    )


def _year(row) -> dict:
    """One intake year of a council's allocation table, as the template reads it."""
    return {"year": row.year, "pan": row.pan, "preferences": row.preferences, "offered": row.offered,
            "distance": f"{row.last_distance:.2f}" if row.last_distance is not None else None}


def area(db: Db, la_code: int, la_name: str, *, phase: str | None = None, years: list[int] | None = None,
         trend: bool = False, lead: str | None = None, today: date | None = None) -> Answer:
    """A local authority's share of families offered their first-preference school (primary,
    secondary or both), the newest year first with England's, and how and when to apply (first,
    unless `lead` is first_preference or last_distance)."""
    today = today or date.today()
    phases = [phase] if phase in PHASES else list(PHASES)
    with session_for(db) as session:
        found = {p: rates(session, la_code, p, years) for p in phases}
    shown = {p: r for p, r in found.items() if r}
    words = knowledge("measures")["admissions"]
    sources = [Source(kind="admissions", year=academic_year(r[0].year), file=r[0].file) for r in shown.values()]
    labels = [f"{knowledge('measures')['sources']['admissions']} {academic_year(r[0].year)}" for r in shown.values()]
    series = list(shown.items())
    answer = finish(
        "admissions",
        "admissions_area.j2",
        la_name=la_name,
        eng_name=ENGLAND,
        asked=[academic_year(y) for y in years or []],
        series=series,
        trend=trend,
        rate_first=lead in ("first_preference", "last_distance") or trend or bool(years),
        deadlines={"primary": cards.deadline(1, 15, today, "primary"),
                   "secondary": cards.deadline(10, 31, today, "secondary")},
        phases=phases,
        apply=words["apply"],
        no_catchment=words["no_catchment"],
        title=words["title"].format(la=la_name),
        sources=sources,
        source_labels=labels,
        outcome="answered",
    )
    if trend and series:
        phase_shown, rs = series[0]
        answer.chart = series_chart(
            words["chart_title"].format(la=la_name, phase=words["phases"][phase_shown]), words["chart_series"],
            "percent", [(r.year, {la_name: r.la_value, ENGLAND: r.england_value}) for r in rs],
            [la_name, ENGLAND], "; ".join(labels))
    return answer
