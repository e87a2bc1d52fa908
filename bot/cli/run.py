"""`schoolbot run`: the Telegram bot (long polling or webhook), or the terminal chat without a token."""

from __future__ import annotations

import logging

import click

from bot.cli.options import db_option, open_engine
from bot.settings import get_settings

log = logging.getLogger(__name__)
MIN_KEY_LENGTH = 32
KEY_HELP = ("set LOG_HASH_KEY (in .env or the environment) to a long random secret of at least "
            f"{MIN_KEY_LENGTH} characters, e.g. the output of: python3 -c \"import secrets; "
            "print(secrets.token_hex(32))\"  (changing it later forgets every link to past questions)")


def check_hash_key(key: str) -> None:
    """Refuse to run the Telegram bot with the default or a short LOG_HASH_KEY: with a guessable
    key the stored hashes can be reversed to Telegram user ids."""
    if key == "change-me":
        raise click.ClickException(f"LOG_HASH_KEY is the default value 'change-me': {KEY_HELP}")
    if len(key) < MIN_KEY_LENGTH:
        raise click.ClickException(f"LOG_HASH_KEY is too short ({len(key)} characters): {KEY_HELP}")


@click.command()
@db_option
@click.option("--webhook", is_flag=True,
              help="Serve Telegram webhooks (WEBHOOK_URL, WEBHOOK_SECRET, WEBHOOK_LISTEN, WEBHOOK_PORT) "
                   "instead of long polling.")
def run(db_url: str | None, webhook: bool) -> None:
    """Run the Telegram bot until SIGTERM or Ctrl-C; with no TELEGRAM_BOT_TOKEN, chat in the terminal."""
    from bot.core import collector_paused

    with collector_paused():  # until the bot is ready (settle_heap)
        _run(db_url, webhook)


def _run(db_url: str | None, webhook: bool) -> None:
    settings = get_settings()
    engine = open_engine(db_url)
    if not settings.telegram_bot_token:
        if webhook:
            raise click.UsageError("--webhook needs TELEGRAM_BOT_TOKEN")
        from bot.terminal import run_chat

        click.echo("TELEGRAM_BOT_TOKEN is not set: starting the terminal chat instead.", err=True)
        run_chat(engine)
        return
    check_hash_key(settings.log_hash_key)
    from bot.core import Schoolbot, settle_heap
    from bot.demo import ensure_data
    from bot.telegram import build_application, run_webhook, webhook_options
    from bot.telegram.app import ALLOWED_UPDATES

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if ensure_data(engine):
        log.warning("No records loaded: answering from the FICTIONAL demo data (load real data with "
                    "`schoolbot ingest`)")
    app = build_application(settings, Schoolbot(engine))
    settle_heap()
    if webhook:
        try:
            options = webhook_options(settings)
        except ValueError as exc:
            raise click.UsageError(str(exc)) from exc
        log.info("Serving webhooks on %s:%s/%s", options["listen"], options["port"], options["url_path"])
        run_webhook(app, **options)
    else:
        log.info("Long polling for updates")
        app.run_polling(allowed_updates=ALLOWED_UPDATES)
    log.info("Stopped")


COMMANDS = [run]
