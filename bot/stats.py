"""`schoolbot stats`: what the records store holds."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from sqlalchemy import Engine, case, func, select

from bot.models import Figure, Inspection, LocalAuthority, Postcode, School, SchoolLink, SourceFile


def collect(engine: Engine) -> dict[str, Any]:
    """Counts of schools (open/closed by LA and phase), results by key stage and year,
    inspections by framework and kind, postcodes, links and source files (with when each was loaded)."""
    with engine.connect() as conn:
        open_ = func.sum(case((School.is_open, 1), else_=0))
        closed = func.sum(case((School.is_open, 0), else_=1))
        by_la = conn.execute(
            select(School.la_code, func.max(School.la_name), School.phase, open_, closed)
            .group_by(School.la_code, School.phase)
            .order_by(School.la_code, School.phase)
        ).all()
        results = conn.execute(
            select(Figure.key_stage, Figure.year, Figure.provisional, func.count(),
                   func.count(func.distinct(Figure.urn)), func.sum(case((Figure.status.is_(None), 0), else_=1)))
            .group_by(Figure.key_stage, Figure.year, Figure.provisional)
            .order_by(Figure.key_stage, Figure.year, Figure.provisional)
        ).all()
        inspections = conn.execute(
            select(Inspection.framework, Inspection.kind, func.count(), func.min(Inspection.start_date),
                   func.max(Inspection.start_date))
            .group_by(Inspection.framework, Inspection.kind).order_by(Inspection.framework, Inspection.kind)
        ).all()
        files = conn.execute(
            select(SourceFile.name, SourceFile.kind, SourceFile.year, SourceFile.provisional,
                   SourceFile.demo, SourceFile.rows_loaded, SourceFile.rows_skipped, SourceFile.loaded_at)
            .order_by(SourceFile.kind, SourceFile.year, SourceFile.name)
        ).all()
        count = lambda model: conn.execute(select(func.count()).select_from(model)).scalar_one()  # noqa: E731
        totals = conn.execute(select(func.count(), open_, func.sum(case((School.demo, 1), else_=0)))).one()
        return {
            "schools": {
                "total": totals[0], "open": int(totals[1] or 0), "closed": totals[0] - int(totals[1] or 0),
                "demo": int(totals[2] or 0),
                "by_la_phase": [
                    {"la_code": r[0], "la_name": r[1], "phase": r[2], "open": int(r[3] or 0),
                     "closed": int(r[4] or 0)} for r in by_la
                ],
            },
            "results": [
                {"key_stage": r[0], "year": r[1], "provisional": bool(r[2]), "figures": r[3],
                 "schools": r[4], "with_status": int(r[5] or 0)} for r in results
            ],
            "inspections": [
                {"framework": r[0], "kind": r[1], "count": r[2], "first": r[3], "last": r[4]}
                for r in inspections
            ],
            "postcodes": count(Postcode),
            "links": count(SchoolLink),
            "local_authorities": count(LocalAuthority),
            "files": [
                {"name": r[0], "kind": r[1], "year": r[2], "provisional": bool(r[3]), "demo": bool(r[4]),
                 "rows_loaded": r[5], "rows_skipped": r[6], "loaded_at": r[7]} for r in files
            ],
        }


def stats_tables(data: dict[str, Any]) -> list[Table]:
    """Rich tables for `collect`'s counts."""
    s = data["schools"]
    schools = Table(title=f"Schools: {s['total']:,} ({s['open']:,} open, {s['closed']:,} closed"
                          + (f", {s['demo']:,} demo" if s["demo"] else "") + ")")
    for col in ("LA", "open", "closed", "open by phase"):
        schools.add_column(col, justify="right" if col in ("open", "closed") else "left")
    by_la: dict[tuple, list[dict]] = {}
    for r in s["by_la_phase"]:
        by_la.setdefault((r["la_code"] or 0, r["la_name"] or ""), []).append(r)
    for (code, name), rows in sorted(by_la.items()):
        phases = ", ".join(f"{r['phase'] or 'unknown'} {r['open']:,}" for r in rows if r["open"])
        schools.add_row(f"{code or '?'} {name}".strip(), f"{sum(r['open'] for r in rows):,}",
                        f"{sum(r['closed'] for r in rows):,}", phases)
    results = Table(title="Results by key stage and year")
    for col in ("key stage", "year", "figures", "schools", "with a status code"):
        results.add_column(col, justify="left" if col == "key stage" else "right")
    for r in data["results"]:
        year = f"{r['year'] - 1}/{str(r['year'])[2:]}" + (" provisional" if r["provisional"] else "")
        results.add_row(r["key_stage"], year, f"{r['figures']:,}", f"{r['schools']:,}", f"{r['with_status']:,}")
    insp = Table(title="Inspections")
    for col in ("framework", "kind", "count", "first", "last"):
        insp.add_column(col)
    for r in data["inspections"]:
        insp.add_row(r["framework"], r["kind"], f"{r['count']:,}", str(r["first"]), str(r["last"]))
    other = Table(title="Other records")
    other.add_column("what")
    other.add_column("count", justify="right")
    other.add_row("postcode districts", f"{data['postcodes']:,}")
    other.add_row("school links", f"{data['links']:,}")
    other.add_row("local authorities", f"{data['local_authorities']:,}")
    other.add_row("source files", f"{len(data['files']):,}")
    return [schools, results, insp, other]
