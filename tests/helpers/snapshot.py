"""Every row of every table, to check that a refused ingest left the database as it was."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.models import Base


def snapshot(engine, *, skip_sources: bool = False) -> dict[str, list]:
    """Every row of every table (without source files and their ids when `skip_sources`)."""
    out = {}
    with Session(engine) as s:
        for table in Base.metadata.sorted_tables:
            if skip_sources and table.name == "source_files":
                continue
            cols = [c for c in table.columns if not (skip_sources and c.name in ("source_file_id", "id"))]
            out[table.name] = sorted(repr(tuple(r)) for r in s.execute(select(*cols)))
    return out
