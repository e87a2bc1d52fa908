"""Updates of different chats handled concurrently, those of one chat one at a time, in order.

python-telegram-bot processes one update at a time by default, so one slow answer or one chat
waiting out a flood limit holds up every other chat; with plain `concurrent_updates` the
messages of one conversation can overtake each other. `ChatOrder` gives each chat a lock taken
in arrival order: PTB starts the tasks of queued updates in order and an asyncio lock queues
its waiters first come, first served.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

MAX_CONCURRENT = 4096  # updates in flight at once, including those waiting for their chat


def chat_of(update: object) -> int | None:
    """The chat an update belongs to (its sender for inline queries), None for neither."""
    if not isinstance(update, Update):
        return None
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None


class ChatOrder(BaseUpdateProcessor):
    """Runs updates concurrently, except that a chat's updates wait for the one before them."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT) -> None:
        super().__init__(max_concurrent_updates)
        self._chats: dict[int, tuple[asyncio.Lock, int]] = {}  # lock, updates holding or awaiting it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = chat_of(update)
        if chat is None:
            await coroutine
            return
        lock, users = self._chats.get(chat) or (asyncio.Lock(), 0)
        self._chats[chat] = (lock, users + 1)
        try:
            async with lock:
                await coroutine
        finally:
            lock, users = self._chats[chat]
            if users == 1:
                del self._chats[chat]
            else:
                self._chats[chat] = (lock, users - 1)

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to release."""
