"""Result sections: a school's latest figures per key stage with LA/England comparators and caveats."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from bot import caveats as cv
from bot import records
from bot.answer import Source
from bot.caveats import Caveat, academic_year, join_words
from bot.rows import SchoolRow
from bot.records import FigureRow
from bot.render import caveat_text, fmt_value, knowledge, measure_info, source_line

PUBLISHED_BANDS = {
    "1": "well_above", "2": "above", "3": "average", "4": "below", "5": "well_below",
    "well above average": "well_above", "above average": "above", "average": "average",
    "below average": "below", "well below average": "well_below",
}


@dataclass
class Line:
    """One measure as shown: value or status sentence, year, CI, band, comparators."""

    measure: str
    label: str
    year: int
    value: str | None = None
    note: str | None = None  # status sentence instead of a value
    means: str | None = None
    ci: str | None = None
    band: str | None = None
    la: str | None = None
    england: str | None = None
    phase: str | None = None  # census/absence comparators are of the school's phase ("secondary")
    ci_bounds: tuple[float, float] | None = None
    raw: float | None = None
    status: str | None = None  # the caveat id said instead of a value (suppressed, no_entries, ...)
    la_raw: float | None = None  # the comparators' values, for charts
    england_raw: float | None = None

    @property
    def band_text(self) -> str | None:
        return knowledge("measures")["bands"].get(self.band) if self.band else None

    @property
    def includes_average(self) -> bool:
        """True when the confidence interval includes 0 (not significantly different)."""
        return bool(self.ci_bounds and self.ci_bounds[0] <= 0 <= self.ci_bounds[1])


@dataclass
class Section:
    """A key stage's results for one school."""

    key_stage: str
    title: str
    year: int
    lines: list[Line] = field(default_factory=list)
    caveats: list[Caveat] = field(default_factory=list)
    inline: list[Caveat] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    source_labels: list[str] = field(default_factory=list)
    demo: bool = False
    empty_note: str | None = None

    def add_caveat(self, caveat: Caveat | None, *, first: bool = False) -> None:
        """Add a caveat that applies (a rule that found none gives None: nothing is added)."""
        if caveat is not None:
            self.caveats.insert(0 if first else len(self.caveats), caveat)

    @property
    def year_label(self) -> str:
        return academic_year(self.year)


def key_stages_for(school: SchoolRow, available: set[str]) -> list[str]:
    """The results a parent expects for the school's phase (falling back to what exists)."""
    phase = (school.phase or "").lower()
    both = "middle" in phase or "all-through" in phase or "all through" in phase
    wanted: list[str] = []
    if ("primary" in phase and (school.high_age or 11) >= 10) or both:  # infant schools have no KS2
        wanted.append("ks2")
    if "secondary" in phase or both:
        wanted.append("ks4")
    if "16" in phase or (school.sixth_form or "").lower().startswith("has"):
        wanted.append("ks5")
    chosen = [ks for ks in wanted if ks in available]
    if not chosen:
        chosen = [ks for ks in ("ks4", "ks2", "ks5") if ks in available]
    for ks in wanted:  # a phase with no results still gets an (empty) section that says so
        if ks not in chosen and ks in ("ks2", "ks4"):
            chosen.append(ks)
    return chosen


def needed_measures(headline: str = "", measures: dict[str, list[str]] | None = None) -> set[str]:
    """Every measure a results section reads: headlines (or `measures`), CI limits, cohorts, checks."""
    know = knowledge("measures")
    out = {"confexam", "p8_coverage", "total_pupils", *know["cohort"].values(),
           *know["published_band"].values()}
    for ks in ("ks2", "ks4", "ks5"):
        out.update(know["headlines"].get(f"{headline}{ks}", know["headlines"][ks]))
    for wanted in (measures or {}).values():
        out.update(wanted)
    for companions in know["progress"].values():
        out.update(companions)
    return out


def _wanted(know: dict, ks: str, headline: str, measures: dict[str, list[str]] | None) -> list[str]:
    """The measures a section shows: those asked for, else the headlines of the key stage."""
    if measures and ks in measures:
        return measures[ks]
    return know["headlines"].get(f"{headline}{ks}", know["headlines"].get(ks, []))


