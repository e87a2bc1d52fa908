"""DfE performance tables (KS2, KS4, KS5, KS4 destinations): school rows and LA/England rows."""

from __future__ import annotations

from bot.ingest.columns import config, measure_columns, text_measures
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import (
    ages, cell, file_year, gender, locality, minimal_school, religion, row_figures, type_name,
)
from bot.ingest.reading import Table
from bot.ingest.store import ensure_schools, write_figures
from bot.ingest.values import clean_text, parse_int

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
    for _line, row in table.rows(ragged=True, progress=ctx.progress):
        rt = row[rect].strip()
        area = rectypes.get(rt)
        if area is None:
            res.skip_row(f"unknown RECTYPE {rt!r}")
            continue
        la = parse_int(cell(row, la_col))
        urn = None
        if area == "school":
            urn = parse_int(cell(row, urn_col))
            if urn is None:
                res.skip_row("school row without a URN")
                continue
            area_key = f"school:{urn}"
            if kind != "destinations" and "SCHNAME" in idx:
                schools[urn] = _school(row, idx, la)
        elif area == "la":
            if la is None:
                res.skip_row("LA row without an LA code")
                continue
            area_key = f"la:{la}"
        else:
            area_key = area
            national.append(row)
        for measure, value in row_figures(ctx, table, row, measures, texts):
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


def _school(row: list[str], idx: dict[str, int], la: int | None) -> dict:
    low, high = ages(cell(row, idx.get("AGERANGE")))
    name = clean_text(cell(row, idx["SCHNAME"]))
    return minimal_school(
        name=name or "(unnamed)", la_code=la, estab=parse_int(cell(row, idx.get("ESTAB"))),
        town=clean_text(cell(row, idx.get("TOWN"))), postcode=clean_text(cell(row, idx.get("PCODE"))),
        street=clean_text(cell(row, idx.get("ADDRESS1"))),
        # the village where TOWN is a post town: "Odiham" for a school in Hook
        locality=locality(cell(row, idx.get("ADDRESS2")), cell(row, idx.get("ADDRESS3"))),
        religious_character=religion(cell(row, idx.get("RELDENOM"))),
        gender=gender(cell(row, idx.get("EGENDER") if "EGENDER" in idx else idx.get("GENDER"))),
        telephone=clean_text(cell(row, idx.get("TELNUM"))),
        type_name=type_name(cell(row, idx.get("NFTYPE"))), low_age=low, high_age=high,
        is_open=(cell(row, idx.get("ICLOSE")) or "").strip() != "1",
    )
