"""Commands: `review` (operator summary / HTML report), `export` (open data package), `log purge`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console

from bot.cli.options import db_option, open_engine
from bot.questionlog import QuestionLog, build_review, export_csv, print_review, render_html
from bot.settings import get_settings

day_type = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@click.command()
@click.option("--since", type=day_type, help="First day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--until", type=day_type, help="Last day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--la", type=int, help="Only questions about schools or places in this LA (its code, e.g. 936).")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a self-contained HTML report to this file.")
@db_option
def review(since: datetime | None, until: datetime | None, la: int | None, html_path: Path | None,
           db_url: str | None) -> None:
    """Summarise what was asked, over the whole weeks in the period: outcomes, intents, top
    schools and LAs, themes, topics, local answers, what is new or growing and what no one answers."""
    result = build_review(open_engine(db_url), _day(since), _day(until), la=la)
    print_review(result, Console())
    if html_path:
        html_path.write_text(render_html(result), encoding="utf-8")
        click.echo(f"HTML report written to {html_path}")


@click.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write (datapackage.json is written beside it).")
@click.option("--since", type=day_type, help="First day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--until", type=day_type, help="Last day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--la", type=int, help="Only questions about schools or places in this LA.")
@db_option
def export(out: Path, since: datetime | None, until: datetime | None, la: int | None, db_url: str | None) -> None:
    """Write open question counts (week × LA × intent × outcome × topic) as a Frictionless Data
    Package: the CSV and datapackage.json. Whole weeks only; counts rounded (see README)."""
    done = export_csv(open_engine(db_url), out, _day(since), _day(until), la=la)
    covered = f"the whole weeks {done.weeks}" if done.weeks else "no whole week that has ended in this period"
    click.echo(f"{done.rows:,} rows written to {out} ({covered}); described in {done.package}")


@click.group()
def log() -> None:
    """Look after the question log."""


@log.command()
@db_option
def purge(db_url: str | None) -> None:
    """Delete logged questions older than LOG_RETENTION_DAYS."""
    settings = get_settings()
    deleted = QuestionLog(open_engine(db_url), settings).purge()
    click.echo(f"{deleted:,} question(s) older than {settings.log_retention_days} days deleted")


COMMANDS = [log, review, export]
