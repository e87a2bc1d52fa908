"""The `schoolbot` command line: the group (`bot.cli.group`), what its commands share
(`bot.cli.options`), and one module per command family (`ask`, `answers`, `data`, `log`, `run`),
each imported only when one of its commands runs. `main` is the console script's entry point."""

from bot.cli.group import COMMAND_MODULES, main

__all__ = ["COMMAND_MODULES", "main"]
