"""Explore Education Statistics school-level KS4 files (e.g. ks4_school_info with p8_banding)."""

from __future__ import annotations

from bot.ingest import years
from bot.ingest.cells import Row
from bot.ingest.columns import config, measure_columns, text_measures
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import (
    POSTCODE, admissions_policy, gender, locality, minimal_school, religion, row_figures,
)
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, ensure_schools, write_figures

SECTION = "ees_ks4"


def load(ctx: LoadContext, table: Table) -> None:
    """Load an EES school-level file; the year is its time_period (202324 -> 2024)."""
    idx = {h.lower(): i for i, h in reversed(list(enumerate(table.header)))}
    table.require(idx, ["time_period", "geographic_level", "school_urn"])
    measures = measure_columns(SECTION, idx, upper=False)
    texts = text_measures(SECTION)
    levels = {str(k).lower(): v for k, v in config()["ees_levels"].items()}
    buf = FigureBuffer("ks4")
    schools: dict[int, dict] = {}
    las: dict[int, tuple[str | None, str | None]] = {}
    res = ctx.result
    year = None
    provisional = False
    for row in table.rows(progress=ctx.progress):
        period = row.required(idx["time_period"], "the time period")
        row_year = years.from_time_period(period)
        if row_year is None:
            row.fail(idx["time_period"], f"{period[:40]!r} is not a time period (such as 202324)")
        if year is not None and row_year != year:
            res.skip_row(f"row of another year ({row_year}) than the file's first row ({year})")
            continue
        year = row_year
        provisional = (row.code(idx.get("version"), "ees_version") or "").lower() == "provisional"
        code = (row.code(idx["geographic_level"], "ees_level")
                or row.required(idx["geographic_level"], "the geographic level"))
        level = levels[code.lower()]
        la = row.la_code(idx.get("old_la_code"))
        urn = None
        if level == "school":
            urn = row.urn(idx["school_urn"], required=True)
            area_key = f"school:{urn}"
        elif level == "la":
            if la is None:
                row.fail(idx.get("old_la_code"), "an LA row without an LA code")
            area_key = f"la:{la}"
        elif level == "england":
            area_key = "england"
        else:
            res.skip_row("row of a geographic level Schoolbot does not keep")
            continue
        if not ctx.first(area_key, row, f"URN {urn}" if urn else f"the {area_key} row"):
            continue
        if urn is not None:
            schools[urn] = _school(row, idx, la)
            if la is not None and schools[urn].get("la_name"):
                las[la] = (schools[urn]["la_name"], None)
        for measure, value in row_figures(ctx, row, measures, texts):
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


def _school(row: Row, idx: dict[str, int], la: int | None) -> dict:
    address = row.text(idx.get("full_address")) or ""
    postcode = POSTCODE.search(address)
    parts = [p.strip() for p in address.split(",") if p.strip()]
    town = parts[-2] if len(parts) >= 3 else None
    laestab = row.laestab(idx.get("school_laestab"))
    low, high = row.ages(idx.get("agerange"))
    return minimal_school(
        name=row.text(idx.get("school_name")) or "(unnamed)", la_code=la,
        la_name=row.text(idx.get("la_name")),
        estab=laestab[1] if laestab else None,
        street=parts[0] if len(parts) >= 3 else None, town=town,
        # "West Street, Odiham, Hook, RG29 1NA": the village between street and post town
        locality=locality(*parts[1:-2]),
        religious_character=religion(row.text(idx.get("reldenom"))),
        gender=gender(row, idx.get("egender")),
        postcode=postcode.group(1).upper() if postcode else None,
        type_group=row.text(idx.get("establishment_type_group")),
        telephone=row.text(idx.get("telnum")), low_age=low, high_age=high,
        is_open=row.code(idx.get("iclose"), "close_flag") != "1",
        admissions_policy=admissions_policy(row, idx),
    )
