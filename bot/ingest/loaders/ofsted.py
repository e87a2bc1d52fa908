"""Ofsted management information, latest inspections of state-funded schools (report-card format).

Each school row can give three inspections: the report card (framework reportcard2025), the
latest graded OEIF inspection (EIF2019, or interim2024 from 2 September 2024 / "Not judged") and
the latest ungraded inspection with its outcome text. NULL means missing; dates are dd/mm/yyyy.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from bot.ingest.cells import Row
from bot.ingest.columns import norm
from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import minimal_school
from bot.ingest.reading import Table
from bot.ingest.store import ensure_schools, upsert_by_key
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
def framework_for(start: date, overall: str | None = None) -> str:
    """The inspection framework in force on `start`."""
    if start >= REPORT_CARDS_FROM:
        return "reportcard2025"
    if start >= INTERIM_FROM or overall == "Not judged":
        return "interim2024"
    return "EIF2019"


class _Cells:
    """One row's cells by column name (lower case, spaces collapsed), read as their type."""

    def __init__(self, row: Row, idx: dict[str, int]) -> None:
        self.row, self.idx = row, idx

    def text(self, name: str) -> str | None:
        return self.row.text(self.idx.get(name))

    def date(self, name: str) -> date | None:
        return self.row.date(self.idx.get(name))

    def urn(self, name: str, *, required: bool = False) -> int | None:
        return self.row.urn(self.idx.get(name), required=required)

    def integer(self, name: str, high: int | None = None) -> int | None:
        col = self.idx.get(name)
        return self.row.integer(col) if high is None else self.row.integer(col, high=high)

    def code(self, name: str, vocabulary: str) -> str | None:
        return self.row.code(self.idx.get(name), vocabulary)


def load(ctx: LoadContext, table: Table) -> None:
    """Inspections from an Ofsted MI file, plus a minimal School for URNs GIAS lacks."""
    idx: dict[str, int] = {}
    for i, h in enumerate(table.header):
        idx.setdefault(norm(h), i)
    table.require({"URN": idx["urn"]} if "urn" in idx else {}, ["URN"])
    res = ctx.result
    found: dict[tuple[int, date, str], dict[str, Any]] = {}
    schools: dict[int, dict] = {}
    for row in table.rows(progress=ctx.progress):
        get = _Cells(row, idx)
        urn = get.row.urn(get.idx.get("urn"), required=True)
        if not ctx.first(urn, row, f"URN {urn}"):
            continue
        link = get.text("web link (opens in new window)")
        for insp in (_report_card(get), _graded(get), _ungraded(get)):
            if insp:
                insp.update(urn=urn, web_link=link)
                found[(urn, insp["start_date"], insp["kind"])] = insp
        schools[urn] = _school(get)
        res.rows_loaded += 1
    source = ctx.register(None)
    ensure_schools(ctx.session, schools, demo=ctx.demo, source_id=source)
    upsert_by_key(ctx.session, Inspection, found, ("urn", "start_date", "kind"), source)


def _base(**fields: Any) -> dict[str, Any]:
    keys = ("start_date", "publication_date", "framework", "kind", "overall", "outcome",
            "judgements", "inspection_number", "inspection_type", "inspected_urn",
            "inspected_name", "category_of_concern")
    return {k: fields.get(k) for k in keys}


def _report_card(get: _Cells) -> dict | None:
    start = get.date("inspection start date")
    if start is None:
        return None
    judgements = {}
    for column, area in REPORT_CARD_AREAS.items():
        grade = get.code(column, "report_card_grade")
        if grade and grade != "Not applicable":
            judgements[area] = grade
    return _base(
        start_date=start, publication_date=get.date("publication date"),
        framework="reportcard2025", kind="report_card", judgements=judgements,
        inspection_number=get.text("inspection number of latest full inspection"),
        inspection_type=get.text("inspection type"),
        inspected_urn=get.urn("urn at time of latest full inspection"),
        inspected_name=get.text("school name at time of latest full inspection"),
        category_of_concern=get.text("category of concern"),
    )


def _graded(get: _Cells) -> dict | None:
    start = get.date("inspection start date of latest oeif graded inspection")
    if start is None:
        return None
    raw = get.code("latest oeif overall effectiveness", "oeif_grade")
    overall = GRADES.get(raw or "", raw)
    judgements = {}
    for column, area in OEIF_AREAS.items():
        grade = get.code(column, "yes_no" if area == "safeguarding_effective" else "oeif_grade")
        if grade and grade != "9":
            judgements[area] = GRADES.get(grade, grade)
    return _base(
        start_date=start,
        publication_date=get.date("publication date of latest oeif graded inspection"),
        framework=framework_for(start, overall), kind="graded", overall=overall,
        judgements=judgements,
        inspection_number=get.text("inspection number of latest oeif graded inspection"),
        inspection_type=get.text("inspection type of latest oeif graded inspection"),
        inspected_urn=get.urn("urn at time of latest oeif graded inspection"),
        inspected_name=get.text("school name at time of latest oeif graded inspection"),
        category_of_concern=get.text("latest oeif category of concern"),
    )


def _ungraded(get: _Cells) -> dict | None:
    start = get.date("date of latest ungraded inspection")
    if start is None:
        return None
    return _base(
        start_date=start, publication_date=get.date("ungraded inspection publication date"),
        framework=framework_for(start), kind="ungraded",
        outcome=get.text("ungraded inspection overall outcome"),
        inspection_number=get.text("latest ungraded inspection number"),
        inspected_urn=get.urn("urn at time of the ungraded inspection"),
        inspected_name=get.text("school name at time of the ungraded inspection"),
    )


def _school(get: _Cells) -> dict:
    laestab = get.row.laestab(get.idx.get("laestab"))
    return minimal_school(
        name=get.text("school name") or "(unnamed)",
        la_code=laestab[0] if laestab else None, estab=laestab[1] if laestab else None,
        la_name=get.text("local authority"), phase=get.code("ofsted phase", "ofsted_phase"),
        type_name=get.text("type of education"), postcode=get.text("postcode"),
        pupils=get.integer("total number of pupils"),
        low_age=get.integer("statutory lowest age", high=99),
        high_age=get.integer("statutory highest age", high=99),
        trust_name=get.text("multi-academy trust name"),
        religious_character=get.text("designated religious character"),
        sixth_form=get.text("sixth form"),
    )
