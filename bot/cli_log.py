"""Commands: `review` (operator summary / HTML report), `export` (open CSV), `log purge`."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import click
from rich.console import Console

from bot.cli import db_option, open_engine
from bot.questionlog import QuestionLog, build_review, export_csv, print_review, render_html
from bot.settings import get_settings

day_type = click.DateTime(formats=["%Y-%m-%d"])


def _day(value: datetime | None) -> date | None:
    return value.date() if value else None


@click.command()
@click.option("--since", type=day_type, help="First day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--until", type=day_type, help="Last day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--html", "html_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write a self-contained HTML report to this file.")
@db_option
def review(
    since: datetime | None, until: datetime | None, html_path: Path | None, db_url: str | None
) -> None:
    """Summarise what was asked: outcomes, intents, top schools and LAs, unanswered themes."""
    result = build_review(open_engine(db_url), _day(since), _day(until))
    print_review(result, Console())
    if html_path:
        html_path.write_text(render_html(result), encoding="utf-8")
        click.echo(f"HTML report written to {html_path}")


@click.command()
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="CSV file to write.")
@click.option("--since", type=day_type, help="First day (YYYY-MM-DD, UTC), inclusive.")
@click.option("--until", type=day_type, help="Last day (YYYY-MM-DD, UTC), inclusive.")
@db_option
def export(out: Path, since: datetime | None, until: datetime | None, db_url: str | None) -> None:
    """Write open aggregate question counts (week × LA × intent × outcome × topic; ≤5 suppressed)."""
    rows = export_csv(open_engine(db_url), out, _day(since), _day(until))
    click.echo(f"{rows:,} rows written to {out}")


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
