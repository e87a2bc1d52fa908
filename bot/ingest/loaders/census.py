"""School census and absence files from the performance tables, with their LA and national rows.

Summary rows are per phase (PRI/SEC/SPE), so their area key carries the phase:
"la:919:primary", "england:secondary".
"""

from __future__ import annotations

from bot.ingest.columns import config, measure_columns
from bot.ingest.context import LoadContext
from bot.ingest.figures import FigureBuffer
from bot.ingest.loaders.common import cell, file_year, row_figures
from bot.ingest.reading import Table
from bot.ingest.store import write_figures
from bot.ingest.values import parse_int


def load(ctx: LoadContext, table: Table) -> None:
    """Load a census (england_census) or absence (england_abs) file."""
    kind = ctx.kind
    idx = table.index(upper=True)
    table.require(idx, ["URN", "LA"])
    estab = idx.get("ESTAB")
    measures = measure_columns(kind, idx)
    phases = config()["phases"]
    buf = FigureBuffer(kind)
    national: list[list[str]] = []
    res = ctx.result
    for _line, row in table.rows(progress=ctx.progress):
        urn_raw = (cell(row, idx["URN"]) or "").strip()
        la_raw = (cell(row, idx["LA"]) or "").strip()
        urn = parse_int(urn_raw)
        la = parse_int(la_raw)
        if urn is not None:
            area, area_key = "school", f"school:{urn}"
        else:
            phase = phases.get((cell(row, estab) or "").strip())
            if phase is None:
                res.skip_row("summary row of an unknown phase")
                continue
            if "NAT" in (urn_raw, la_raw):
                area, area_key, la = "england", f"england:{phase}", None
                national.append(row)
            else:
                if la is None:  # census LA rows are shifted: "LA,State-funded primary,PRI,919"
                    la = next((parse_int(v) for v in row[: len(row)] if parse_int(v) is not None), None)
                if la is None:
                    res.skip_row("LA row without an LA code")
                    continue
                area, area_key = "la", f"la:{la}:{phase}"
        for measure, value in row_figures(ctx, table, row, measures):
            buf.add(area, area_key, urn, la, measure, value)
        res.rows_loaded += 1
    year = file_year(ctx, kind, idx, national)
    if year is None:
        ctx.skip_file("academic year unknown: not in the file name and no known national figure")
        return
    source = ctx.register(year)
    write_figures(ctx.session, buf, year=year, provisional=False, source_id=source)
