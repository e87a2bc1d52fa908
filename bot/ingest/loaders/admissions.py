"""Admissions: the DfE's applications and offers by local authority (EES tidy format, several
years per file) and a council's allocation tables per school (e.g. Surrey's Waverley tables).

The DfE rows become figures of key stage "admissions", per phase like the census summary rows:
area key "la:936:primary", "england:secondary"; the year is the year of entry's academic year
(202122, entry in September 2021, is stored as 2022). The council tables are council figures,
not DfE data: they go into their own tables, keyed by the LA and establishment number the
council gives (`dfe_no`, "936/2917"), with the file as their source.
"""

from __future__ import annotations

from typing import Any

from bot.ingest import years
from bot.ingest.cells import Row
from bot.ingest.columns import config, measure_columns
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import row_figures
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, upsert_by_key, write_figures
from bot.models import Allocation, AllocationCriterion

KEY_STAGE = "admissions"
FIRST_INTAKE, LAST_INTAKE = 2000, 2100


def load_offers(ctx: LoadContext, table: Table) -> None:
    """Load a DfE applications and offers file: LA and England rows of every year it holds."""
    idx = {h.lower(): i for i, h in reversed(list(enumerate(table.header)))}
    table.require(idx, ["time_period", "geographic_level", "school_phase"])
    measures = measure_columns(KEY_STAGE, idx, upper=False)
    levels = {str(k).lower(): v for k, v in config()["ees_levels"].items()}
    phases = {str(k).lower(): v for k, v in config()["admissions_phases"].items()}
    buffers: dict[int, FigureBuffer] = {}
    las: dict[int, tuple[str | None, str | None]] = {}
    res = ctx.result
    for row in table.rows(progress=ctx.progress):
        period = row.required(idx["time_period"], "the time period")
        year = years.from_time_period(period)
        if year is None:
            row.fail(idx["time_period"], f"{period[:40]!r} is not a time period (such as 202122)")
        level = levels[(row.code(idx["geographic_level"], "ees_level")
                        or row.required(idx["geographic_level"], "the geographic level")).lower()]
        phase = phases[(row.code(idx["school_phase"], "admissions_phase")
                        or row.required(idx["school_phase"], "the school phase")).lower()]
        la = row.la_code(idx.get("old_la_code"))
        if level == "la":
            if la is None:
                row.fail(idx.get("old_la_code"), "an LA row without an LA code")
            area_key = f"la:{la}:{phase}"
            las[la] = (row.text(idx.get("la_name")), None)
        elif level == "england":
            area_key, la = f"england:{phase}", None
        else:
            res.skip_row("row of a geographic level Schoolbot does not keep")
            continue
        if not ctx.first((year, area_key), row, f"the {area_key} row of {period}"):
            continue
        buf = buffers.setdefault(year, FigureBuffer(KEY_STAGE))
        for measure, value in row_figures(ctx, row, measures):
            buf.add(level, area_key, None, la, measure, value)
        res.rows_loaded += 1
    if not buffers:
        ctx.skip_file("no LA or England rows")
        return
    source = ctx.register(max(buffers))
    ensure_las(ctx.session, las)
    for year, buf in sorted(buffers.items()):
        write_figures(ctx.session, buf, year=year, provisional=False, source_id=source)


def load_allocations(ctx: LoadContext, table: Table) -> None:
    """Load a council allocation table: per school and intake year (PAN, preferences, offers,
    the last distance offered) or per criterion (offers under each admission criterion)."""
    idx = {h.lower(): i for i, h in reversed(list(enumerate(table.header)))}
    criteria = ctx.kind == "allocation_criteria"
    table.require(idx, ["intake_year", "la_code", "estab_code"] + (
        ["criterion", "priority"] if criteria else ["pan"]))
    rows: dict[tuple, dict[str, Any]] = {}
    res = ctx.result
    for row in table.rows(progress=ctx.progress):
        year = row.integer(idx["intake_year"], low=FIRST_INTAKE, high=LAST_INTAKE)
        if year is None:
            row.required(idx["intake_year"], "the intake year")
        la, estab = _school_key(row, idx)
        record: dict[str, Any]
        key: tuple
        if criteria:
            record = {"priority": row.integer(idx["priority"]),
                      "criterion": row.required(idx["criterion"], "the criterion") and row.text(idx["criterion"]),
                      "category": row.text(idx.get("criterion_category")),
                      "description": row.text(idx.get("criterion_description")),
                      "offers": row.integer(idx.get("criterion_offers"))}
            if record["priority"] is None:
                row.required(idx["priority"], "the priority")
            key = (la, estab, year, record["priority"], record["criterion"])
        else:
            record = {"school_name": row.text(idx.get("school_name")),
                      "pan": row.integer(idx["pan"]),
                      "preferences": row.integer(idx.get("total_preferences")),
                      "offered": row.integer(idx.get("total_offered")),
                      "last_distance": row.number(idx.get("last_distance_offered"), low=0, high=1000)}
            key = (la, estab, year)
        if not ctx.first(key, row, f"{la}/{estab} in {year}"):
            continue
        rows[key] = {"la_code": la, "estab": estab, "year": year, **record}
        res.rows_loaded += 1
    if not rows:
        ctx.skip_file("no rows")
        return
    intakes = {key[2] for key in rows}
    source = ctx.register(max(intakes) + 1)  # the academic year the newest intake starts
    if criteria:
        upsert_by_key(ctx.session, AllocationCriterion, rows,
                      ("la_code", "estab", "year", "priority", "criterion"), source)
    else:
        upsert_by_key(ctx.session, Allocation, rows, ("la_code", "estab", "year"), source)


def _school_key(row: Row, idx: dict[str, int]) -> tuple[int, int]:
    """(LA code, establishment number) of a row; `dfe_no` ("936/2917"), where given, must agree."""
    la = row.la_code(idx["la_code"])
    if la is None:
        row.fail(idx["la_code"], "the LA code is missing")
    estab = row.integer(idx["estab_code"], high=9999)
    if estab is None:
        row.fail(idx["estab_code"], "the establishment number is missing")
    dfe_no = row.value(idx.get("dfe_no"))
    if dfe_no is not None and dfe_no.replace(" ", "") != f"{la}/{estab:04d}":
        row.fail(idx["dfe_no"], f"{dfe_no[:40]!r} is not {la}/{estab:04d}, the LA and "
                                "establishment number of this row")
    return la, estab
