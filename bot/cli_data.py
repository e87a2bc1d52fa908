"""Data commands: `schoolbot ingest`, `schoolbot fetch`, `schoolbot stats`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from bot.cli import db_option, open_engine


def _fail(title: str, exc: Exception) -> None:
    """Print a clean error (no traceback) on stderr and exit with status 1."""
    Console(stderr=True).print(f"[bold red]{escape(title)}[/]\n{escape(str(exc))}", highlight=False,
                               soft_wrap=True)
    sys.exit(1)


@click.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@db_option
@click.option("--quiet", is_flag=True, help="No progress bar.")
def ingest(paths: tuple[Path, ...], db_url: str | None, quiet: bool) -> None:
    """Load official files (GIAS, performance tables, census, absence, Ofsted, postcodes)."""
    console = Console()
    _load(open_engine(db_url), list(paths), console, progress=not quiet and console.is_terminal)


@click.command()
@db_option
@click.option("--json", "as_json", is_flag=True, help="Print the counts as JSON.")
def stats(db_url: str | None, as_json: bool) -> None:
    """Show what is loaded: schools, results by key stage and year, inspections, postcodes."""
    from bot.stats import collect, stats_tables

    engine = open_engine(db_url)
    try:
        data = collect(engine)
    finally:
        engine.dispose()
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    console = Console()
    for table in stats_tables(data):
        console.print(table)


@click.command()
@db_option
@click.option("--date", "day", metavar="YYYYMMDD", default=None,
              help="Extract date (default: today, falling back a few days).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Download folder (default: data/downloads).")
def fetch(db_url: str | None, day: str | None, dest: Path | None) -> None:
    """Download the current GIAS establishment extract and ingest it."""
    from bot.fetch import FetchError, fetch_gias

    console = Console()
    try:
        path = fetch_gias(day=day, dest=dest, progress=console.is_terminal)
    except FetchError as exc:
        _fail("Download failed:", exc)
    click.echo(f"Downloaded {path}")
    _load(open_engine(db_url), [path], console, progress=console.is_terminal)


def _load(engine, paths: list[Path], console: Console, *, progress: bool) -> None:
    """Ingest `paths` in one transaction, print the summary, and once real data is in, drop the
    fictional demo so the two never mix."""
    from bot.demo import remove_demo_data
    from bot.ingest import IngestError, ingest_paths
    from bot.ingest.summary import report_tables

    try:
        report = ingest_paths(engine, paths, progress=progress)
        removed = remove_demo_data(engine) if report.loaded else 0
    except IngestError as exc:
        _fail("Ingest failed, nothing was changed.", exc)
    finally:
        engine.dispose()
    for table in report_tables(report):
        console.print(table)
    if removed:
        console.print(f"Removed the fictional demo data ({removed} schools) now that real data is loaded.")


COMMANDS = [ingest, fetch, stats]
