"""Sending and editing answers so that transient failures never lose an answer.

Flood waits (429) are retried by PTB's AIORateLimiter; here we retry timeouts and server errors
(5xx), fall back to plain text when Telegram rejects the HTML, and treat a repeated edit
("message is not modified") as done.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta
from typing import Awaitable, Callable, TypeVar

from telegram import Bot, InlineKeyboardMarkup, ReplyParameters
from telegram.error import BadRequest, NetworkError, RetryAfter

from bot.telegram.messages import plain

log = logging.getLogger(__name__)
T = TypeVar("T")
ATTEMPTS = 3
BACKOFF = 0.5  # seconds, times the attempt number


async def retrying(call: Callable[[], Awaitable[T]], attempts: int = ATTEMPTS) -> T:
    """Await `call()`, retrying timeouts, 5xx and left-over flood waits; other errors propagate."""
    for attempt in range(1, attempts + 1):
        try:
            return await call()
        except BadRequest:
            raise
        except (NetworkError, RetryAfter) as exc:
            if attempt == attempts:
                raise
            delay = BACKOFF * attempt
            if isinstance(exc, RetryAfter):
                wait = exc.retry_after
                delay = wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
            log.warning("Telegram call failed (%s); retry %d in %.1f s", exc, attempt, delay)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")  # pragma: no cover


def not_modified(exc: BadRequest) -> bool:
    """True for the harmless error of an edit that changes nothing (a second tap)."""
    return "not modified" in exc.message.lower()


def _parse_error(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower() or "unsupported start tag" in exc.message.lower()


async def send_text(bot: Bot, chat_id: int, text: str, markup: InlineKeyboardMarkup | None = None,
                    reply_to: int | None = None) -> None:
    """Send one message (HTML); on an HTML parse error send its plain text instead."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    try:
        await retrying(lambda: bot.send_message(chat_id, text, reply_markup=markup, reply_parameters=reply))
    except BadRequest as exc:
        if not _parse_error(exc):
            raise
        log.warning("Telegram rejected the HTML (%s); sending plain text", exc.message)
        await retrying(lambda: bot.send_message(chat_id, plain(text), parse_mode=None,
                                                reply_markup=markup, reply_parameters=reply))


async def edit_text(bot: Bot, chat_id: int, message_id: int, text: str,
                    markup: InlineKeyboardMarkup | None) -> bool:
    """Edit a message in place. False if it did not change (a repeated tap); raises BadRequest when
    the message cannot be edited (too old, deleted) so the caller can send a new one."""
    try:
        await retrying(lambda: bot.edit_message_text(text, chat_id=chat_id, message_id=message_id,
                                                     reply_markup=markup))
    except BadRequest as exc:
        if not_modified(exc):
            return False
        if not _parse_error(exc):
            raise
        await retrying(lambda: bot.edit_message_text(plain(text), chat_id=chat_id, message_id=message_id,
                                                     reply_markup=markup, parse_mode=None))
    return True
