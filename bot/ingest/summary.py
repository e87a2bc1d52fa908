"""The end-of-ingest tables: files by kind and year, rows loaded and skipped (and why)."""

from __future__ import annotations

from collections import defaultdict

from rich.table import Table

from bot.ingest.report import IngestReport


def report_tables(report: IngestReport) -> list[Table]:
    """Rich tables summarising `report`."""
    groups: dict[tuple[str, str, str], list] = defaultdict(list)
    for f in report.files:
        if f.status != "skipped":
            year = str(f.year) + (" (provisional)" if f.provisional else "") if f.year else "-"
            groups[(f.kind or "?", year, f.status)].append(f)
    loaded = Table(title="Files loaded")
    for col in ("kind", "year", "status", "files", "rows loaded", "rows skipped", "why skipped"):
        loaded.add_column(col, justify="right" if col.startswith(("files", "rows")) else "left")
    for (kind, year, status), files in sorted(groups.items()):
        reasons: dict[str, int] = defaultdict(int)
        for f in files:
            for reason, n in f.skip_reasons.items():
                reasons[reason] += n
        loaded.add_row(
            kind, year, status, str(len(files)), f"{sum(f.rows_loaded for f in files):,}",
            f"{sum(f.rows_skipped for f in files):,}",
            "; ".join(f"{r} ({n:,})" for r, n in sorted(reasons.items())) or "",
        )
    tables = [loaded]
    skipped = [f for f in report.files if f.status == "skipped"]
    if skipped:
        t = Table(title="Files skipped")
        t.add_column("file")
        t.add_column("reason")
        for f in skipped:
            t.add_row(str(f.path), f.reason or "")
        tables.append(t)
    return tables
