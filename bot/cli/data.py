"""Data commands: `schoolbot ingest`, `schoolbot fetch`, `schoolbot stats`."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape

from bot.cli.options import db_option, open_engine


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
    """Show what is loaded: schools, results by key stage and year, inspections, postcodes, and
    each fetched source's date."""
    from bot.fetch import source_status
    from bot.fetch_report import sources_table
    from bot.settings import get_settings
    from bot.stats import collect, stats_tables

    engine = open_engine(db_url)
    try:
        data = collect(engine)
    finally:
        engine.dispose()
    data["sources"] = source_status(get_settings().downloads_dir)
    if as_json:
        click.echo(json.dumps(data, indent=2, default=str))
        return
    console = Console()
    for table in [*stats_tables(data), sources_table(data["sources"])]:
        console.print(table)


@click.command()
@click.argument("sources", nargs=-1)
@db_option
@click.option("--date", "day", metavar="YYYYMMDD", default=None,
              help="Date of the daily GIAS files (default: today, falling back a few days).")
@click.option("--dest", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Download folder (default: downloads/ in the data folder).")
@click.option("--list", "list_only", is_flag=True, help="List the sources (knowledge/sources.yaml) and stop.")
def fetch(sources: tuple[str, ...], db_url: str | None, day: str | None, dest: Path | None,
          list_only: bool) -> None:
    """Download each official source (all, or the SOURCES named) and ingest what changed.

    A source that fails, or whose format changed, is reported and keeps the data already loaded;
    the others still load. Exit status 1 when any source had a problem.
    """
    from bot.fetch import FetchError, fetch as fetch_sources, parse_day, select_sources, source_bases
    from bot.fetch_report import fetch_table
    from bot.settings import get_settings

    console = Console()
    try:
        chosen = select_sources(sources)
        when = parse_day(day)
    except (FetchError, ValueError) as exc:
        _fail("Cannot fetch:", exc)
    if list_only:
        where = source_bases()
        for s in chosen:
            first = s.targets(where[s.base])[0][0].url
            click.echo(f"{s.name}: {s.title} [{s.cadence}; {s.licence}]\n  {first}")
        return
    settings = get_settings()
    click.echo(f"Downloads: {(dest or settings.downloads_dir).resolve()}", err=True)
    engine = open_engine(db_url)
    try:
        report = fetch_sources(engine, [s.name for s in chosen], dest=dest, day=when)
    except BaseException:
        engine.dispose()
        raise
    console.print(fetch_table(report))
    _prepare_start(engine, console)
    if not report.ok:
        sys.exit(1)


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
        engine.dispose()
        _fail("Ingest failed, nothing was changed.", exc)
    for table in report_tables(report):
        console.print(table)
    if removed:
        console.print(f"Removed the fictional demo data ({removed} schools) now that real data is loaded.")
    _prepare_start(engine, console)


def _prepare_start(engine, console: Console) -> None:
    """Build what a bot loads at start-up for the records now (bot.startup_cache), so the next
    start is quick; say where it went."""
    from time import perf_counter

    from bot import startup_cache

    started = perf_counter()
    try:
        kept = startup_cache.refresh(engine)
    finally:
        engine.dispose()
    if kept is not None:
        console.print(f"Start-up cache ready ({perf_counter() - started:.1f} s): {kept}", highlight=False,
                      soft_wrap=True)
    elif startup_cache.cache_path(engine) is not None:
        console.print("Start-up cache not prepared (see the log): the next start builds it.", highlight=False)


COMMANDS = [ingest, fetch, stats]
