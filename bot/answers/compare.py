"""Two to four schools at a glance: one line per measure with each school's figure and a plain
verdict on whether the difference is real (overlapping confidence intervals: "not significantly
different"); the detail (facts, intervals, years) behind the "Notes" follow-up."""

from __future__ import annotations

import re
from datetime import date

from bot import caveats as cv
from bot import records
from bot.answer import Answer
from bot.answers._common import (
    COMPARE_URL, OFSTED_URL, Db, facts_line, finish, school_caveats, session_for, today_or,
)
from bot.answers.figures import Line, build_sections, needed_measures
from bot.answers.measure import spec
from bot.answers.ofsted import summarise
from bot.answers.static import not_found
from bot.caveats import Caveat, academic_year, join_words
from bot.render import caveat_text, knowledge, measure_info, source_line

ONE_SCHOOL = re.compile(r"\b(this|the) school\b")  # a caveat worded for one school
SHARED = {"no_progress_measure", "no_exams_2020_2021"}
STAGES = ("ks4", "ks2", "ks5")


def _ofsted(summary) -> str:
    words = knowledge("measures")["compare"]
    e = summary.main or summary.later_ungraded
    if e is None:
        return words["ofsted_none"]
    when = f"{e.when:%b %Y}"
    if e.kind == "report_card":
        return words["ofsted_report_card"].format(when=when)
    if e.overall:
        said = words["ofsted_graded_category"] if e.category else words["ofsted_graded"]
        return said.format(grade=e.overall, category=e.category, when=when)
    if e.kind == "ungraded":
        return words["ofsted_ungraded"].format(when=when)
    return words["ofsted_no_grade"].format(when=when)




def _shorten(name: str) -> str:
    for long, short in knowledge("measures")["compare"]["short_names"].items():
        name = name.replace(long, short)
    return name


def short_names(names: list[str]) -> list[str]:
    """Names short enough for one line per measure ("Glyn School" -> "Glyn", "Wolfreton School and
    Sixth Form College" -> "Wolfreton"); the full ones where shortening would make two alike."""
    drop = knowledge("measures")["compare"]["drop_from_names"]
    short = [_shorten(re.sub(drop, "", n, flags=re.IGNORECASE)).strip() or n for n in names]
    return short if len(set(short)) == len(short) else names


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
            first = Caveat(first.id, {**first.params, "prefix": join_words(names)}, first.key)
        out.append(first)
    return out


def verdict(values: list[tuple[str, Line | None]]) -> str | None:
    """Whether the differences are real, from the confidence intervals of one year: "not
    significantly different" when every interval overlaps, else which school is above which;
    None without intervals (or across years)."""
    named = [(n, ln.year, ln.ci_bounds) for n, ln in values if ln is not None and ln.ci_bounds]
    if len(named) < 2 or len({year for _, year, _ in named}) > 1:
        return None
    if cv.intervals_overlap([ci for _, _, ci in named]):
        return knowledge("measures")["compare"]["same"]
    above = []
    for a, _, (a_low, _) in named:
        below = [b for b, _, (_, b_high) in named if a_low > b_high]
        if below:
            above.append(knowledge("measures")["compare"]["above"].format(a=a, b=join_words(below)))
    return knowledge("measures")["compare"]["different"].format(which="; ".join(above))


def _stage(have: dict[str, set[int | None]], key_stage: str | None, measure: str | None) -> tuple[str, list[str] | None]:
    """The key stage compared and the measures asked for (None: the headlines)."""
    slot = spec(measure)
    if slot and slot.get("key_stage") in STAGES:
        return slot["key_stage"], slot["measures"]
    return key_stage or max(STAGES, key=lambda k: len(have[k])), None


def _pairwise(wording: str, names: list[str]) -> str:
    """`wording` ("{first} vs {second}") applied from the left: "A vs B vs C"."""
    out = names[0]
    for name in names[1:]:
        out = wording.format(first=out, second=name)
    return out


