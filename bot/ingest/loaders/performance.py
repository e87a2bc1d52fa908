"""DfE performance tables (KS2, KS4, KS5, KS4 destinations): school rows and LA/England rows."""

from __future__ import annotations

from bot.ingest.cells import Row
from bot.ingest.columns import config, measure_columns, text_measures
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import (
    admissions_policy, file_year, gender, locality, minimal_school, religion, row_figures, type_name,
)
from bot.ingest.reading import Table
from bot.ingest.store import ensure_schools, write_figures

KEY_STAGE = {"ks2": "ks2", "ks4": "ks4", "ks5": "ks5", "destinations": "destinations"}


def load(ctx: LoadContext, table: Table) -> None:
    """Load one performance table; the year comes from the name or the national figures."""
    kind = ctx.kind
    idx = table.index(upper=True)
    table.require(idx, ["RECTYPE", "URN"])
    measures = measure_columns(kind, idx)
    texts = text_measures(kind)
    rectypes = config()["rectype"][kind]
    rect, urn_col, la_col = idx["RECTYPE"], idx["URN"], idx.get("LEA")
    buf = FigureBuffer(KEY_STAGE[kind])
    schools: dict[int, dict] = {}
    national: list[list[str]] = []
    res = ctx.result
    for row in table.rows(ragged=True, progress=ctx.progress):
        rt = row.required(rect, "the record type")
        area = rectypes.get(rt)
        if area is None:
            row.fail(rect, f"{rt[:40]!r} is not a record type of a {kind} table "
                           f"({', '.join(rectypes)}; columns.yaml rectype)")
        la = row.la_code(la_col)
        urn = None
        if area == "school":
            urn = row.urn(urn_col, required=True)
            area_key = f"school:{urn}"
        elif area == "la":
            if la is None:
                row.fail(la_col, "an LA row without an LA code")
            area_key = f"la:{la}"
        else:
            area_key = area
        what = f"URN {urn}" if urn is not None else f"the {area.replace('_', ' ')} row"
        if not ctx.first(area_key, row, what):
            continue
        if urn is not None:  # a school's row
            if kind != "destinations" and "SCHNAME" in idx:
                schools[urn] = _school(row, idx, la)
        elif area != "la":
            national.append(row.cells)
        for measure, value in row_figures(ctx, row, measures, texts):
            buf.add(area, area_key, urn, la, measure, value)
        res.rows_loaded += 1
    year = file_year(ctx, kind, idx, national)
    if year is None:
        ctx.skip_file("academic year unknown: not in the file name and no known national figure")
        return
    provisional = "provisional" in ctx.path.name.lower()
    source = ctx.register(year, provisional)
    ensure_schools(ctx.session, schools, demo=ctx.demo, source_id=source)
    write_figures(ctx.session, buf, year=year, provisional=provisional, source_id=source)


def _school(row: Row, idx: dict[str, int], la: int | None) -> dict:
    low, high = row.ages(idx.get("AGERANGE"))
    return minimal_school(
        name=row.text(idx["SCHNAME"]) or "(unnamed)", la_code=la,
        estab=row.integer(idx.get("ESTAB"), high=9999),
        town=row.text(idx.get("TOWN")), postcode=row.text(idx.get("PCODE")),
        street=row.text(idx.get("ADDRESS1")),
        # the village where TOWN is a post town: "Odiham" for a school in Hook
        locality=locality(row.text(idx.get("ADDRESS2")), row.text(idx.get("ADDRESS3"))),
        religious_character=religion(row.text(idx.get("RELDENOM"))),
        gender=gender(row, idx.get("EGENDER") if "EGENDER" in idx else idx.get("GENDER")),
        telephone=row.text(idx.get("TELNUM")),
        type_name=type_name(row, idx.get("NFTYPE")), low_age=low, high_age=high,
        is_open=row.code(idx.get("ICLOSE"), "close_flag") != "1",
        admissions_policy=admissions_policy(row, idx),
    )
