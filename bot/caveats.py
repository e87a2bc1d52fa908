"""Caveat rules decided by the data (domain.md §C, §F).

Each rule is a small pure function that returns a `Caveat` (an id from the Answer contract plus
the facts its wording needs) or None. Wording lives in knowledge/caveats.yaml, with the words the
facts are put in (its `words`: "3 pupils", "6 years ago"); the answer builders collect caveats and
`bot.render` turns them into sentences.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from bot.knowledge_files import knowledge

# Status codes as published (DfE performance tables, then EES/GSS symbols) -> caveat id.
STATUS_CAVEATS: dict[str, str] = {
    "SUPP": "suppressed",
    "NE": "no_entries",
    "NP": "not_published",
    "NA": "not_applicable",
    "LOWCOV": "low_coverage",
    "NEW": "new_school",
    "SP": "small_percentage",
    "RE": "redacted",
    "UNAVAIL": "not_available",
    "DNS": "not_available",
    "NR": "not_available",
    "LOW": "not_available",
    "c": "suppressed",
    "x": "not_available",
    "z": "not_applicable",
    ":": "not_applicable",
    "u": "low_reliability",
    "low": "small_percentage",
}

SMALL_COHORT = 11  # fewer pupils than this: say the figure rests on very few children
FIVE_YEARS_DAYS = 5 * 365 + 1
EXEMPTION_ENDED = date(2020, 9, 1)
P8_BANDS = ("well_above", "above", "average", "below", "well_below")


@dataclass(frozen=True)
class Caveat:
    """A caveat that applies: `id` goes into Answer.caveats, `key` picks its wording."""

    id: str
    params: dict = field(default_factory=dict, hash=False, compare=False)
    key: str | None = None

    @property
    def wording(self) -> str:
        return self.key or self.id


def academic_year(year: int) -> str:
    """2024 -> "2023/24" (the academic year ending in `year`)."""
    return f"{year - 1}/{str(year)[-2:]}"


def status_caveat(status: str | None, what: str | None = None) -> Caveat | None:
    """The caveat for a published status code (SUPP, NE, NP, ..., EES c/x/z/u/low); None if no code."""
    if not status:
        return None
    cid = STATUS_CAVEATS.get(status) or STATUS_CAVEATS.get(status.upper(), "not_available")
    return Caveat(cid, {"what": _word("this_figure") if what is None else what, "code": status})


def small_cohort(pupils: float | None, what: str | None = None) -> Caveat | None:
    """Fewer than 11 pupils behind a figure (none when the count is unknown or zero)."""
    if pupils is None or pupils <= 0 or pupils >= SMALL_COHORT:
        return None
    n = int(pupils)
    return Caveat("small_cohort", {"what": _word("this_figure") if what is None else what, "n": n,
                                   "pupils": _word("pupils", n=n)})


def ci_includes_average(
    low: float | None, high: float | None, what: str | None = None, average: float = 0.0
) -> Caveat | None:
    """A confidence interval that includes the national average: not significantly different."""
    if low is None or high is None or not (low <= average <= high):
        return None
    return Caveat("ci_includes_average", {"what": _word("this_score") if what is None else what,
                                          "low": f"{low:+.2f}", "high": f"{high:+.2f}"})


def p8_band(score: float | None, low: float | None, high: float | None) -> str | None:
    """The DfE Progress 8 band from score and 95% CI (domain.md §C1); None when incomplete."""
    if score is None or low is None or high is None:
        return None
    if low > 0:
        return "well_above" if score >= 0.5 else "above"
    if high < 0:
        return "well_below" if score < -0.5 else "below"
    return "average"


def progress_band(score: float | None, low: float | None, high: float | None) -> str | None:
    """Above/below/average for any progress score with a CI (used for KS2 and 16-18)."""
    if score is None or low is None or high is None:
        return None
    if low > 0:
        return "above"
    if high < 0:
        return "below"
    return "average"


def old_data(year: int, latest: int | None, what: str | None = None) -> Caveat | None:
    """A figure older than the latest year the DfE has published for that measure."""
    if latest is None or year >= latest:
        return None
    params = {"what": _word("this_figure") if what is None else what, "year": academic_year(year),
              "latest": academic_year(latest)}
    return Caveat("old_data", params)


def no_exams(years: list[int] | set[int], no_exam_years=(2020, 2021)) -> Caveat | None:
    """Figures from before (or a question about) the years without tests or exams."""
    if not years or min(years) > max(no_exam_years):
        return None
    return Caveat("no_exams_2020_2021")


def no_progress_measure(
    key_stage: str, latest_year: int | None, hiatus: dict[str, list[int]], measure: str
) -> Caveat | None:
    """The latest published year falls in the progress hiatus (KS2 2024-25, KS4 2025-26)."""
    years = hiatus.get(key_stage) or []
    if latest_year is None or not years or latest_year < min(years):
        return None
    span = _word("and").join(academic_year(y) for y in years)
    return Caveat("no_progress_measure", {"what": measure, "measure": measure, "years": span})


def is_independent(type_name: str | None, type_group: str | None) -> bool:
    """True for independent schools (GIAS type group or type name)."""
    text = f"{type_group or ''} {type_name or ''}".lower()
    return "independent" in text or "non-maintained" in text


def special_school(type_name: str | None, type_group: str | None) -> Caveat | None:
    """A special school: its results reflect its pupils' needs, not how it compares."""
    text = f"{type_group or ''} {type_name or ''}".lower()
    return Caveat("special_school") if "special" in text else None


