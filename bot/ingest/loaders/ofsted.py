"""Ofsted management information, latest inspections of state-funded schools (report-card format).

Each school row can give three inspections: the report card (framework reportcard2025), the
latest graded OEIF inspection (EIF2019, or interim2024 from 2 September 2024 / "Not judged") and
the latest ungraded inspection with its outcome text. NULL means missing; dates are dd/mm/yyyy.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import ages, cell, minimal_school
from bot.ingest.reading import Table
from bot.ingest.store import ensure_schools, upsert_by_key
from bot.ingest.values import clean_text, parse_date, parse_int
from bot.models import Inspection

INTERIM_FROM = date(2024, 9, 2)
REPORT_CARDS_FROM = date(2025, 11, 10)
GRADES = {"1": "Outstanding", "2": "Good", "3": "Requires improvement", "4": "Inadequate"}
REPORT_CARD_AREAS = {
    "safeguarding standards": "safeguarding",
    "inclusion": "inclusion",
    "curriculum and teaching": "curriculum_and_teaching",
    "achievement": "achievement",
    "attendance and behaviour": "attendance_and_behaviour",
    "personal development and wellbeing": "personal_development_and_wellbeing",
    "early years (where applicable)": "early_years",
    "post-16 provision (where applicable)": "post_16",
    "leadership and governance": "leadership_and_governance",
}
OEIF_AREAS = {
    "latest oeif quality of education": "quality_of_education",
    "latest oeif behaviour and attitudes": "behaviour_and_attitudes",
    "latest oeif personal development": "personal_development",
    "latest oeif effectiveness of leadership and management": "leadership_and_management",
    "latest oeif safeguarding is effective?": "safeguarding_effective",
    "latest oeif early years provision (where applicable)": "early_years",
    "latest oeif sixth form provision (where applicable)": "sixth_form",
}
_SPACES = re.compile(r"\s+")


def _norm(name: str) -> str:
    return _SPACES.sub(" ", name).strip().lower()


def framework_for(start: date, overall: str | None = None) -> str:
    """The inspection framework in force on `start`."""
    if start >= REPORT_CARDS_FROM:
        return "reportcard2025"
    if start >= INTERIM_FROM or overall == "Not judged":
        return "interim2024"
    return "EIF2019"


def load(ctx: LoadContext, table: Table) -> None:
    """Inspections from an Ofsted MI file, plus a minimal School for URNs GIAS lacks."""
    idx: dict[str, int] = {}
    for i, h in enumerate(table.header):
        idx.setdefault(_norm(h), i)
    if "urn" not in idx:
        table.require(table.index(), ["URN"])
    res = ctx.result
    found: dict[tuple[int, date, str], dict[str, Any]] = {}
    schools: dict[int, dict] = {}

    def get(row: list[str], name: str) -> str | None:
        return clean_text(cell(row, idx.get(name)))

    for _line, row in table.rows(progress=ctx.progress):
        urn = parse_int(get(row, "urn"))
        if urn is None:
            res.skip_row("row without a URN")
            continue
        link = get(row, "web link (opens in new window)")
        for insp in (_report_card(row, get), _graded(row, get), _ungraded(row, get)):
            if insp:
                insp.update(urn=urn, web_link=link)
                found[(urn, insp["start_date"], insp["kind"])] = insp
        schools[urn] = _school(row, get)
        res.rows_loaded += 1
    source = ctx.register(None)
    ensure_schools(ctx.session, schools, demo=ctx.demo, source_id=source)
    upsert_by_key(ctx.session, Inspection, found, ("urn", "start_date", "kind"), source)


def _base(**fields: Any) -> dict[str, Any]:
    keys = ("start_date", "publication_date", "framework", "kind", "overall", "outcome",
            "judgements", "inspection_number", "inspection_type", "inspected_urn",
            "inspected_name", "category_of_concern")
    return {k: fields.get(k) for k in keys}


def _report_card(row, get) -> dict | None:
    start = parse_date(get(row, "inspection start date"))
    if start is None:
        return None
    judgements = {}
    for column, area in REPORT_CARD_AREAS.items():
        grade = get(row, column)
        if grade and grade != "Not applicable":
            judgements[area] = grade
    return _base(
        start_date=start, publication_date=parse_date(get(row, "publication date")),
        framework="reportcard2025", kind="report_card", judgements=judgements,
        inspection_number=get(row, "inspection number of latest full inspection"),
        inspection_type=get(row, "inspection type"),
        inspected_urn=parse_int(get(row, "urn at time of latest full inspection")),
        inspected_name=get(row, "school name at time of latest full inspection"),
        category_of_concern=get(row, "category of concern"),
    )


def _graded(row, get) -> dict | None:
    start = parse_date(get(row, "inspection start date of latest oeif graded inspection"))
    if start is None:
        return None
    raw = get(row, "latest oeif overall effectiveness")
    overall = GRADES.get(raw or "", raw)
    judgements = {}
    for column, area in OEIF_AREAS.items():
        grade = get(row, column)
        if grade and grade != "9":
            judgements[area] = GRADES.get(grade, grade)
    return _base(
        start_date=start,
        publication_date=parse_date(get(row, "publication date of latest oeif graded inspection")),
        framework=framework_for(start, overall), kind="graded", overall=overall,
        judgements=judgements,
        inspection_number=get(row, "inspection number of latest oeif graded inspection"),
        inspection_type=get(row, "inspection type of latest oeif graded inspection"),
        inspected_urn=parse_int(get(row, "urn at time of latest oeif graded inspection")),
        inspected_name=get(row, "school name at time of latest oeif graded inspection"),
        category_of_concern=get(row, "latest oeif category of concern"),
    )


def _ungraded(row, get) -> dict | None:
    start = parse_date(get(row, "date of latest ungraded inspection"))
    if start is None:
        return None
    return _base(
        start_date=start, publication_date=parse_date(get(row, "ungraded inspection publication date")),
        framework=framework_for(start), kind="ungraded",
        outcome=get(row, "ungraded inspection overall outcome"),
        inspection_number=get(row, "latest ungraded inspection number"),
        inspected_urn=parse_int(get(row, "urn at time of the ungraded inspection")),
        inspected_name=get(row, "school name at time of the ungraded inspection"),
    )


def _school(row, get) -> dict:
    laestab = get(row, "laestab") or ""
    low, high = ages(f"{get(row, 'statutory lowest age')}-{get(row, 'statutory highest age')}")
    return minimal_school(
        name=get(row, "school name") or "(unnamed)",
        la_code=parse_int(laestab[:3]) if len(laestab) == 7 else None,
        estab=parse_int(laestab[3:]) if len(laestab) == 7 else None,
        la_name=get(row, "local authority"), phase=get(row, "ofsted phase"),
        type_name=get(row, "type of education"), postcode=get(row, "postcode"),
        pupils=parse_int(get(row, "total number of pupils")), low_age=low, high_age=high,
        trust_name=get(row, "multi-academy trust name"),
        religious_character=get(row, "designated religious character"),
        sixth_form=get(row, "sixth form"),
    )
