"""The `schoolbot` group and what every command shares (`--db`, `open_engine`). Each command
family adds its commands from its own module of bot/cli/ (its `COMMANDS`), imported only when one
of its commands runs: `schoolbot ask` does not load what `ingest`, `fetch`, `review` or `run` need.
The command modules import this one; it names them only as strings, so nothing imports back."""

from __future__ import annotations

from importlib import import_module

import click
from pydantic import ValidationError
from sqlalchemy import Engine, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from bot.db import make_engine, migrate
from bot.settings import get_settings

# The modules that add commands, and the commands each adds (a command missing here is still
# found, by importing every module; tests/test_startup_cli.py checks the table).
COMMAND_MODULES = {
    "bot.cli.data": ("ingest", "fetch", "stats"),
    "bot.cli.ask": ("ask", "chat"),
    "bot.cli.run": ("run",),
    "bot.cli.log": ("log", "review", "export"),
    "bot.cli.answers": ("answers",),
}

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


class LazyGroup(click.Group):
    """A group whose commands are imported from their module when first asked for."""

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is None:
            modules = [m for m, names in COMMAND_MODULES.items() if cmd_name in names]
            for module in modules or COMMAND_MODULES:
                self._load(module)
            command = super().get_command(ctx, cmd_name)
        return command

    def list_commands(self, ctx: click.Context) -> list[str]:
        for module in COMMAND_MODULES:  # help and completion: every command, with its help
            self._load(module)
        return super().list_commands(ctx)

    def _load(self, module: str) -> None:
        for command in import_module(module).COMMANDS:
            if command.name not in self.commands:
                self.add_command(command)


@click.group(cls=LazyGroup)
@click.version_option(package_name="schoolbot")
def main() -> None:
    """Schoolbot: plain answers about schools in England from official open data."""
    try:
        get_settings()
    except ValidationError as err:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])).upper()}: {e['msg']}" for e in err.errors())
        raise click.ClickException(f"bad setting (environment or .env): {problems}") from err
