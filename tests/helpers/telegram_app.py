"""The Telegram adapter on a stand-in core, against the fake Bot API: the stand-in core
(`StubCore`), an initialised Application (`running_app`), and small readers of what was sent."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from telegram import Update

from bot.answer import Answer, Choice
from bot.settings import Settings
from bot.telegram import build_application
from tests.helpers.fake_telegram import TOKEN, FakeTelegram

CARD_FOLLOW_UPS = ["inspection", "results", "pupils", "contact", "compare"]  # Share is added by the adapter


def card(urn: int, name: str = "Tomlinscote School & Sixth Form", question_id: str | None = "q42") -> Answer:
    """A school's card as the core answers it (the follow-up buttons of an overview; titled with
    the school's name)."""
    return Answer(intent="overview", text=f"{name} — Frimley\nSecondary academy, 1,500 pupils",
                  html=f"<b>{name.replace('&', '&amp;')}</b> — Frimley\nSecondary academy, 1,500 pupils",
                  schools=[urn], follow_ups=CARD_FOLLOW_UPS, question_id=question_id, title=name)


class StubCore:
    """Stands in for bot.core.Schoolbot: records calls, returns fixed Answers."""

    def __init__(self) -> None:
        self.calls: list[tuple] = []
        self.next_answer: Answer | None = None

    def ask(self, text, chat=None, *, channel="api", chat_type=None, user=None):
        self.calls.append(("ask", text, chat, channel, chat_type, user))
        if "boom" in text:
            raise RuntimeError("core failure")
        if self.next_answer:
            return self.next_answer
        if "st john" in text.lower():
            return Answer(intent="overview", text="Which St John the Baptist?",
                          html="Which <b>St John the Baptist</b>?", clarify=[1001, 1002], outcome="clarified",
                          choices=[Choice(1001, "St John the Baptist CofE Primary — Woking, primary"),
                                   Choice(1002, "St John the Baptist CofE Primary — Ipswich, primary")])
        return card(140117)

    def choose(self, chat, urn, *, channel="api", chat_type=None, user=None):
        self.calls.append(("choose", chat, urn, channel, chat_type, user))
        return card(urn, "St John the Baptist CofE Primary", question_id="q43")

    def follow_up(self, chat, urn, intent, *, channel="api", chat_type=None, user=None):
        self.calls.append(("follow_up", chat, urn, intent, channel, chat_type, user))
        return Answer(intent=intent, text="Ofsted: Good (2023)", html="<b>Ofsted</b>: Good (2023)",
                      schools=[urn], follow_ups=["results"])

    def card(self, urn):
        self.calls.append(("card", urn))
        return card(urn)

    def notes(self, urns, intent):
        self.calls.append(("notes", urns, intent))
        text = "<b>Notes — Tomlinscote School</b>\n• There were no exams in 2020 and 2021 (COVID)."
        return Answer(intent=intent, text=text, html=text, schools=urns, notes=["no exams"])

    def search(self, query, limit=10, **who):
        self.calls.append(("search", query, limit))
        return [card(140117), card(140118, "Tomlinscote Annexe")][:limit]

    def feedback(self, question_id, useful, comment=None):
        self.calls.append(("feedback", question_id, useful, comment))

    def forget(self, user, chat=None):
        self.calls.append(("forget", user, chat))
        return 3

    def privacy(self):
        text = "<b>Privacy</b>\nEverything is deleted after 90 days."
        return Answer(intent="privacy", text=text, html=text)


class Harness:
    """The fake server, the Application and the core of one test."""

    def __init__(self, fake: FakeTelegram, app, core, errors: list) -> None:
        self.fake, self.app, self.core, self.errors = fake, app, core, errors

    async def send(self, update: dict) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))


@asynccontextmanager
async def running_app(fake: FakeTelegram, core) -> AsyncIterator[Harness]:
    """An initialised Application on `core` talking to `fake`; handler errors must stay empty."""
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url)
    app = build_application(settings, core)
    errors: list = []

    async def collect(update, context):
        errors.append(context.error)

    app.add_error_handler(collect)
    async with app:
        yield Harness(fake, app, core, errors)
    assert errors == []


def buttons(message: dict) -> list[dict]:
    """The inline buttons of a sent message, row by row."""
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [b for row in markup["inline_keyboard"] for b in row]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that is free now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
