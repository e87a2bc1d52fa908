"""Build the python-telegram-bot Application: the one place where the bot is configured.

Updates of different chats are handled concurrently and those of one chat in order
(`order.ChatOrder`); every API call keeps Telegram's flood limits per chat and is repeated only
when that cannot deliver a message twice (`limiter.ChatLimiter`); updates PTB cannot read are
dropped and logged by id, and PTB's logs never print update contents (`updates`).
"""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlsplit

from telegram import BotCommand, BotCommandScopeAllGroupChats, BotCommandScopeDefault, Update
from telegram.constants import ParseMode
from telegram.ext import Application, Defaults

from bot.settings import Settings
from bot.telegram import texts
from bot.telegram.handlers import Core, register
from bot.telegram.limiter import ChatLimiter
from bot.telegram.order import ChatOrder
from bot.telegram.updates import UpdatesRequest, hide_update_contents

ALLOWED_UPDATES = [Update.MESSAGE, Update.CALLBACK_QUERY, Update.INLINE_QUERY]
TIMEOUT = 5.0  # seconds to wait for Telegram's answer to a call (PTB's default)
PURGE_EVERY = 24 * 60 * 60  # seconds: the question log's retention purge runs daily
log = logging.getLogger(__name__)


def file_url(settings: Settings) -> str:
    """The Bot API file URL: TELEGRAM_FILE_URL, else the API URL with its trailing '/bot'
    replaced by '/file/bot' (so a self-hosted server or a test stand-in serves files too)."""
    if settings.telegram_file_url:
        return settings.telegram_file_url
    api = settings.telegram_api_url
    if api.endswith("/bot"):
        return api[: -len("/bot")] + "/file/bot"
    return api.rstrip("/") + "/file/bot"


def build_application(settings: Settings, core: Core, *, timeout: float = TIMEOUT) -> Application:
    """A configured Application (HTML replies, concurrent chats, flood limits per chat, commands
    on start-up) whose handlers pass updates to `core`; `timeout` bounds the wait for each call."""
    if not settings.telegram_bot_token:
        raise ValueError("TELEGRAM_BOT_TOKEN is not set")
    logging.getLogger("httpx").setLevel(logging.WARNING)  # request URLs contain the token
    hide_update_contents()
    app = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_url)
        .base_file_url(file_url(settings))
        .defaults(Defaults(parse_mode=ParseMode.HTML))
        .read_timeout(timeout)
        .get_updates_request(UpdatesRequest(connection_pool_size=2, read_timeout=timeout))
        .rate_limiter(ChatLimiter())
        .concurrent_updates(ChatOrder())
        .post_init(_started)
        .post_shutdown(_stopped)
        .build()
    )
    register(app, core)
    schedule_refresh(app, settings, core)
    return app


def schedule_refresh(app: Application, settings: Settings, core: Core) -> None:
    """With REFRESH_AT set: fetch and ingest daily then (bot.refresh.refresh_job, the job named
    "refresh"), and every few minutes take in records another process loaded ("refresh check")."""
    if settings.refresh_time is None:
        return
    from bot.refresh import CHECK_EVERY, Refresher, check_job, refresh_job

    if app.job_queue is None:
        raise ValueError("REFRESH_AT needs python-telegram-bot's JobQueue: pip install 'python-telegram-bot[job-queue]'")
    refresher = app.bot_data["refresher"] = Refresher(core, settings)
    late = {"misfire_grace_time": 3600, "coalesce": True}  # a bot busy at REFRESH_AT still refreshes
    app.job_queue.run_daily(refresh_job, settings.refresh_time, name="refresh", data=refresher, job_kwargs=late)
    app.job_queue.run_repeating(check_job, CHECK_EVERY, first=CHECK_EVERY, name="refresh check", data=refresher)
    log.info("Refreshing the records daily at %s UTC", settings.refresh_at)


async def _started(app: Application) -> None:
    """At start-up: publish the commands and start the daily retention purge."""
    await set_commands(app)
    app.bot_data["purge"] = asyncio.create_task(purge_daily(app.bot_data.get("core")))


async def _stopped(app: Application) -> None:
    task = app.bot_data.pop("purge", None)
    if task is not None:
        task.cancel()


async def purge_daily(core, every: float = PURGE_EVERY) -> None:
    """Delete logged questions past LOG_RETENTION_DAYS every `every` seconds (the core purged at
    start-up), so a bot that runs for months keeps nothing older. Runs until cancelled."""
    while True:
        await asyncio.sleep(every)
        question_log = getattr(core, "log", None)
        if question_log is None:
            continue
        try:
            deleted = await asyncio.to_thread(question_log.purge)
            log.info("question log: %d question(s) past the retention window deleted", deleted)
        except Exception as exc:
            log.warning("question log: retention purge failed (%s); tried again in %ss",
                        type(exc).__name__, every)


async def set_commands(app: Application) -> None:
    """Publish the command menus: the full list in private chats, a short one in groups."""
    await app.bot.set_my_commands([BotCommand(*c) for c in texts.PRIVATE_COMMANDS],
                                  scope=BotCommandScopeDefault())
    await app.bot.set_my_commands([BotCommand(*c) for c in texts.GROUP_COMMANDS],
                                  scope=BotCommandScopeAllGroupChats())


def webhook_options(settings: Settings) -> dict:
    """Keyword arguments for `bot.telegram.webhook.run_webhook` / `serve_webhook` from settings.

    The path served is the path of WEBHOOK_URL; Telegram's secret-token header is required.
    """
    if not settings.webhook_url:
        raise ValueError("WEBHOOK_URL is not set (the public HTTPS URL Telegram should call)")
    if not settings.webhook_secret:
        raise ValueError("WEBHOOK_SECRET is not set (1-256 characters: A-Z a-z 0-9 _ -)")
    return {
        "listen": settings.webhook_listen, "port": settings.webhook_port,
        "url_path": urlsplit(settings.webhook_url).path.strip("/"), "webhook_url": settings.webhook_url,
        "secret_token": settings.webhook_secret, "allowed_updates": ALLOWED_UPDATES,
    }
