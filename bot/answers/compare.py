"""Side-by-side comparison of schools, refusing false precision (overlapping intervals)."""

from __future__ import annotations

import re
from datetime import date

from bot import caveats as cv
from bot import records
from bot.answer import Answer
from bot.answers._common import (
    Db, facts_line, finish, school_caveats, session_for, source_label, today_or,
)
from bot.answers.figures import Line, build_sections, needed_measures
from bot.answers.ofsted import summarise
from bot.answers.static import not_found
from bot.caveats import Caveat, academic_year
from bot.render import knowledge, measure_info


def _ofsted_line(summary) -> str:
    e = summary.main or summary.later_ungraded
    if e is None:
        return "no inspection on record"
    if e.kind == "report_card":
        return f"report card, {e.date_text} (areas graded separately)"
    if e.overall:
        return f"{e.overall} ({e.date_text})"
    if e.kind == "ungraded":
        return f"ungraded inspection, {e.date_text}"
    return f"graded inspection, {e.date_text}, no overall grade"


ONE_SCHOOL = re.compile(r"\b(this|the) school\b")  # a caveat worded for one school
SHARED = {"no_progress_measure", "no_exams_2020_2021", "ci_includes_average"}


def _named(c: Caveat, name: str) -> Caveat:
    """Say which school a caveat is about (unless it is about the data as a whole)."""
    if c.id in SHARED:
        return c
    return Caveat(c.id, {**c.params, "prefix": name}, c.key)


def _merged(caveats: list[Caveat | None]) -> list[Caveat]:
    """One note for the schools a caveat says the same about ("A and B: Schoolbot's records
    hold no Ofsted inspection"), in the order the notes first appear; notes worded for one
    school stay apart."""
    wordings = knowledge("caveats")
    groups: dict[tuple, list[Caveat]] = {}
    for c in caveats:
        if c is not None and ONE_SCHOOL.search(str(wordings.get(c.wording, ""))):
            groups[(id(c),)] = [c]  # worded for one school ("for this school"): kept apart
        elif c is not None:
            rest = {k: v for k, v in c.params.items() if k != "prefix"}
            groups.setdefault((c.id, c.key, repr(sorted(rest.items()))), []).append(c)
    out = []
    for same in groups.values():
        names = list(dict.fromkeys(c.params["prefix"] for c in same if c.params.get("prefix")))
        first = same[0]
        if len(names) > 1:
            joined = ", ".join(names[:-1]) + " and " + names[-1]
            first = Caveat(first.id, {**first.params, "prefix": joined}, first.key)
        out.append(first)
    return out


def compare(
    db: Db, urns: list[int], *, key_stage: str | None = None, today: date | None = None
) -> Answer:
    """Two or more schools side by side: Ofsted, then the headline measures they share."""
    today = today_or(today)
    with session_for(db) as session:
        found = records.schools(session, urns)
        schools = [found[u] for u in urns if u in found]
        if not schools:
            return not_found(", ".join(map(str, urns)), intent="compare")
        figs = records.school_figures(
            session, [s.urn for s in schools], ["ks2", "ks4", "ks5"], needed_measures("overview_")
        )
        have = {ks: {f.urn for f in figs if f.key_stage == ks} for ks in ("ks4", "ks2", "ks5")}
        ks = key_stage or max(("ks4", "ks2", "ks5"), key=lambda k: len(have[k]))
        caveats: list = []
        inline: list = []
        sources: list = []
        labels: list[str] = []
        ofsted: list[tuple[str, str]] = []
        per_school: dict[int, dict[str, Line]] = {}
        kinds: list[str] = []
        demo = False
        for s in schools:
            summary = summarise(session, s, today)
            ofsted.append((s.name, _ofsted_line(summary)))
            kinds += [e.kind for e in (summary.main,) if e and (e.overall or e.kind == "report_card")]
            caveats += [_named(c, s.name) for c in school_caveats(s) if c]
            caveats += [_named(c, s.name) for c in summary.caveats
                        if c.id in ("predecessor_inspection", "no_inspection", "old_inspection")]
            demo = demo or bool(s.demo)
            if s.urn not in have[ks]:
                continue
            own = [f for f in figs if f.urn == s.urn]
            sec = build_sections(session, s, [ks], headline="overview_", figures=own)[0]
            per_school[s.urn] = {ln.measure: ln for ln in sec.lines}
            caveats += [_named(c, s.name) for c in sec.caveats if c.id != "ci_includes_average"]
            inline += sec.inline
            sources += sec.sources
            labels += sec.source_labels
            demo = demo or sec.demo
        caveats.append(cv.report_card_not_comparable(kinds, today) if len(set(kinds)) > 1 else None)
        measures, years = [], set()
        for m in knowledge("measures")["headlines"].get(f"overview_{ks}", []):
            values = [(s.name, per_school.get(s.urn, {}).get(m)) for s in schools]
            if sum(v is not None for _, v in values) < 2:
                continue
            measures.append({"label": measure_info(m)["label"], "values": values})
            years.update(ln.year for _, ln in values if ln is not None)
            named = {n: ln.ci_bounds for n, ln in values if ln is not None and ln.ci_bounds}
            same_year = len({ln.year for _, ln in values if ln is not None and ln.ci_bounds}) == 1
            if len(named) >= 2 and same_year:
                caveats.append(cv.overlapping_intervals(named, measure_info(m)["label"]))
        if len(years) > 1:
            span = ", ".join(academic_year(y) for y in sorted(years))
            caveats.append(Caveat("different_years", {"what": "Results", "years": span}))
        rows = [{"name": s.name, "facts": facts_line(s)} for s in schools]
        return finish(
            "compare",
            "compare.j2",
            rows=rows,
            ofsted=ofsted,
            measures=measures,
            schools=[s.urn for s in schools],
            caveats=_merged(caveats),
            inline=inline,
            sources=sources,
            source_labels=labels + ["Ofsted inspection data"],
            follow_ups=["results", "inspection"],
            demo=demo,
        )
