"""The Telegram adapter: the only package that imports python-telegram-bot.

`build_application(settings, core)` wires the core (`bot.core.Schoolbot`) into a PTB
`Application`; `bot.cli_run` runs it with long polling or a webhook.
"""

from bot.telegram.app import build_application, file_url, webhook_options

__all__ = ["build_application", "file_url", "webhook_options"]
