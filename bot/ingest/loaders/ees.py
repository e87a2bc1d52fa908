"""Explore Education Statistics school-level KS4 files (e.g. ks4_school_info with p8_banding)."""

from __future__ import annotations

from bot.ingest import years
from bot.ingest.columns import measure_columns, text_measures
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import (
    POSTCODE, ages, cell, gender, locality, minimal_school, religion, row_figures,
)
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, ensure_schools, write_figures
from bot.ingest.values import clean_text, parse_int

SECTION = "ees_ks4"
LEVELS = {"school": "school", "local authority": "la", "national": "england"}


def load(ctx: LoadContext, table: Table) -> None:
    """Load an EES school-level file; the year is its time_period (202324 -> 2024)."""
    idx = {h.lower(): i for i, h in reversed(list(enumerate(table.header)))}
    table.require(idx, ["time_period", "geographic_level", "school_urn"])
    measures = measure_columns(SECTION, idx, upper=False)
    texts = text_measures(SECTION)
    buf = FigureBuffer("ks4")
    schools: dict[int, dict] = {}
    las: dict[int, tuple[str | None, str | None]] = {}
    res = ctx.result
    year = None
    provisional = False
    for line, row in table.rows(progress=ctx.progress):
        row_year = years.from_time_period(cell(row, idx["time_period"]) or "")
        if row_year is None:
            res.skip_row("row without a readable time_period")
            continue
        if year is not None and row_year != year:
            res.skip_row(f"row of another year ({row_year}) than the file's first row ({year})")
            continue
        year = row_year
        provisional = (cell(row, idx.get("version")) or "").strip().lower() == "provisional"
        level = LEVELS.get((cell(row, idx["geographic_level"]) or "").strip().lower())
        la = parse_int(cell(row, idx.get("old_la_code")))
        urn = None
        if level == "school":
            urn = parse_int(cell(row, idx["school_urn"]))
            if urn is None:
                res.skip_row("school row without a URN")
                continue
            area_key = f"school:{urn}"
            schools[urn] = _school(row, idx, la)
            if la is not None and schools[urn].get("la_name"):
                las[la] = (schools[urn]["la_name"], None)
        elif level == "la" and la is not None:
            area_key = f"la:{la}"
        elif level == "england":
            area_key = "england"
        else:
            res.skip_row("row of an unknown geographic level")
            continue
        for measure, value in row_figures(ctx, table, row, measures, texts):
            buf.add(level, area_key, urn, la, measure, value)
        res.rows_loaded += 1
    if year is None:
        ctx.skip_file("no rows with a time_period")
        return
    source = ctx.register(year, provisional)
    ensure_las(ctx.session, las)
    ensure_schools(ctx.session, schools, demo=ctx.demo, source_id=source)
    # A performance table's figure for the same school, measure and year wins over this file's.
    write_figures(ctx.session, buf, year=year, provisional=provisional, source_id=source,
                  overwrite=False)


def _school(row: list[str], idx: dict[str, int], la: int | None) -> dict:
    address = clean_text(cell(row, idx.get("full_address"))) or ""
    postcode = POSTCODE.search(address)
    parts = [p.strip() for p in address.split(",") if p.strip()]
    town = parts[-2] if len(parts) >= 3 else None
    laestab = cell(row, idx.get("school_laestab")) or ""
    low, high = ages(cell(row, idx.get("agerange")))
    return minimal_school(
        name=clean_text(cell(row, idx.get("school_name"))) or "(unnamed)", la_code=la,
        la_name=clean_text(cell(row, idx.get("la_name"))),
        estab=parse_int(laestab[3:]) if len(laestab) == 7 else None,
        street=parts[0] if len(parts) >= 3 else None, town=town,
        # "West Street, Odiham, Hook, RG29 1NA": the village between street and post town
        locality=locality(*parts[1:-2]),
        religious_character=religion(cell(row, idx.get("reldenom"))),
        gender=gender(cell(row, idx.get("egender"))),
        postcode=postcode.group(1).upper() if postcode else None,
        type_group=clean_text(cell(row, idx.get("establishment_type_group"))),
        telephone=clean_text(cell(row, idx.get("telnum"))), low_age=low, high_age=high,
        is_open=(cell(row, idx.get("iclose")) or "").strip() != "1",
    )
