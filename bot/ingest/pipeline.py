"""`ingest_paths`: recognise each file by its header and load it, all in one transaction."""

from __future__ import annotations

import hashlib
import sqlite3
from datetime import date
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

import psycopg
from sqlalchemy import Engine, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, aliased

from bot.db import session_scope
from bot.ingest.context import LoadContext
from bot.ingest.errors import IngestError
from bot.ingest.loaders import admissions, census, ees, gias, links, ofsted, performance, places
from bot.ingest.columns import free_text, null_markers
from bot.ingest.reading import read_header, read_table
from bot.ingest.recognise import LOADED_KINDS, recognise
from bot.ingest.report import FileResult, IngestReport
from bot.models import School, SchoolLink, SourceFile

LOADERS: dict[str, Callable] = {
    "la_codes": places.load_la_codes,
    "gias": gias.load,
    "gias_links": links.load,
    "postcodes": places.load_postcodes,
    "ks2": performance.load,
    "ks4": performance.load,
    "ks5": performance.load,
    "destinations": performance.load,
    "ees_ks4": ees.load,
    "census": census.load,
    "absence": census.load,
    "ofsted": ofsted.load,
    "admissions": admissions.load_offers,
    "allocations": admissions.load_allocations,
    "allocation_criteria": admissions.load_allocations,
}
# A database refusing a row (too long, wrong type) becomes an IngestError naming the file.
DRIVER_ERRORS = (SQLAlchemyError, sqlite3.Error, psycopg.Error)
TEXT_SUFFIXES = {".csv", ".txt", ".tsv"}


def expand(paths: Iterable[Path | str]) -> list[Path]:
    """Files under `paths` (folders recursively), sorted; hidden files left out."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(f for f in sorted(p.rglob("*")) if f.is_file() and not f.name.startswith("."))
        else:
            out.append(p)
    return out


def _plan(paths: Iterable[Path | str], report: IngestReport) -> list[tuple[Path, str]]:
    """(path, kind) of each loadable file in load order; the rest go into the report as skipped."""
    plan: list[tuple[Path, str]] = []
    for path in expand(paths):
        if not path.exists():
            report.files.append(FileResult(path=path, reason="no such file"))
            continue
        if path.suffix.lower() not in TEXT_SUFFIXES:
            report.files.append(FileResult(path=path, reason=f"not a CSV file ({path.suffix or 'no extension'})"))
            continue
        header = read_header(path)
        if header is None:
            report.files.append(FileResult(path=path, reason="binary file, not CSV text"))
            continue
        kind, reason = recognise(header)
        if reason or kind is None:  # (a kind is always given without a reason)
            report.files.append(FileResult(path=path, kind=kind, reason=reason))
            continue
        plan.append((path, kind))
    plan.sort(key=lambda pk: (LOADED_KINDS.index(pk[1]), str(pk[0])))
    return plan


@contextmanager
def _progress_bar(enabled: bool) -> Iterator[Callable[[str, int], Callable[[int], None]] | None]:
    if not enabled:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                  TimeElapsedColumn(), transient=True) as bar:
        def start(name: str, total: int) -> Callable[[int], None]:
            for old in list(bar.task_ids):
                bar.remove_task(old)
            task = bar.add_task(name, total=total)
            return lambda done: bar.update(task, completed=done)

        yield start


def ingest_paths(engine: Engine, paths: Iterable[Path | str], *, demo: bool = False,
                 progress: bool = False) -> IngestReport:
    """Load every recognised file under `paths` in one transaction.

    Raises `IngestError` (file, line, column) on a recognised but broken file; the database is
    then left exactly as it was. Files already loaded (same sha256) are reported "unchanged".
    """
    report = IngestReport()
    plan = _plan(paths, report)
    with _progress_bar(progress) as start, session_scope(engine) as session:
        seen = {sha: (year, prov) for sha, year, prov in session.execute(
            select(SourceFile.sha256, SourceFile.year, SourceFile.provisional))}
        for path, kind in plan:
            data = path.read_bytes()
            sha = hashlib.sha256(data).hexdigest()
            result = FileResult(path=path, kind=kind)
            report.files.append(result)
            if sha in seen:
                result.status, result.reason = "unchanged", "already loaded (same contents)"
                result.year, result.provisional = seen[sha]
                continue
            seen[sha] = (None, False)
            table = read_table(path, data)
            table.kind, table.free_text, table.nulls = kind, free_text(kind), null_markers(kind)
            result.encoding = table.encoding
            tick = start(path.name, table.total_lines) if start else None
            ctx = LoadContext(session=session, path=path, sha256=sha, kind=kind, demo=demo,
                              result=result, progress=tick)
            result.status = "loaded"
            try:
                LOADERS[kind](ctx, table)
            except DRIVER_ERRORS as exc:
                raise IngestError(path, f"the database refused the data: {_first_line(exc)}") from exc
            if ctx.source_id is not None:
                _record_counts(session, ctx.source_id, result)
        _close_succeeded(session)
    return report


SUCCEEDED = "Closed (a successor opened, per GIAS links)"


def _close_succeeded(session: Session) -> None:
    """Mark as closed the schools an open successor has replaced (GIAS links), where an older
    extract still lists them as open; the status says where that comes from."""
    successor = aliased(School)
    succeeded = (select(SchoolLink.urn).join(successor, successor.urn == SchoolLink.link_urn)
                 .where(SchoolLink.link_type == "Successor", successor.is_open.is_(True),
                        or_(SchoolLink.link_date.is_(None), SchoolLink.link_date <= date.today())))
    session.execute(update(School).where(School.is_open.is_(True), School.urn.in_(succeeded))
                    .values(is_open=False, status=SUCCEEDED))


def _first_line(exc: Exception) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


def _record_counts(session: Session, source_id: int, result: FileResult) -> None:
    session.execute(update(SourceFile).where(SourceFile.id == source_id).values(
        rows_loaded=result.rows_loaded, rows_skipped=result.rows_skipped))
