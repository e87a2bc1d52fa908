"""Sending and editing answers: one call per message, "typing…" only while an answer is slow.

Repeats after flood waits, server errors and timeouts are decided for every call in
`bot.telegram.limiter`. Here: plain text when Telegram rejects the HTML, a repeated edit
("message is not modified") is no error, and a send that timed out is not an error either — it
may well have been delivered, and neither a repeat nor an apology may follow it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable
from typing import TypeVar

from telegram import Bot, ForceReply, InlineKeyboardMarkup, ReplyKeyboardMarkup, ReplyParameters
from telegram.constants import ChatAction
from telegram.error import BadRequest, NetworkError, TelegramError

from bot.telegram.limiter import maybe_done
from bot.telegram.messages import plain

log = logging.getLogger(__name__)
T = TypeVar("T")
TYPING_AFTER = 0.5  # seconds an answer may take before the chat is shown "typing…"
TYPING_EVERY = 4.5  # Telegram shows the action for 5 seconds


async def typing_while(bot: Bot, chat_id: int | None, work: Awaitable[T], after: float = TYPING_AFTER) -> T:
    """Await `work`; if it takes longer than `after` seconds, show "typing…" in the chat (when
    `chat_id` is given) until it is done. A fast answer thus costs no extra call."""
    if chat_id is None:
        return await work

    async def typing() -> None:
        await asyncio.sleep(after)
        while True:
            with contextlib.suppress(TelegramError):  # only a courtesy
                await bot.send_chat_action(chat_id, ChatAction.TYPING)
            await asyncio.sleep(TYPING_EVERY)

    typist = asyncio.create_task(typing())
    try:
        return await work
    finally:
        typist.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await typist


def not_modified(exc: BadRequest) -> bool:
    """True for the harmless error of an edit that changes nothing (a second tap)."""
    return "not modified" in exc.message.lower()


def _parse_error(exc: BadRequest) -> bool:
    return "can't parse entities" in exc.message.lower() or "unsupported start tag" in exc.message.lower()


async def send_text(bot: Bot, chat_id: int, text: str,
                    markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | ForceReply | None = None,
                    reply_to: int | None = None) -> None:
    """Send one message (HTML); on an HTML parse error send its plain text instead. A send that
    may have been delivered before it failed (a timeout) is logged and not repeated."""
    reply = ReplyParameters(reply_to, allow_sending_without_reply=True) if reply_to else None
    try:
        try:
            await bot.send_message(chat_id, text, reply_markup=markup, reply_parameters=reply)
        except BadRequest as exc:
            if not _parse_error(exc):
                raise
            log.warning("Telegram rejected the HTML (%s); sending plain text", exc.message)
            await bot.send_message(chat_id, plain(text), parse_mode=None, reply_markup=markup,
                                   reply_parameters=reply)
    except NetworkError as exc:
        if isinstance(exc, BadRequest) or not maybe_done(exc):
            raise
        log.warning("A message send failed after it went out (%s); it may have been delivered, "
                    "so it is not sent again", exc.message)


async def edit_text(bot: Bot, chat_id: int, message_id: int, text: str,
                    markup: InlineKeyboardMarkup | None) -> bool:
    """Edit a message in place. False if it did not change (a repeated tap); raises BadRequest when
    the message cannot be edited (too old, deleted) so the caller can send a new one."""
    try:
        await bot.edit_message_text(text, chat_id=chat_id, message_id=message_id, reply_markup=markup)
    except BadRequest as exc:
        if not_modified(exc):
            return False
        if not _parse_error(exc):
            raise
        await bot.edit_message_text(plain(text), chat_id=chat_id, message_id=message_id,
                                    reply_markup=markup, parse_mode=None)
    return True
