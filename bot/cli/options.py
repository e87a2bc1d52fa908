"""What the commands share: the `--db` option and `open_engine`, the database it names, migrated."""

from __future__ import annotations

import click
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
