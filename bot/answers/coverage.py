"""What Schoolbot covers: the records by area, key stage and year, and places outside England."""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date, datetime

from bot import records
from bot.answer import Answer, Source
from bot.answers._common import Db, finish, session_for, source_label
from bot.caveats import academic_year, join_words
from bot.render import knowledge, render

SHOWN_STAGES = ("ks2", "ks4", "ks5", "census", "absence", "destinations")
EXPECTED_STAGES = ("ks2", "ks4")  # said to be missing for an area when the records lack them


def _years(by_year: dict[int, dict[int | None, int]], la: int | None) -> list[int]:
    return sorted(y for y, by_la in by_year.items() if (la is None and by_la) or by_la.get(la))


def _span(years: list[int]) -> str:
    """The years held, each named ("2016/17, 2017/18, 2018/19"); a long run as a span."""
    labels = [academic_year(y) for y in years]
    if len(labels) > 4 and years == list(range(years[0], years[-1] + 1)):
        return knowledge("coverage")["lines"]["span"].format(first=labels[0], last=labels[-1])
    return ", ".join(labels)


def _las_of(cov: records.Coverage, by_year: dict[int, dict[int | None, int]]) -> str:
    """The LAs with figures, for the England-wide summary ("Hampshire, Surrey and 150 more")."""
    counts: dict[int | None, int] = {}
    for by_la in by_year.values():
        for la, n in by_la.items():
            counts[la] = counts.get(la, 0) + n
    names = sorted(cov.la_names.get(la, str(la)) for la in counts if la is not None)
    if len(names) > 4:
        return knowledge("coverage")["lines"]["many_las"].format(n=len(names))
    return join_words(names)


_DAY = re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)")  # edubasealldata20261206.csv
_DAY_MONTH_YEAR = re.compile(r"(\d{1,2})[ _]([A-Za-z]{3})[a-z]*[ _](\d{4})")  # ..._as_at_31_Oct_2026.csv


def _file_date(name: str) -> date | None:
    """The date a dated file's name gives (GIAS extracts, Ofsted's monthly files)."""
    for pattern, fmt in ((_DAY, "%Y%m%d"), (_DAY_MONTH_YEAR, "%d%b%Y")):
        m = pattern.search(name)
        if m:
            try:
                return datetime.strptime("".join(g.title() for g in m.groups()), fmt).date()
            except ValueError:
                continue
    return None


def source_dates(files: Iterable[records.FileInfo]) -> list[str]:
    """Each kind of official file that knowledge/coverage.yaml names, loaded (not the demo's) and
    dated, with the date of its newest: the date in a dated file's name, else its academic year
    ("Ofsted inspections, 31 October 2026", "KS4 results 2024/25"). Reference files (LA codes,
    postcodes) and files with neither date nor year are left out: they date nothing a parent reads."""
    names, words = knowledge("coverage")["source_kinds"], knowledge("coverage")["lines"]
    newest: dict[str, tuple] = {}
    for f in files:
        if f.demo:
            continue
        day = _file_date(f.name)
        key = (day or date.min, f.year or 0, not f.provisional)
        if f.kind not in newest or key > newest[f.kind][0]:
            newest[f.kind] = (key, day, f)
    out = []
    for kind in [k for k in names if k in newest]:
        _, day, f = newest[kind]
        if day:
            out.append(words["dated"].format(kind=names[kind], date=f"{day:%-d %B %Y}"))
        elif f.year:
            said = words["provisional"] if f.provisional else words["year"]
            out.append(said.format(kind=names[kind], year=academic_year(f.year)))
    return out


def coverage(db: Db, area: str | None = None) -> Answer:
    """What the records hold, in England or in one local authority (`area`, its name), and where
    to look for the rest."""
    words = knowledge("coverage")
    with session_for(db) as session:
        cov = records.coverage(session)
        la = None
        if area:
            la = next((code for code, name in cov.la_names.items() if name.lower() == area.lower()), None)
        held, missing = [], []
        for ks in SHOWN_STAGES:
            years = _years(cov.results.get(ks, {}), la)
            what = words["key_stages"][ks]
            if years:
                where = "" if la is not None else words["lines"]["where"].format(las=_las_of(cov, cov.results[ks]))
                held.append(words["lines"]["held"].format(what=what[0].upper() + what[1:], years=_span(years)) + where)
            elif ks in EXPECTED_STAGES:
                missing.append(what)
        schools = cov.schools.get(la, 0) if area else sum(cov.schools.values())
        gias_date = f"{cov.gias_dates[-1]:%B %Y}" if cov.gias_dates else None
        sources = [Source(kind="gias")]
        return finish(
            "help",
            "coverage.j2",
            area=(cov.la_names.get(la, area) if la is not None else area) if area else None,
            school_count=schools,
            gias_date=gias_date,
            held=held,
            missing=missing,
            inspections=cov.inspections,
            newest=f"{cov.newest_inspection:%-d %B %Y}" if cov.newest_inspection else None,
            files=source_dates(records.caches(session).files.values()),
            look=list(words["where_to_look"].values()),
            topic="coverage",
            sources=sources,
            source_labels=[source_label(s) for s in sources],
        )


def outside_england(place: str) -> Answer | None:
    """The national service for a place in Wales, Scotland or Northern Ireland; None otherwise."""
    key = " ".join(re.findall(r"[a-z]+", place.lower()))
    area = re.match(r"([a-z]{1,2})\d", place.strip().lower())
    for nation in knowledge("coverage")["nations"].values():
        areas = [a.lower() for a in nation["postcode_areas"]]
        if key in nation["places"] or (area and area.group(1) in areas and len(place.split()[0]) <= 4):
            text, html = render("outside_england.j2", place=place, nation=nation["name"],
                                service=nation["service"])
            return Answer(intent="nearby", text=text, html=html, outcome="unanswerable",
                          topic="outside_england")
    return None
