"""The Telegram adapter: the only package that imports python-telegram-bot.

`build_application(settings, core)` wires the core (`bot.core.Schoolbot`) into a PTB
`Application`; `bot.cli.run` runs it with long polling (`Application.run_polling`) or a webhook
(`run_webhook(app, **webhook_options(settings))`, the front in `bot.telegram.webhook`).
"""

from bot.telegram.app import build_application, file_url, webhook_options
from bot.telegram.webhook import run_webhook

__all__ = ["build_application", "file_url", "run_webhook", "webhook_options"]