def independent_no_p8(type_name: str | None, type_group: str | None) -> Caveat | None:
    """Independent schools have no Progress 8."""
    return Caveat("independent_no_p8") if is_independent(type_name, type_group) else None


def _age(days: int) -> str:
    years = days // 365
    if years >= 1:
        return _word("years_ago", n=years)
    return _word("months_ago", n=max(days // 30, 0))


def old_inspection(when: date | None, overall: str | None, today: date,
                   confirmed: date | None = None) -> Caveat | None:
    """More than 5 years old, or 'Outstanding' from before September 2020. `confirmed`: the date
    of a later ungraded inspection that found the grade still stands (the age counts from it)."""
    if when is None:
        return None
    last = max(when, confirmed) if confirmed else when
    days = (today - last).days
    params = {"date": last.strftime("%-d %B %Y"), "age": _age(days)}
    if (overall or "").strip().lower() == "outstanding" and last < EXEMPTION_ENDED:
        return Caveat("old_inspection", params, key="old_outstanding")
    if days > FIVE_YEARS_DAYS:
        return Caveat("old_inspection", params, key="old_confirmation" if last != when else None)
    return None


def confirms_grade(outcome: str | None) -> bool:
    """An ungraded inspection's outcome that keeps the grade ("School remains Good",
    "Standards maintained")."""
    text = (outcome or "").lower()
    return "remains" in text or "standards maintained" in text


def predecessor_inspection(inspected_urn: int, school_urn: int, name: str | None) -> Caveat | None:
    """The inspection shown belongs to the school this one replaced."""
    if inspected_urn == school_urn:
        return None
    return Caveat("predecessor_inspection", {"urn": inspected_urn, "name": name or _word("earlier_school")})


def report_card_not_comparable(kinds: list[str], today: date) -> Caveat | None:
    """A report card is shown (its areas cannot be compared with single-word grades); nothing for a
    school that has no report card."""
    if "report_card" in kinds:
        return Caveat("report_card_not_comparable")
    return None


def no_inspection(count: int, independent: bool = False) -> Caveat | None:
    """No inspection is on record (neither Ofsted rows nor a GIAS rating); an independent school
    may be inspected by the ISI instead of Ofsted."""
    if count:
        return None
    return Caveat("no_inspection", key="no_inspection_independent" if independent else None)


def closed_school(is_open: bool, close_date: date | None) -> Caveat | None:
    """The school is closed (with its closing date when known)."""
    if is_open:
        return None
    when = _word("closed_on", date=close_date.strftime("%-d %B %Y")) if close_date else ""
    return Caveat("closed_school", {"when": when})


def not_checked(confexam: str | None, year: int) -> Caveat | None:
    """CONFEXAM = R: the school had not checked its results."""
    if (confexam or "").strip().upper() != "R":
        return None
    return Caveat("not_checked", {"year": academic_year(year)})


def provisional(is_provisional: bool, year: int) -> Caveat | None:
    """Provisional figures may be revised."""
    return Caveat("provisional", {"year": academic_year(year)}) if is_provisional else None


def demo_data(is_demo: bool) -> Caveat | None:
    """Demo records must be labelled fictional."""
    return Caveat("demo_data") if is_demo else None


def intervals_overlap(intervals: list[tuple[float, float]]) -> bool:
    """True when every pair of intervals overlaps (the data cannot separate any two)."""
    if len(intervals) < 2:
        return False
    return max(low for low, _ in intervals) <= min(high for _, high in intervals)


def overlapping_intervals(named: dict[str, tuple[float, float]], what: str) -> Caveat | None:
    """Two or more schools whose confidence intervals all overlap."""
    if not intervals_overlap(list(named.values())):
        return None
    return Caveat("overlapping_intervals", {"names": join_words(list(named)), "what": what})


def not_banded(what: str, low_age: int | None) -> Caveat:
    """The DfE published SUPP for a progress band: it did not band this school (its pupils join
    after the start of secondary school, e.g. 14-19 UTCs), so no band may be worked out."""
    late = low_age is not None and low_age >= 12
    return Caveat("not_banded", {"what": what, "age": low_age}, key="not_banded_late" if late else None)


def low_coverage(coverage: float | None, what: str | None = None) -> Caveat | None:
    """Fewer than half of pupils included in a progress measure (`what`; Progress 8 by default)."""
    if coverage is None or coverage >= 50:
        return None
    return Caveat("low_coverage", {"what": knowledge("measures")["measures"]["p8"]["label"] if what is None else what})


def join_words(items: list[str]) -> str:
    """A list as a sentence says it: "A", "A and B", "A, B and C" (its "and" from
    knowledge/caveats.yaml `words`)."""
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + _word("and") + items[-1]


def _word(key: str, **facts: object) -> str:
    """A word of knowledge/caveats.yaml `words`, filled with `facts`; one that counts has a form
    for one (`n` == 1) and one for other numbers."""
    word = knowledge("caveats")["words"][key]
    if isinstance(word, dict):
        word = word["one" if facts.get("n") == 1 else "other"]
    return word.format(**facts)


def dedupe(caveats: Iterable[Caveat | None]) -> list[Caveat]:
    """Drop Nones and repeats of the same wording+params, keeping order."""
    seen: set = set()
    out: list[Caveat] = []
    for c in caveats:
        if c is None:
            continue
        key = (c.wording, tuple(sorted((k, str(v)) for k, v in c.params.items())))
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def ids(caveats: list[Caveat]) -> list[str]:
    """Unique caveat ids in order (for Answer.caveats)."""
    return list(dict.fromkeys(c.id for c in caveats))
