"""The answer to a figure asked for (the understanding's `measure`, `years` and `trend` slots).

A measure id (knowledge/measures.yaml `slots`) names records' measures and how to answer them:
the figure first with its year, meaning and comparison; a year asked answers that year or says
which years the records hold; a trend lists every year held, the years with no exams, whether
each change is outside the confidence intervals and where the DfE changed the measure.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Answer
from bot.answers import admissions, breakdowns, cards, facts, send
from bot.answers._common import ENGLAND, base, compact_labels, finish, predecessor_note, school_caveats
from bot.answers.chart import series_chart
from bot.answers.figures import Line, Section, build_sections, key_stages_for, own_or_predecessors
from bot.caveats import Caveat, academic_year, join_words
from bot.rows import SchoolRow
from bot.render import caveat_text, knowledge, measure_info

PHASED = ("census", "absence")  # figures of the school census: no predecessor's, no exams


def spec(measure: str | None) -> dict | None:
    """How to answer a measure id (knowledge/measures.yaml `slots`); None for an unknown id."""
    if not measure:
        return None
    return knowledge("measures")["slots"].get(str(measure))


def trend_measure(session: Session, school: SchoolRow) -> str | None:
    """The headline measure of the school's phase that its records hold, for a trend question
    that names none (knowledge/measures.yaml `trend_headline`)."""
    chosen = knowledge("measures")["trend_headline"]
    slots = knowledge("measures")["slots"]
    firsts = {slots[sid]["measures"][0] for ids in chosen.values() for sid in ids}
    figs = records.school_figures(session, [school.urn], list(chosen), firsts)
    held = {(f.key_stage, f.measure) for f in figs if f.value is not None}
    stages = key_stages_for(school, {ks for ks, _ in held})
    for ks in [k for k in ("ks4", "ks2") if k in stages]:
        for sid in chosen[ks]:
            if (ks, slots[sid]["measures"][0]) in held:
                return sid
    return None


def answer(session: Session, school: SchoolRow, intent: str, measure: str, slot: dict, *,
           years: list[int] | None, trend: bool, today: date) -> Answer:
    """The answer to `measure` for `school`, as an answer of `intent`."""
    kind = slot.get("kind", "figure")
    if kind == "fact":
        return _as(facts.answer(session, school, measure, today), intent)
    if kind == "inspection":
        return _as(facts.inspection(session, school, measure, today), intent)
    if kind == "disadvantaged":
        return _as(breakdowns.disadvantaged(session, school, years=years), intent)
    if kind == "destinations":
        return _as(breakdowns.destinations(session, school), intent)
    if kind == "admissions":
        return _as(admissions.school_answer(session, school, today, lead=measure, years_asked=years), intent)
    if kind == "send" and not (trend or (years and len(set(years)) > 1)):
        return _as(send.answer(session, school, measure, slot, years), intent)
    if trend or (years and len(set(years)) > 1):  # several years asked: the series over them
        return _as(series(session, school, measure, slot, years if not trend else None), intent)
    return _as(figure(session, school, measure, slot, years), intent)


def _as(ans: Answer, intent: str) -> Answer:
    """The answer labelled with the intent asked (its follow-ups are the other intents)."""
    if ans.outcome == "answered":
        ans.intent = intent
        ans.follow_ups = cards.others(intent) + (["notes"] if ans.notes else [])
    return ans


def _sections(session: Session, school: SchoolRow, ks: str, wanted: list[str],
              years: list[int] | None) -> tuple[list[Section], SchoolRow | None]:
    if ks in PHASED:
        figs = records.school_figures(session, [school.urn], [ks])
        return build_sections(session, school, [ks], figures=figs, measures={ks: wanted},
                              years=years), None
    return own_or_predecessors(session, school, [ks], measures={ks: wanted}, years=years)


def noun(measure_id: str) -> str:
    """A measure as the subject of a sentence ("share of pupils entered for the EBacc")."""
    info = measure_info(measure_id)
    return info.get("noun") or info["label"]


def phase_gap(school: SchoolRow, ks: str) -> Caveat | None:
    """A key stage the school's phase never has: KS2 at a secondary school, GCSEs at a primary."""
    phase = (school.phase or "").lower()
    low, high = school.low_age, school.high_age
    words, said = knowledge("measures")["ks_names"], knowledge("measures")["school"]
    ages = f"{low}–{high}" if low is not None and high is not None else said["ages_unknown"]
    results = knowledge("measures")["sections"]["results"]
    if ks == "ks2" and ("secondary" in phase or (low is not None and low >= 11)) and "all" not in phase:
        return Caveat("not_this_phase", {"name": school.name, "phase": said["phases"]["secondary"], "ages": ages,
                                         "what": results.format(title=words["ks2"])})
    if ks in ("ks4", "ks5", "destinations") and (high is not None and high <= 11):
        return Caveat("not_this_phase", {"name": school.name, "phase": said["phases"]["primary"], "ages": ages,
                                         "what": results.format(title=words[ks])})
    return None


