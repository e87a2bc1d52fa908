"""The open "questions" dataset: counts by ISO week × LA × intent × outcome × topic, ≤5 suppressed."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from sqlalchemy import Engine, func, select

from bot.questionlog.models import LoggedQuestion as Q
from bot.questionlog.suppress import shown

HEADER = ["week", "la_code", "intent", "outcome", "topic", "questions"]


def export_csv(engine: Engine, path: Path | str, since: date | None = None, until: date | None = None) -> int:
    """Write the aggregate CSV to `path` (counts of 1-5 as "≤5"); returns the number of rows."""
    keys = (Q.week, Q.la_code, Q.intent, Q.outcome, Q.topic)
    stmt = select(*keys, func.count()).group_by(*keys).order_by(*keys)
    if since:
        stmt = stmt.where(Q.day >= since)
    if until:
        stmt = stmt.where(Q.day <= until)
    rows = 0
    with engine.connect() as conn, open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for week, la, intent, outcome, topic, count in conn.execution_options(yield_per=10000).execute(stmt):
            writer.writerow([week, "" if la is None else la, intent, outcome, topic or "", shown(count)])
            rows += 1
    return rows