def build_sections(
    session: Session,
    school: SchoolRow,
    key_stages: list[str] | None = None,
    *,
    headline: str = "",
    figures: list[FigureRow] | None = None,
    measures: dict[str, list[str]] | None = None,
    years: list[int] | None = None,
) -> list[Section]:
    """Sections for the school's key stages; `headline` picks the overview's shorter measure list,
    `measures` (key stage -> measure ids) the measures asked for, `years` the years asked for (the
    newest of them that the records hold, per measure)."""
    know = knowledge("measures")
    if figures is None:
        stages = ["ks2", "ks4", "ks5"]
        figures = records.school_figures(session, [school.urn], stages, needed_measures(headline, measures))
    if years:
        figures = [f for f in figures if f.year in set(years)]
    stages = key_stages or key_stages_for(school, {f.key_stage for f in figures})
    if not stages:
        return []
    best = records.latest_by_measure(figures)
    shown: list[FigureRow] = []
    for ks in stages:
        for m in _wanted(know, ks, headline, measures):
            f = best.get((school.urn, ks, m))
            if f is not None:
                shown.append(f)
    by_file = records.by_year_and_file(figures)
    comparable = [f for f in shown if measure_info(f.measure).get("unit") != "count"]
    comps = records.comparators(session, comparable, school.la_code, records.census_phase(school))
    latest = records.latest_years(session, [(f.key_stage, f.measure) for f in shown])
    new = {f.key_stage: f for f in figures if f.status == "NEW" and f.urn == school.urn}
    bands = {(f.key_stage, f.measure): f for f in best.values()
             if f.urn == school.urn and f.measure in know["published_band"].values()}
    files = records.source_files(
        session, {f.source_file_id for f in [*shown, *new.values(), *bands.values()]})
    sections = [
        _section(
            school, ks, [f for f in shown if f.key_stage == ks], by_file, comps, latest, files, know,
            new.get(ks),
        )
        for ks in stages
    ]
    for sec in sections:
        # no school's figures at all: say the files are missing, not this school's results
        plain = [c for c in sec.inline if c.id == "no_results"]
        if plain and not sec.lines and not _loaded(session, sec.key_stage, _wanted(know, sec.key_stage, headline, measures)):
            c = Caveat("no_results", {"what": sec.title}, key="no_results_loaded")
            sec.inline[sec.inline.index(plain[0])] = c
            sec.empty_note = caveat_text(c)
        if not years:
            _newer_bands(sec, bands, files, know)
        _merge_statuses(sec)
    return sections


def own_or_predecessors(
    session: Session, school: SchoolRow, stages: list[str] | None, headline: str = "",
    measures: dict[str, list[str]] | None = None, years: list[int] | None = None,
) -> tuple[list[Section], SchoolRow | None]:
    """The school's results sections; when they hold no figure, those of its newest predecessor
    (academy conversion, merger) that has some, and that predecessor."""
    secs = build_sections(session, school, stages, headline=headline, measures=measures, years=years)
    if any(sec.lines for sec in secs):
        return secs, None
    links = records.predecessors(session, school.urn)
    found = records.schools(session, [lk.urn for lk in links])
    for lk in links:
        pred = found.get(lk.urn)
        if pred is None:
            continue
        pred_secs = build_sections(session, pred, stages, headline=headline, measures=measures,
                                   years=years)
        if any(sec.lines for sec in pred_secs):
            return pred_secs, pred
    return secs, None


def _loaded(session: Session, ks: str, measures: list[str]) -> bool:
    """Whether the records hold any school's figures for these measures of a key stage."""
    return any(records.latest_years(session, [(ks, m) for m in measures]).values())


def section_noun(ks: str, title: str) -> str:
    """A section as a note names it: "KS4 (GCSEs) results", "School census figures"."""
    words = knowledge("measures")["sections"]
    return (words["results"] if ks in ("ks2", "ks4", "ks5") else words["figures"]).format(title=title)


def _merge_statuses(sec: Section) -> None:
    """Lines that say the same thing instead of a figure ("not published because very few pupils
    were covered") become one line naming them all; when every line says it, the section's."""
    words = knowledge("measures")["sections"]
    groups: dict[str, list[Line]] = {}
    for ln in sec.lines:
        if ln.status:
            groups.setdefault(ln.status, []).append(ln)
    for status, same in groups.items():
        if len(same) < 2:
            continue
        years = {ln.year for ln in same}
        when = academic_year(max(years))
        if len(same) == len(sec.lines):
            what = words["dated"].format(what=section_noun(sec.key_stage, sec.title), when=when)
        else:
            labels = [ln.label for ln in same]
            joined = join_words(labels)
            what = words["dated"].format(what=joined[0].upper() + joined[1:], when=when)
        code = next((c.params.get("code") for c in sec.inline if c.id == status), None)
        merged = Caveat(status, {"what": what, "code": code})
        first = sec.lines.index(same[0])
        sec.lines = [ln for ln in sec.lines if ln not in same]
        sec.lines.insert(first, Line(same[0].measure, what, max(years), note=caveat_text(merged),
                                     status=status))


