"""School census and absence files from the performance tables, with their LA and national rows.

Summary rows are per phase (PRI/SEC/SPE), so their area key carries the phase:
"la:919:primary", "england:secondary". The census writes its LA rows shifted one column right
("LA,State-funded primary,PRI,919,..."): URN says LA, the LA code sits under SCHOOLTYPE.
"""

from __future__ import annotations

from bot.ingest.columns import config, measure_columns
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import file_year, row_figures
from bot.ingest.reading import Table
from bot.ingest.store import write_figures

SUMMARY = ("NAT", "LA")  # what the URN or LA column says on a summary row


def load(ctx: LoadContext, table: Table) -> None:
    """Load a census (england_census) or absence (england_abs) file."""
    kind = ctx.kind
    idx = table.index(upper=True)
    table.require(idx, ["URN", "LA"])
    urn_col, la_col, estab = idx["URN"], idx["LA"], idx.get("ESTAB")
    measures = measure_columns(kind, idx)
    phases = config()["phases"]
    buf = FigureBuffer(kind)
    national: list[list[str]] = []
    res = ctx.result
    for row in table.rows(progress=ctx.progress):
        urn_raw, la_raw = row.value(urn_col), row.value(la_col)
        if urn_raw not in SUMMARY and la_raw not in SUMMARY and urn_raw is not None:
            urn = row.urn(urn_col)
            la = row.la_code(la_col)
            area, area_key = "school", f"school:{urn}"
        else:
            urn = None
            code = row.code(estab, "census_phase") or row.required(estab, "the phase of a summary row")
            phase = phases[code.upper()]
            if "NAT" in (urn_raw, la_raw):
                area, area_key, la = "england", f"england:{phase}", None
                national.append(row.cells)
            else:
                la = row.la_code(idx.get("SCHOOLTYPE") if urn_raw == "LA" else la_col)
                if la is None:
                    row.fail(la_col, "an LA row without an LA code")
                area, area_key = "la", f"la:{la}:{phase}"
        if not ctx.first(area_key, row, f"URN {urn}" if urn else f"the {area_key} row"):
            continue
        for measure, value in row_figures(ctx, row, measures):
            buf.add(area, area_key, urn, la, measure, value)
        res.rows_loaded += 1
    year = file_year(ctx, kind, idx, national)
    if year is None:
        ctx.skip_file("academic year unknown: not in the file name and no known national figure")
        return
    source = ctx.register(year)
    write_figures(ctx.session, buf, year=year, provisional=False, source_id=source)
