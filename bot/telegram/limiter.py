"""Every Bot API call goes through here: Telegram's flood limits, per chat, and which failed
calls may be made again.

- Flood waits (429 with retry_after) pause only the chat they came for (python-telegram-bot's
  AIORateLimiter pauses every chat); the call is repeated once the wait is over, for up to
  MAX_FLOOD_WAIT seconds in all.
- Telegram's limits are kept: 30 calls a second overall, 20 a minute per group.
- A call that certainly did not happen (a 5xx answer, no connection) is repeated, up to ATTEMPTS
  times. A call that may have happened (the request went out and the answer timed out or the
  connection dropped) is repeated only if doing it twice changes nothing (edits, answers to
  callback and inline queries, chat actions); a message send is not, so no message is ever
  delivered twice. A repeat that finds the edit already made or the query already answered
  counts as done.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any

import httpx
from aiolimiter import AsyncLimiter
from telegram.constants import FloodLimit
from telegram.error import BadRequest, NetworkError, RetryAfter, TelegramError
from telegram.ext import BaseRateLimiter

log = logging.getLogger(__name__)
ATTEMPTS = 3
BACKOFF = (0.1, 1.0)  # seconds before the second and the third attempt
MAX_FLOOD_WAIT = 60.0  # seconds a call may spend waiting out flood limits
NOT_IDEMPOTENT = ("send", "forward", "copy")  # method prefixes; sendChatAction is idempotent
DONE_ALREADY = ("not modified", "query is too old", "query id is invalid")
Result = Any  # what the Bot API returned: True, a JSON object or a list of them


def idempotent(endpoint: str) -> bool:
    """True if making the call twice has the effect of making it once."""
    return endpoint == "sendChatAction" or not endpoint.startswith(NOT_IDEMPOTENT)


def maybe_done(exc: NetworkError) -> bool:
    """True if the failed call may still have been carried out by Telegram: the request went
    out, then the answer timed out, the connection dropped or anything else unexpected happened.
    False for an error answer from the server (a 5xx) and for a request that never went out."""
    cause = exc.__cause__
    if cause is None or isinstance(cause, TelegramError):
        return False  # Telegram answered with an error
    return not isinstance(cause, (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout))


def _seconds(exc: RetryAfter) -> float:
    # `retry_after` warns that it becomes a timedelta in PTB 23; `_retry_after` is one already
    # (PTB's own rate limiter and polling loop read it so).
    wait: timedelta | float = getattr(exc, "_retry_after", None) or exc.retry_after
    return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)


def _chat(data: dict[str, Any]) -> int | str | None:
    chat = data.get("chat_id")
    with contextlib.suppress(TypeError, ValueError):
        return int(chat)  # type: ignore[arg-type]
    return chat  # None, or a channel's @username


class ChatLimiter(BaseRateLimiter[None]):
    """PTB's rate limiter hook, with flood waits per chat and the repeat rules above."""

    def __init__(self, overall_per_second: float = FloodLimit.MESSAGES_PER_SECOND,
                 group_per_minute: float = FloodLimit.MESSAGES_PER_MINUTE_PER_GROUP) -> None:
        self._overall = AsyncLimiter(overall_per_second, 1)
        self._group_rate = group_per_minute
        self._groups: dict[int | str, AsyncLimiter] = {}
        self._paused: dict[int | str | None, float] = {}  # chat -> monotonic time its wait ends

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: None,
    ) -> Result:
        """Make the call within the limits, repeating it as the module docstring says."""
        chat = _chat(data)
        failures, flood_waited, uncertain = 0, 0.0, False
        while True:
            await self._wait_out_flood(chat)
            try:
                async with self._limits(chat):
                    return await callback(*args, **kwargs)
            except RetryAfter as exc:
                wait = _seconds(exc)
                flood_waited += wait
                if flood_waited > MAX_FLOOD_WAIT:
                    raise
                log.info("Flood wait of %.0f s for one %s (%s)", wait, _kind(chat), endpoint)
                self._paused[chat] = max(self._paused.get(chat, 0.0), time.monotonic() + wait)
            except BadRequest as exc:
                if uncertain and any(text in exc.message.lower() for text in DONE_ALREADY):
                    return True  # the earlier attempt did it
                raise
            except NetworkError as exc:  # 5xx, timeouts, dropped connections
                perhaps = maybe_done(exc)
                failures += 1
                if (perhaps and not idempotent(endpoint)) or failures == ATTEMPTS:
                    raise
                uncertain = uncertain or perhaps
                log.info("%s failed (%s); attempt %d in %.1f s", endpoint, exc.message, failures + 1,
                         BACKOFF[failures - 1])
                await asyncio.sleep(BACKOFF[failures - 1])

    async def _wait_out_flood(self, chat: int | str | None) -> None:
        while (left := self._paused.get(chat, 0.0) - time.monotonic()) > 0:
            await asyncio.sleep(left)
        self._paused.pop(chat, None)

    @contextlib.asynccontextmanager
    async def _limits(self, chat: int | str | None) -> AsyncIterator[None]:
        if chat is None:  # answers to callback and inline queries, getMe, setWebhook ...
            yield
            return
        if _kind(chat) == "group":
            limiter = self._groups.get(chat)
            if limiter is None:
                self._forget_idle_groups()
                limiter = self._groups[chat] = AsyncLimiter(self._group_rate, 60)
            await limiter.acquire()
        await self._overall.acquire()
        yield

    def _forget_idle_groups(self) -> None:
        if len(self._groups) > 512:
            for group, limiter in list(self._groups.items()):
                if limiter.has_capacity(limiter.max_rate):
                    del self._groups[group]


def _kind(chat: int | str | None) -> str:
    """"group" for groups and channels (negative ids, @usernames), "private chat" otherwise;
    logs never name a chat (a private chat's id is the person's Telegram id)."""
    if isinstance(chat, str) or (isinstance(chat, int) and chat < 0):
        return "group"
    return "private chat" if chat is not None else "call without a chat"