def _statement(school: SchoolRow, c: Caveat, intent: str = "results") -> Answer:
    """An answer that is one sentence (e.g. a secondary school has no SATs results)."""
    return finish(
        intent, "results.j2", **base(school), statement=caveat_text(c), lead=None, rest=[], empty=[],
        empty_note=None, extra=[], meaning=None, predecessor=None, infant=False,
        schools=[school.urn], caveats=school_caveats(school), inline=[c],
        follow_ups=cards.others(intent), demo=bool(school.demo),
    )


def _about(years: list[int] | None, measure_ids: list[str], ks: str) -> frozenset[str]:
    """The general notes a question about these years is about."""
    know = knowledge("measures")
    out = set()
    if years and set(years) & set(know["no_exam_years"]) and ks not in PHASED:
        out.add("no_exams_2020_2021")
    hiatus = set(know["progress_hiatus"].get(ks, []))
    if years and set(years) & hiatus and set(measure_ids) & set(know["progress"]):
        out.add("no_progress_measure")
    return frozenset(out)


def figure(session: Session, school: SchoolRow, measure: str, slot: dict,
           years: list[int] | None = None) -> Answer:
    """A figure: its value, year and comparison first, its companions, meaning and caveats."""
    ks, wanted = slot["key_stage"], slot["measures"]
    secs, predecessor = _sections(session, school, ks, wanted, years)
    sec = secs[0] if secs else None
    if (sec is None or not sec.lines) and (gap := phase_gap(school, ks)):
        return _statement(school, gap)
    if years and (sec is None or not sec.lines):
        return not_held(session, school, ks, wanted, years)
    extra = facts.gias_extras(school, measure, session)
    if sec is None or not sec.lines:
        empty = sec.empty_note if sec is not None else knowledge("caveats")["no_results"].format(
            what=measure_info(wanted[0])["label"])
        return finish(
            "results", "results.j2", **base(school), statement=None, lead=None, rest=[], empty=[],
            infant=False, empty_note=empty, extra=extra, meaning=None, predecessor=None, schools=[school.urn],
            caveats=school_caveats(school), inline=sec.inline if sec else [],
            sources=sec.sources if sec else [], follow_ups=cards.others("results"),
            demo=bool(school.demo),
        )
    lead, rest = sec.lines[0], [(ln, sec.year) for ln in sec.lines[1:]]
    return finish(
        "results" if ks not in PHASED else "pupils",
        "results.j2",
        **base(school),
        statement=None,
        lead=lead,
        rest=rest,
        empty=[],
        empty_note=None,
        extra=extra,
        meaning=slot.get("meaning"),
        predecessor=predecessor,
        infant=False,
        schools=[school.urn],
        caveats=school_caveats(school) + predecessor_note(predecessor) + sec.caveats,
        inline=sec.inline,
        about=_about(years, wanted, ks),
        sources=sec.sources,
        source_labels=sec.source_labels,
        follow_ups=cards.others("results"),
        demo=bool(school.demo) or sec.demo,
    )


