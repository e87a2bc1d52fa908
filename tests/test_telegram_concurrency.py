"""The Telegram runtime never makes one chat wait for another: chats are answered concurrently,
one chat's updates in order, a flood wait holds up only its chat, a fast answer costs one call,
and a send that may have been delivered is never sent again.

The real Application long-polls the fake Bot API; the stand-in core computes (busy, holding the
GIL like the real core) for as long as a question says.
"""

from __future__ import annotations

import asyncio
import html
import random
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from itertools import pairwise

import httpx
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from telegram.error import NetworkError, TimedOut
from tests.helpers.telegram_app import StubCore

from bot.answer import Answer
from bot.settings import Settings
from bot.telegram import build_application
from bot.telegram.app import ALLOWED_UPDATES, TIMEOUT
from bot.telegram.limiter import maybe_done


class TimedCore(StubCore):
    """Answers "... <seconds>" after computing that long, with "Answer to <question>"."""

    def __init__(self) -> None:
        super().__init__()
        self.spans: list[tuple[str, str, float, float]] = []  # chat, question, start, end

    def ask(self, text, chat=None, *, channel="api", chat_type=None, user=None):
        start = time.monotonic()
        seconds = float(text.split()[-1])
        while time.monotonic() < start + seconds:
            pass  # CPU-bound, as the real core is
        self.spans.append((chat, text, start, time.monotonic()))
        return Answer(intent="overview", text=f"Answer to {text}", html=f"Answer to {html.escape(text)}",
                      schools=[1])


@asynccontextmanager
async def polling_bot(fake: FakeTelegram, core, timeout: float = TIMEOUT) -> AsyncIterator[list]:
    """The Application long-polling `fake` until the block ends; yields the handler errors."""
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url)
    app = build_application(settings, core, timeout=timeout)
    errors: list = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    async with app:
        await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
        await app.start()
        try:
            yield errors
        finally:
            await app.updater.stop()
            await app.stop()
    assert fake.unknown == []


def answers(fake: FakeTelegram, chat_id: int) -> list:
    """The successful sendMessage calls to a chat, in the order they arrived."""
    return [c for c in fake.calls if c.method == "sendMessage" and c.error is None
            and c.params["chat_id"] == chat_id]


def push(fake: FakeTelegram, text: str, chat_id: int) -> float:
    fake.push(fake.message(text, chat_id=chat_id))
    return time.monotonic()


async def test_a_slow_answer_does_not_hold_up_other_chats():
    async with FakeTelegram() as fake:
        async with polling_bot(fake, TimedCore()) as errors:
            push(fake, "slow 2.0", chat_id=1)
            await asyncio.sleep(0.2)
            asked = {chat: push(fake, "fast 0.01", chat_id=chat) for chat in range(2, 8)}
            await fake.wait_for("sendMessage", 7, timeout=20)
        [slow] = answers(fake, 1)
        for chat, at in asked.items():
            [fast] = answers(fake, chat)
            assert fast.at < slow.at, "a fast chat waited for the slow one"
            assert fast.at - at < 1.0
        assert errors == []


async def test_one_chats_updates_are_answered_in_order_while_chats_overlap():
    rng = random.Random(14)
    core = TimedCore()
    chats = [11, 12, 13, -14]
    questions = {chat: [f"q{i} {rng.uniform(0, 0.25):.3f}" for i in range(5)] for chat in chats}
    async with FakeTelegram() as fake:
        async with polling_bot(fake, core) as errors:
            for i in range(5):
                for chat in rng.sample(chats, len(chats)):
                    text = questions[chat][i]
                    fake.push(fake.message(text if chat > 0 else f"/ask {text}", chat_id=chat,
                                           chat_type="private" if chat > 0 else "supergroup"))
            await fake.wait_for("sendMessage", 20, timeout=30)
        assert errors == []
    for chat in chats:
        shown = [html.unescape(c.params["text"]) for c in answers(fake, chat)]
        assert shown == [f"Answer to {q}" for q in questions[chat]]  # in order, once each
        spans = sorted((s, e) for c, _, s, e in core.spans if c == f"tg:{chat}")
        assert all(end <= next_start for (_, end), (next_start, _) in pairwise(spans))
    overlapping = sum(1 for a in core.spans for b in core.spans
                      if a[0] != b[0] and a[2] < b[2] < a[3])
    assert overlapping > 0, "different chats were never answered at the same time"


async def test_a_chat_in_flood_wait_waits_alone():
    async with FakeTelegram() as fake:
        fake.flood(-500, interval=2.0)  # the group may receive one message per 2 seconds
        async with polling_bot(fake, TimedCore()) as errors:
            group = {"chat_id": -500, "chat_type": "supergroup"}
            fake.push(fake.message("/ask first 0.01", **group))
            fake.push(fake.message("/ask second 0.01", **group))
            await fake.wait_for("sendMessage", 1)
            await asyncio.sleep(0.3)  # the second answer is now waiting out its flood limit
            asked = {chat: push(fake, "fast 0.01", chat_id=chat) for chat in range(21, 26)}
            await fake.wait_for("sendMessage", 7, timeout=20)
        assert errors == []
    first, second = answers(fake, -500)
    assert "second" in second.params["text"] and second.at - first.at > 1.5
    refused = [c for c in fake.calls if c.method == "sendMessage" and c.error and c.params["chat_id"] == -500]
    assert refused and all("Too Many Requests" in c.error for c in refused)
    for chat, at in asked.items():
        [answer] = answers(fake, chat)
        assert answer.at < second.at and answer.at - at < 1.0


