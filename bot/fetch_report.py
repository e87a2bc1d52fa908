"""Tables for `schoolbot fetch` (what each source did) and `schoolbot stats` (each source's date)."""

from __future__ import annotations

from rich.markup import escape
from rich.table import Table

from bot.fetch import FetchReport
from bot.sources import all_sources


def fetch_table(report: FetchReport) -> Table:
    """One row per source: status, files downloaded, loaded, and every problem spelt out."""
    table = Table(title=f"Fetched: {report.downloaded} file(s) downloaded", show_lines=True)
    for col in ("source", "status", "downloaded", "loaded", "notes"):
        table.add_column(col, overflow="fold")
    for s in report.sources:
        notes = [*s.problems, *s.not_loaded]
        if s.unchanged:
            notes.append(f"{s.unchanged} unchanged since the last fetch")
        if s.missing:
            notes.append("not published yet: " + ", ".join(s.missing))
        status = f"[bold red]{s.status}[/]" if s.problems else s.status
        table.add_row(s.name, status, escape("\n".join(s.downloaded)) or "–",
                      escape("\n".join(s.loaded)) or "–", escape("\n".join(notes)))
    if report.removed_demo:
        table.caption = f"Removed the fictional demo data ({report.removed_demo} schools) now that real data is loaded."
    return table


def sources_table(status: list[dict]) -> Table:
    """Each source's newest data (year or date), when it was fetched and last checked."""
    table = Table(title="Sources (schoolbot fetch)")
    for col in ("source", "cadence", "data", "fetched", "checked", "ingested"):
        table.add_column(col, overflow="fold")
    titles = {name: s.title for name, s in all_sources().items()}
    for row in status:
        data = ", ".join(row["years"]) if row.get("years") else row.get("data") or "never fetched"
        table.add_row(f"{row['source']}\n[dim]{escape(titles.get(row['source'], ''))}[/]", row.get("cadence") or "",
                      escape(data), (row.get("fetched_at") or "–")[:16].replace("T", " "),
                      (row.get("checked_at") or "–")[:16].replace("T", " "),
                      "yes" if row.get("ingested") else ("–" if not row.get("fetched_at") else "no"))
    return table