def _newer_bands(sec: Section, bands: dict, files: dict, know: dict) -> None:
    """A progress score shown from an older year than the DfE's latest published band for it
    (2018/19 score, 2023/24 band): the band is added on its own line, with its year and source."""
    for ln in list(sec.lines):
        fb = bands.get((sec.key_stage, know["published_band"].get(ln.measure)))
        band = _published_band(fb)
        if fb is None or band is None or fb.year <= ln.year:
            continue
        c = Caveat("newer_band", {"what": ln.label[0].upper() + ln.label[1:],
                                  "year": academic_year(fb.year), "band": knowledge("measures")["bands"][band]})
        sec.lines.insert(sec.lines.index(ln) + 1, Line(fb.measure, ln.label, fb.year, note=caveat_text(c)))
        sec.inline.append(c)
        sf = files.get(fb.source_file_id)
        sec.sources.append(Source(kind=sec.key_stage, year=academic_year(fb.year),
                                  file=sf.name if sf else None))
        sec.source_labels.append(source_line(sec.key_stage, fb.year, fb.provisional))


def _status_what(label: str, year: int) -> str:
    return f"{label[0].upper()}{label[1:]} ({academic_year(year)})"


def _england(comps: dict, f: FigureRow, independent: bool) -> FigureRow | None:
    state = records.comparator(comps, f, "england_state")
    allsch = records.comparator(comps, f, "england")
    return (allsch or state) if independent else (state or allsch)


def _section(school, ks, shown, by_file, comps, latest, files, know, new=None) -> Section:
    """`new`: the school's figure published as NEW for this key stage (a new school, no results)."""
    independent = cv.is_independent(school.type_name, school.type_group)
    title = know["ks_names"].get(ks, ks.upper())
    published = know["published"]
    if not shown:
        sec = Section(ks, title, published.get(ks, 0))
        empty = Caveat("no_results", {"what": "results"})
        if new is not None:
            empty = Caveat("new_school", {"year": academic_year(new.year)}, key="new_school_results")
            sf = files.get(new.source_file_id)
            sec.sources.append(Source(kind=ks, year=academic_year(new.year), file=sf.name if sf else None))
            sec.source_labels.append(source_line(ks, new.year, new.provisional))
        sec.inline.append(empty)
        sec.empty_note = caveat_text(empty)
        if ks == "ks4" and independent:
            sec.add_caveat(cv.independent_no_p8(school.type_name, school.type_group))
        return sec
    year = max(f.year for f in shown)
    sec = Section(ks, title, year)
    noun = section_noun(ks, title)
    for f in shown:
        same = by_file[(f.year, f.source_file_id)]
        sec.lines.append(_line(f, same, comps, independent, sec, school))
        sf = files.get(f.source_file_id)
        sec.sources.append(Source(kind=ks, year=academic_year(f.year), file=sf.name if sf else None))
        sec.demo = sec.demo or bool(sf is not None and sf.demo)
        sec.add_caveat(cv.provisional(f.provisional, f.year))
        conf = same.get("confexam")
        if conf is not None:
            sec.add_caveat(cv.not_checked(conf.status or conf.text, f.year))
    for f in {(f.year, f.provisional): f for f in shown}.values():
        sec.source_labels.append(source_line(ks, f.year, f.provisional))
    # Cohort size of the section's main year.
    main = next(f for f in shown if f.year == year)
    cohort = by_file[(year, main.source_file_id)].get(know["cohort"].get(ks, ""))
    if cohort is not None and cohort.value is not None:
        small = cv.small_cohort(cohort.value, noun)
        if small is not None:  # the section's cohort says it; drop a repeat for Progress 8 alone
            sec.caveats = [
                c for c in sec.caveats
                if not (c and c.id == "small_cohort" and c.params["n"] == small.params["n"])
            ]
        sec.add_caveat(small)
    # Age of the data: the newest year the DfE has published (knowledge) or the records hold.
    own = [f for f in shown if f.measure not in published]
    newest = max([published.get(ks, 0)] + [latest.get((ks, f.measure), 0) for f in own])
    section_old = cv.old_data(year, newest, noun)
    sec.add_caveat(section_old)
    for f in shown:  # progress measures have their own latest year (P8 stopped after 2023/24)
        if f.measure in published and not (section_old and f.year == year):
            mlatest = max(published[f.measure], latest.get((ks, f.measure), 0))
            sec.add_caveat(cv.old_data(f.year, mlatest, measure_info(f.measure)["label"]))
    if ks in ("ks2", "ks4", "ks5"):
        sec.add_caveat(cv.no_exams({f.year for f in shown}, know["no_exam_years"]))
    # Said first: the figures above cannot be read without them.
    if ks == "ks4" and independent and "independent" in f"{school.type_group} {school.type_name}".lower():
        sec.caveats.insert(0, Caveat("independent_igcse"))
    if ks in ("ks2", "ks4", "ks5"):
        sec.add_caveat(cv.special_school(school.type_name, school.type_group), first=True)
    if ks == "ks2" and (school.low_age or 0) >= 7 and any(ln.ci for ln in sec.lines):
        sec.add_caveat(Caveat("junior_school_progress"))  # progress from infant-school KS1
    progress_name = knowledge("measures")["sections"]["progress"].get(ks)
    if progress_name and not (ks == "ks4" and independent):  # independents never have P8
        sec.add_caveat(cv.no_progress_measure(ks, newest, know["progress_hiatus"], progress_name))
    # One sentence for every progress score whose CI includes the average.
    within = [ln.label for ln in sec.lines if ln.ci and (ln.band == "average" or (
        ln.band is None and ln.includes_average))]
    if within:  # said on each figure's line ("not significantly different")
        sec.inline.append(ci_note(within))
    sec.caveats = cv.dedupe(sec.caveats)
    return sec


