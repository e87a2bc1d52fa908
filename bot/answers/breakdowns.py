"""Breakdowns of a school's results: disadvantaged pupils beside other pupils (with the national
figure for other pupils, the DfE's benchmark), and where pupils went after KS4."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import records
from bot.answer import Answer
from bot.answers import cards
from bot.answers._common import base, finish, predecessor_note, school_caveats
from bot.answers.figures import Line, build_sections, own_or_predecessors
from bot.rows import SchoolRow
from bot.render import fmt_value, knowledge, measure_info


@dataclass
class Pair:
    """One measure for disadvantaged pupils and for the others, with the national others'."""

    label: str
    means: str | None
    dis: Line
    other: Line | None

    @property
    def gap(self) -> str | None:
        """Other pupils' figure minus disadvantaged pupils' ("16.7 points", "35 percentage points")."""
        if self.other is None or self.dis.raw is None or self.other.raw is None:
            return None
        unit = measure_info(self.dis.measure).get("unit")
        diff = self.other.raw - self.dis.raw
        if unit == "percent":
            return knowledge("measures")["disadvantaged"]["gap_percent"].format(n=f"{diff:.0f}")
        if unit == "score":
            return fmt_value(self.dis.measure, diff)
        return knowledge("measures")["disadvantaged"]["gap_points"].format(n=f"{diff:.1f}")

    @property
    def national(self) -> str | None:
        return self.other.england if self.other is not None else None


def disadvantaged(session: Session, school: SchoolRow, *, years: list[int] | None = None) -> Answer:
    """How disadvantaged pupils did beside other pupils at the school and nationally (KS4, else
    KS2); the first pair the records hold leads."""
    know = knowledge("measures")["disadvantaged"]
    for ks in ("ks4", "ks2"):
        wanted = [m for pair in know[ks] for m in (pair["dis"], pair["other"])] + ["dis_pupils"]
        secs, predecessor = own_or_predecessors(session, school, [ks], measures={ks: wanted},
                                                years=years)
        sec = secs[0] if secs else None
        if sec is not None and any(ln.measure.endswith("_dis") for ln in sec.lines):
            break
    else:
        sec, predecessor, ks = None, None, None
    lines = {ln.measure: ln for ln in sec.lines} if sec is not None else {}
    pairs = [Pair(p["label"], p.get("means"), lines[p["dis"]], lines.get(p["other"]))
             for p in know[ks] if p["dis"] in lines] if ks else []
    valued = [p for p in pairs if p.dis.value is not None]
    lead = valued[0] if valued else (pairs[0] if pairs else None)
    return finish(
        "results",
        "disadvantaged.j2",
        **base(school),
        lead=lead,
        rest=[p for p in pairs if p is not lead][:3],
        year=sec.year_label if sec is not None else None,
        cohort=lines.get("dis_pupils"),
        meaning=know["meaning"],
        predecessor=predecessor,
        schools=[school.urn],
        caveats=school_caveats(school) + predecessor_note(predecessor) + (sec.caveats if sec else []),
        inline=sec.inline if sec else [],
        sources=sec.sources if sec else [],
        source_labels=sec.source_labels if sec else None,
        follow_ups=cards.others("results"),
        demo=bool(school.demo) or bool(sec and sec.demo),
    )


def destinations(session: Session, school: SchoolRow) -> Answer:
    """Where pupils went after KS4: education (sixth form, college), apprenticeships, jobs, and
    disadvantaged pupils, with the LA and England and the year."""
    wanted = knowledge("measures")["destinations"]["measures"]
    figs = records.school_figures(session, [school.urn], ["destinations"])
    secs = build_sections(session, school, ["destinations"], figures=figs,
                          measures={"destinations": wanted}) if figs else []
    sec = secs[0] if secs else None
    lines = {ln.measure: ln for ln in sec.lines} if sec is not None else {}
    return finish(
        "results",
        "destinations.j2",
        **base(school),
        d=lines,
        year=sec.year_label if sec is not None and sec.lines else None,
        meaning=knowledge("measures")["destinations"]["meaning"],
        high_age=school.high_age,
        schools=[school.urn],
        caveats=school_caveats(school) + (sec.caveats if sec else []),
        inline=sec.inline if sec else [],
        sources=sec.sources if sec else [],
        source_labels=sec.source_labels if sec else None,
        follow_ups=cards.others("results"),
        demo=bool(school.demo) or bool(sec and sec.demo),
    )
