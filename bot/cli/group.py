"""The `schoolbot` group. Each command family adds its commands from its own module of bot/cli/
(its `COMMANDS`), imported only when one of its commands runs: `schoolbot ask` does not load what
`ingest`, `fetch`, `review` or `run` need. The command modules import only what they share
(bot.cli.options), never this module, so loading them makes no circle."""

from __future__ import annotations

from importlib import import_module

import click
from pydantic import ValidationError

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