def ci_note(labels: list[str]) -> Caveat:
    """One sentence for every progress score whose confidence interval includes the average."""
    what = join_words(labels)
    return Caveat("ci_includes_average", {"what": what[0].upper() + what[1:]})


def _published_band(pub: FigureRow | None) -> str | None:
    """A published band figure ("5", "Well below average") -> "well_below"; None if absent."""
    if pub is None:
        return None
    label = str(pub.text or (pub.value if pub.value is not None else "")).strip().lower()
    return PUBLISHED_BANDS.get(label.removesuffix(".0"))


def _line(
    f: FigureRow, same: dict, comps: dict, independent: bool, sec: Section, school: SchoolRow
) -> Line:
    info = measure_info(f.measure)
    ln = Line(f.measure, info["label"], f.year, means=info.get("means"))
    if f.value is None:
        if f.measure == "p8" and independent:
            c = cv.independent_no_p8(school.type_name, school.type_group)
        else:
            c = cv.status_caveat(f.status or "x", _status_what(info["label"], f.year))
        if c is not None:
            ln.note = caveat_text(c)
            ln.status = c.id
            sec.inline.append(c)
        return ln
    ln.raw = f.value
    ln.value = fmt_value(f.measure, f.value, f.text)
    bounds = knowledge("measures")["progress"].get(f.measure)
    if bounds:
        low, high, pupils = (same.get(m) for m in bounds)
        band_figure = same.get(knowledge("measures")["published_band"].get(f.measure))
        published = _published_band(band_figure)
        unbanded = band_figure is not None and band_figure.status == "SUPP"
        if low is not None and high is not None and low.value is not None and high.value is not None:
            ln.ci_bounds = (low.value, high.value)
            ln.ci = knowledge("measures")["sections"]["interval"].format(
                low=fmt_value(f.measure, low.value), high=fmt_value(f.measure, high.value))
            if unbanded:  # the DfE chose not to band this school: no band of our own either
                ln.band = None
            elif f.measure == "p8":  # the DfE's rule, from the score and its interval
                ln.band = cv.p8_band(f.value, low.value, high.value)
            else:  # KS2's five bands rest on national percentiles: the file's own band first
                ln.band = published or cv.progress_band(f.value, low.value, high.value)
        else:
            ln.band = published
        if unbanded:
            sec.add_caveat(cv.not_banded(info["label"], school.low_age))
        if f.measure == "p8":
            cov = same.get("p8_coverage")
            p8 = measure_info("p8")["label"]
            if cov is not None:
                sec.add_caveat(
                    cv.low_coverage(cov.value, p8) if cov.value is not None
                    else cv.status_caveat(cov.status, knowledge("measures")["sections"]["p8_coverage"])
                )
            if pupils is not None and pupils.value is not None:
                sec.add_caveat(cv.small_cohort(pupils.value, p8))
    if measure_info(f.measure).get("unit") == "count":
        return ln
    la = records.comparator(comps, f, "la")
    eng = _england(comps, f, independent)
    if la is not None and la.value is not None:
        ln.la, ln.la_raw = fmt_value(f.measure, la.value, la.text), la.value
    if eng is not None and eng.value is not None:
        ln.england, ln.england_raw = fmt_value(f.measure, eng.value, eng.text), eng.value
    if f.key_stage in records.PHASED_KEY_STAGES and (ln.la or ln.england):
        ln.phase = records.census_phase(school)
    return ln