def _held_years(session: Session, school: SchoolRow, ks: str, wanted: list[str]) -> list[int]:
    figs = records.school_figures(session, [school.urn], [ks], wanted)
    return sorted({f.year for f in figs if f.value is not None or f.status})


def not_held(session: Session, school: SchoolRow, ks: str, wanted: list[str], years: list[int]) -> Answer:
    """A year the records do not hold: which years they hold (with the newest figure), the years
    with no exams, no progress measure or not published yet, and where to see other years."""
    know = knowledge("measures")
    if gap := phase_gap(school, ks):
        return _statement(school, gap)
    held = _held_years(session, school, ks, wanted)
    no_exam = sorted(set(years) & set(know["no_exam_years"])) if ks not in PHASED else []
    hiatus = sorted(set(years) & set(know["progress_hiatus"].get(ks, [])))
    progress = bool(set(wanted) & set(know["progress"]))
    published = max([know["published"].get(ks, 0)] + [know["published"].get(m, 0) for m in wanted
                                                       if m in know["published"]])
    future = sorted(y for y in years if y > published and y not in no_exam)
    newest = _sections(session, school, ks, wanted, None)[0] if held else []
    latest = newest[0] if newest and newest[0].lines else None
    caveats: list[Caveat | None] = list(school_caveats(school))
    about = set()
    label = measure_info(wanted[0])["label"]
    if no_exam:
        caveats.append(cv.no_exams(no_exam, know["no_exam_years"]))
        about.add("no_exams_2020_2021")
    if hiatus and progress:
        caveats.append(Caveat("no_progress_measure", {
            "what": label[0].upper() + label[1:], "measure": label,
            "years": join_words([academic_year(y) for y in know["progress_hiatus"][ks]])}))
        about.add("no_progress_measure")
    if future:
        caveats.append(Caveat("not_published_yet", {
            "what": label, "years": join_words([academic_year(y) for y in future])}))
        about.add("not_published_yet")
    newer = [y for y in years if held and y > max(held) and y <= published and y not in no_exam]
    if newer and not (hiatus and progress):
        caveats.append(cv.old_data(max(held), max(newer), label[0].upper() + label[1:]))
        about.add("old_data")
    return finish(
        "results" if ks not in PHASED else "pupils",
        "years.j2",
        **base(school),
        label=noun(wanted[0]),
        stage=know["ks_names"].get(ks, ks),
        asked=[academic_year(y) for y in sorted(years)],
        held=[academic_year(y) for y in held],
        no_exam=[academic_year(y) for y in no_exam],
        latest=latest,
        schools=[school.urn],
        caveats=[*caveats, *(latest.caveats if latest is not None else [])],
        inline=latest.inline if latest is not None else [],
        about=frozenset(about),
        sources=latest.sources if latest is not None else [],
        source_labels=latest.source_labels if latest is not None else None,
        follow_ups=cards.others("results"),
        demo=bool(school.demo),
    )


def results_in_years(session: Session, school: SchoolRow, key_stage: str | None, years: list[int],
                     today: date) -> Answer:
    """Results asked for a year (no measure named): that year's card, or which years are held."""
    ans = cards.results_card(session, school, key_stage, years=years)
    if ans.outcome == "answered" and any(s.year in {academic_year(y) for y in years}
                                         for s in ans.sources):
        return ans
    figs = records.school_figures(session, [school.urn], ["ks2", "ks4", "ks5"], ["p8", "att8", "rwm_exp",
                                                                                  "a_level_grade"])
    stages = [key_stage] if key_stage else key_stages_for(school, {f.key_stage for f in figs})
    ks = next((k for k in stages if k in ("ks4", "ks2", "ks5")), "ks4")
    headline = knowledge("measures")["headlines"][ks][:1]
    return not_held(session, school, ks, headline, years)


