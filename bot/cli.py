"""The `schoolbot` command line. Each area adds its commands from its own module."""

from __future__ import annotations

import click
from pydantic import ValidationError
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.db import make_engine, migrate
from bot.settings import get_settings

db_option = click.option(
    "--db", "db_url", metavar="URL", default=None,
    help="Database URL (default: DATABASE_URL, else schoolbot.db in the data folder).",
)


def open_engine(db_url: str | None) -> Engine:
    """An engine on `db_url` (or the configured database), migrated to the newest schema.

    A URL that cannot be used, or a database that cannot be reached, is a clear error (exit 1).
    """
    settings = get_settings()
    if not db_url and settings.database_in_data_dir:
        click.echo(settings.data_dir_note(), err=True)
    url = db_url or settings.database_url
    try:
        engine = make_engine(url)
        migrate(engine)
    except (SQLAlchemyError, ValueError, OSError) as err:
        reason = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise click.ClickException(f"cannot open the database {_safe(url)}: {reason}") from err
    return engine


def _safe(url: str) -> str:
    """The URL with any password hidden."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


@click.group()
@click.version_option(package_name="schoolbot")
def main() -> None:
    """Schoolbot: plain answers about schools in England from official open data."""
    try:
        get_settings()
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in err.errors())
        raise click.ClickException(f"bad setting (environment or .env): {problems}") from err


def _register() -> None:
    from bot import cli_answers, cli_ask, cli_data, cli_log, cli_run

    for module in (cli_data, cli_ask, cli_run, cli_log, cli_answers):
        for command in module.COMMANDS:
            main.add_command(command)


_register()