def compare(
    db: Db, urns: list[int], *, key_stage: str | None = None, measure: str | None = None,
    years: list[int] | None = None, today: date | None = None,
) -> Answer:
    """Two or more schools: Ofsted, then one line per measure they share, each with a verdict."""
    today = today_or(today)
    with session_for(db) as session:
        found = records.schools(session, urns)
        schools = [found[u] for u in urns if u in found]
        if not schools:
            return not_found(", ".join(map(str, urns)), intent="compare")
        figs = records.school_figures(session, [s.urn for s in schools], list(STAGES),
                                      needed_measures("overview_", {ks: (spec(measure) or {}).get(
                                          "measures", []) for ks in STAGES}))
        have = {ks: {f.urn for f in figs if f.key_stage == ks} for ks in STAGES}
        ks, wanted = _stage(have, key_stage, measure)
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
            ofsted.append((s.name, _ofsted(summary)))
            kinds += [e.kind for e in (summary.main,) if e and (e.overall or e.kind == "report_card")]
            caveats += [_named(c, s.name) for c in school_caveats(s) if c]
            caveats += [_named(c, s.name) for c in summary.caveats
                        if c.id in ("predecessor_inspection", "old_inspection")]
            inline += [c for c in summary.caveats if c.id in ("no_inspection", "ofsted_category")]
            demo = demo or bool(s.demo)
            if s.urn not in have[ks]:
                continue
            own = [f for f in figs if f.urn == s.urn]
            sec = build_sections(session, s, [ks], headline="overview_", figures=own,
                                 measures={ks: wanted} if wanted else None, years=years)[0]
            per_school[s.urn] = {ln.measure: ln for ln in sec.lines}
            caveats += [_named(c, s.name) for c in sec.caveats]
            inline += sec.inline
            sources += sec.sources
            labels += sec.source_labels
            demo = demo or sec.demo
        mixed = len(set(kinds)) > 1
        if mixed:  # report cards beside single-word grades: this comparison cannot be read without it
            inline.append(cv.report_card_not_comparable(kinds, today))
        measures: list[dict] = []
        years_seen: set[int] = set()
        detail: list[str] = []
        short = dict(zip([s.urn for s in schools], short_names([s.name for s in schools])))
        ofsted = [(short[s.urn], text) for s, (_, text) in zip(schools, ofsted)]
        words = knowledge("measures")["compare"]
        missing = [short[s.urn] for s in schools if not any(
            ln.value is not None or ln.note for ln in per_school.get(s.urn, {}).values())]
        for m in wanted or knowledge("measures")["headlines"].get(f"overview_{ks}", []):
            values = [(short[s.urn], per_school.get(s.urn, {}).get(m)) for s in schools
                      if short[s.urn] not in missing]
            if sum(v is not None for _, v in values) < 2:
                continue
            measures.append({"label": measure_info(m)["label"], "values": values, "verdict": verdict(values)})
            years_seen.update(ln.year for _, ln in values if ln is not None)
            cis = [f"{n} {ln.ci}" for n, ln in values if ln is not None and ln.ci]
            if cis:
                label = measure_info(m)["label"]
                detail.append(words["detail_intervals"].format(what=label[0].upper() + label[1:],
                                                               intervals="; ".join(cis)))
            named = {n: ln.ci_bounds for n, ln in values if ln is not None and ln.ci_bounds}
            if len(named) >= 2 and len({ln.year for _, ln in values if ln is not None and ln.ci_bounds}) == 1:
                c = cv.overlapping_intervals(named, measure_info(m)["label"])
                inline += [c] if c else []  # said on the measure's line as its verdict
        if len(years_seen) > 1:
            span = ", ".join(academic_year(y) for y in sorted(years_seen))
            caveats.append(Caveat("different_years", {"what": words["different_years"], "years": span}))
        detail = [words["detail_school"].format(name=s.name, facts=facts_line(s), url=OFSTED_URL.format(urn=s.urn))
                  for s in schools] + detail + ([words["why"]] if measures else [])
        answer = finish(
            "compare",
            "compare.j2",
            title=_pairwise(words["title"], [s.name for s in schools]),
            names=[s.name for s in schools],
            stage=knowledge("measures")["ks_names"].get(ks, ks),
            year=academic_year(max(years_seen)) if len(years_seen) == 1 else None,
            ofsted=ofsted,
            mixed=mixed and caveat_text(Caveat("report_card_not_comparable")),
            missing=words["missing"].format(stage=knowledge("measures")["ks_names"].get(ks, ks),
                                            names=join_words(missing)) if missing else None,
            measures=measures,
            links=[(COMPARE_URL.format(urn=s.urn), short[s.urn]) for s in schools if not s.demo],
            schools=[s.urn for s in schools],
            caveats=_merged(caveats),
            inline=inline,
            sources=sources,
            source_labels=labels + [source_line("ofsted", None)],
            follow_ups=["results", "inspection"],
            demo=demo,
        )
        answer.notes = detail + answer.notes
        if "notes" not in answer.follow_ups:
            answer.follow_ups.append("notes")
        return answer