def series(session: Session, school: SchoolRow, measure: str, slot: dict,
           years: list[int] | None = None) -> Answer:
    """The measure over every year the records hold (of `years`, when given), with the years
    without exams, whether each change is outside the confidence intervals, and where the DfE
    changed the measure."""
    know = knowledge("measures")
    ks, m = slot["key_stage"], slot["measures"][0]
    held = [y for y in _held_years(session, school, ks, [m]) if not years or y in years]
    subject, predecessor = school, None
    if not held and ks not in PHASED:
        _, predecessor = own_or_predecessors(session, school, [ks], measures={ks: [m]})
        if predecessor is not None:
            subject, held = predecessor, [y for y in _held_years(session, predecessor, ks, [m])
                                          if not years or y in years]
    if not held:
        return figure(session, school, measure, slot, years)
    points: list[tuple[int, Line | None, Section]] = []
    for year in held:
        sec = _sections(session, subject, ks, [m], [year])[0][0]
        points.append((year, sec.lines[0] if sec.lines else None, sec))
    latest = points[-1][2]
    steps = _steps([ln for _, ln, _ in points])
    no_exam = [y for y in know["no_exam_years"] if ks not in PHASED
               and (not years or min(years) <= y <= max(years))]
    shown: list = list(points)
    if no_exam:  # the years with no exams, in their place in the series
        before = sum(1 for y in held if y < min(no_exam))
        shown.insert(before, (None, None, None))
    changes = [c["text"] for c in know.get("changes", {}).get(m, [])
               if min(held) < c["year"] <= max(held)]
    caveats = [*school_caveats(school), *predecessor_note(predecessor), *latest.caveats]
    inline = [c for _, _, sec in points for c in sec.inline]
    if no_exam:
        inline.append(cv.no_exams(held, know["no_exam_years"]) or Caveat("no_exams_2020_2021"))
    if years:  # the years asked: only what is about them
        about = set(_about(years, [m], ks))
    else:  # every year: where the series stops is part of the answer
        about = {"old_data"} | ({"no_progress_measure"} if m in know["progress"] else set())
    values = [ln for _, ln, _ in points if ln is not None and ln.value is not None]
    labels = [lb for _, _, sec in points for lb in sec.source_labels]
    la_name = school.la_name or knowledge("measures")["school"]["la"]
    chart = series_chart(
        subject.name, _cap(noun(m)), measure_info(m).get("unit"),
        [(y, {subject.name: ln.raw, la_name: ln.la_raw, ENGLAND: ln.england_raw})
         for y, ln, _ in points if ln is not None],
        [subject.name, la_name, ENGLAND], "; ".join(compact_labels(labels)), no_exam)
    ans = finish(
        "results" if ks not in PHASED else "pupils",
        "trend.j2",
        **base(school),
        label=noun(m),
        points=shown,
        england=measure_info(m).get("unit") != "score",
        steps=_aligned(shown, steps),
        first=values[0] if values else None,
        last=values[-1] if len(values) > 1 else None,
        overall=_verdict(values[0], values[-1]) if len(values) > 1 else None,
        no_exam=[academic_year(y) for y in no_exam],
        changes=changes,
        predecessor=predecessor,
        schools=[school.urn],
        caveats=caveats,
        inline=inline,
        about=frozenset(about),
        sources=[s for _, _, sec in points for s in sec.sources],
        source_labels=labels,
        follow_ups=cards.others("results"),
        demo=bool(school.demo) or any(sec.demo for _, _, sec in points),
    )
    ans.chart = chart
    return ans


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _aligned(shown: list, steps: list[str | None]) -> list[str | None]:
    """The verdicts in the order of the points shown (None for the no-exam line)."""
    it = iter(steps)
    return [None if year is None else next(it) for year, _, _ in shown]


def _verdict(a: Line | None, b: Line | None) -> str | None:
    """"outside" when two scores' confidence intervals do not overlap, "within" when they do,
    None without intervals."""
    if not (a and b and a.ci_bounds and b.ci_bounds):
        return None
    return "within" if cv.intervals_overlap([a.ci_bounds, b.ci_bounds]) else "outside"


def _steps(lines: list[Line | None]) -> list[str | None]:
    """For each point, the verdict on the change from the previous one (None for the first)."""
    out: list[str | None] = [None]
    for prev, cur in zip(lines, lines[1:]):
        out.append(_verdict(prev, cur))
    return out