async def test_a_fast_answer_costs_one_call_and_a_slow_one_shows_typing():
    async with FakeTelegram() as fake:
        async with polling_bot(fake, TimedCore()) as errors:
            push(fake, "fast 0.01", chat_id=31)
            await fake.wait_for("sendMessage", 1)
            asked = push(fake, "slow 1.5", chat_id=32)
            await fake.wait_for("sendMessage", 2)
        assert errors == []
    to = {chat: [c.method for c in fake.calls if c.params.get("chat_id") == chat] for chat in (31, 32)}
    assert to[31] == ["sendMessage"]
    assert to[32] == ["sendChatAction", "sendMessage"]
    [typing] = [c for c in fake.calls if c.method == "sendChatAction"]
    assert typing.at - asked >= 0.45 and typing.params["action"] == "typing"


async def test_a_send_that_timed_out_is_not_sent_again():
    async with FakeTelegram() as fake:
        fake.stall_next("sendMessage", 1.5)  # carried out, answered after the bot gave up
        async with polling_bot(fake, TimedCore(), timeout=0.5) as errors:
            push(fake, "first 0.01", chat_id=41)
            await fake.wait_for("sendMessage", 1)
            await asyncio.sleep(1.0)  # the bot's wait for the answer has timed out by now
            push(fake, "second 0.01", chat_id=41)
            await fake.wait_for("sendMessage", 2)
            await asyncio.sleep(0.5)
        assert errors == []
    shown = [html.unescape(c.params["text"]) for c in answers(fake, 41)]
    assert shown == ["Answer to first 0.01", "Answer to second 0.01"]  # once each, no apology
    assert [c.stalled for c in fake.calls if c.method == "sendMessage"] == [True, False]


async def test_edits_and_button_answers_that_timed_out_are_repeated_harmlessly():
    async with FakeTelegram() as fake:
        async with polling_bot(fake, StubCore(), timeout=0.5) as errors:
            fake.push(fake.message("St John the Baptist Church of England Primary School", chat_id=51))
            await fake.wait_for("sendMessage", 1)
            fake.stall_next("answerCallbackQuery", 1.5)
            fake.stall_next("editMessageText", 1.5)
            fake.push(fake.callback("s:1002", fake.last_message(51)))
            await fake.wait_for("editMessageText", 1)
            await asyncio.sleep(2.5)
        assert errors == []
    calls = {m: [c for c in fake.calls if c.method == m] for m in ("answerCallbackQuery", "editMessageText")}
    for method, made in calls.items():
        assert [c.stalled for c in made] == [True, False], method  # repeated once ...
        assert made[1].error  # ... and Telegram said it was done already
    assert len(fake.sent()) == 1  # no apology, no second message


async def test_server_errors_are_repeated():
    async with FakeTelegram() as fake:
        fake.fail_next("sendMessage", 502, "Bad Gateway")
        fake.fail_next("sendMessage", 500, "Internal Server Error")
        async with polling_bot(fake, TimedCore()) as errors:
            push(fake, "fast 0.01", chat_id=61)
            await fake.wait_for("sendMessage", 1)
        assert errors == []
    attempts = [c for c in fake.calls if c.method == "sendMessage"]
    assert [c.error is None for c in attempts] == [False, False, True]


async def test_a_server_error_on_get_updates_is_asked_again_at_once():
    async with FakeTelegram() as fake:
        async with polling_bot(fake, TimedCore()) as errors:
            await fake.wait_for_request("getUpdates")
            fake.fail_next("getUpdates", 502, "Bad Gateway")  # the poll after the pending one
            await asyncio.sleep(1.5)
            push(fake, "fast 0.01", chat_id=62)
            await fake.wait_for("sendMessage", 1)
        assert errors == []
    polls = [c for c in fake.calls if c.method == "getUpdates"]
    failed = next(i for i, c in enumerate(polls) if c.error)
    assert polls[failed + 1].at - polls[failed].at < 0.5  # PTB's polling loop alone pauses 1 s


def test_only_failures_after_the_request_went_out_may_have_been_carried_out():
    def caused(error, cause):
        error.__cause__ = cause
        return error

    never_sent = [caused(TimedOut(), httpx.ConnectTimeout("")), caused(TimedOut(), httpx.PoolTimeout("")),
                  caused(NetworkError("httpx.ConnectError"), httpx.ConnectError("refused"))]
    answered = [NetworkError("Bad Gateway"), NetworkError("Internal Server Error (500)")]
    went_out = [caused(TimedOut(), httpx.ReadTimeout("")), caused(TimedOut(), httpx.WriteTimeout("")),
                caused(NetworkError("httpx.RemoteProtocolError"), httpx.RemoteProtocolError("dropped")),
                caused(NetworkError("Unknown error in HTTP implementation"), RuntimeError("?"))]
    assert [maybe_done(e) for e in never_sent + answered] == [False] * 5
    assert all(maybe_done(e) for e in went_out)
