"""Operators on Telegram (issue 12, item 5): the people named in OPERATORS get this week's summary
for their LA with /review and add a local answer with /answer; nobody else gets either. Through
the real core on the demo data, against the fake Bot API."""

from __future__ import annotations

import html
import random
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import text

from bot.answer import Answer
from bot.core import Schoolbot
from bot.db import make_engine
from bot.questionlog import QuestionLog
from bot.questionlog.hashing import operator_hash
from bot.questionlog.local_answers import LocalAnswers
from bot.settings import Settings
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.telegram_app import buttons, running_app

KEY = "operators-test-" + "k" * 32
OPERATOR, PARENT = 7001, 7002  # Telegram user ids (private chats have the same ids)
KESTLEWICK = 990022
TODAY = datetime.now(UTC).date()
LAST_MONDAY = TODAY - timedelta(days=TODAY.weekday() + 7)


@pytest.fixture
def engine(demo_db_url):
    engine = make_engine(demo_db_url)
    with engine.begin() as conn:
        for table in ("local_answers", "question_log_schools", "question_log"):
            conn.execute(text(f"DELETE FROM {table}"))
    yield engine
    engine.dispose()


def settings() -> Settings:
    return Settings(_env_file=None, log_hash_key=KEY,
                    operators={operator_hash(KEY, str(OPERATOR)): {"la": 999, "by": "Demoshire Council"}})


def seed_weeks(engine) -> None:
    """Four weeks of Demoshire questions: school transport grows in the last one."""
    rng = random.Random(2)
    now = [datetime.combine(LAST_MONDAY, time(9))]
    log = QuestionLog(engine, settings(), clock=lambda: now[0])
    for weeks_ago, buses in ((3, 8), (2, 9), (1, 10), (0, 60)):
        for i in range(buses + 40):
            now[0] = datetime.combine(LAST_MONDAY - timedelta(weeks=weeks_ago), time(8)) + timedelta(
                minutes=rng.randrange(7 * 24 * 60 - 600))
            bus = i < buses
            log.record(text="is there a school bus to Kestlewick School" if bus else "Kestlewick GCSE results",
                       answer=Answer(intent="unanswerable" if bus else "results", text="",
                                     outcome="unanswerable" if bus else "answered",
                                     topic="transport" if bus else None, schools=[KESTLEWICK]),
                       channel="telegram_private", chat_type="private", user=str(i), latency_ms=9)


def shown(message: dict) -> str:
    return html.unescape(message["text"])


async def test_an_operator_reviews_the_week_of_their_la(engine):
    seed_weeks(engine)
    async with FakeTelegram() as fake, running_app(fake, Schoolbot(engine, settings())) as tg:
        await tg.send(fake.message("/review", chat_id=OPERATOR))
        summary = shown(fake.last_message(OPERATOR))
    week = f"{LAST_MONDAY.isocalendar()[0]}-W{LAST_MONDAY.isocalendar()[1]:02d}"
    assert f"Schoolbot — Demoshire (fictional) (LA 999), week {week}" in summary
    assert "What open data could not answer" in summary and "transport" in summary
    line = next(ln for ln in summary.splitlines() if ln.startswith("• transport"))
    assert "growing" in line and "(+" in line, line
    assert "rounded to multiples of 5" in summary


async def test_an_operator_adds_a_local_answer_in_a_short_conversation(engine):
    async with FakeTelegram() as fake, running_app(fake, Schoolbot(engine, settings())) as tg:
        await tg.send(fake.message("/answer", chat_id=OPERATOR))
        menu = fake.last_message(OPERATOR)
        assert "Demoshire (fictional) (LA 999)" in shown(menu) and "from Demoshire Council" in shown(menu)
        assert "ans:transport" in [b["callback_data"] for b in buttons(menu)]
        await tg.send(fake.callback("ans:transport", menu, user_id=OPERATOR))
        prompt = fake.last_message(OPERATOR)
        assert prompt["text"].startswith("New local answer") and "Topic: transport" in shown(prompt)
        assert fake.sent()[-1]["reply_markup"]["force_reply"] is True
        await tg.send(fake.message("Buses only <b>after</b> 3pm", chat_id=OPERATOR, reply_to=prompt))
        assert "Not added: put the link" in shown(fake.sent()[-2]) and "Topic: transport" in shown(fake.sent()[-1])
        await tg.send(fake.message("Free buses run to Kestlewick School from Tollbridge & Marrowby <b>daily</b>.\n"
                                   "https://demoshire.example/transport\nuntil 2099-07-31",
                                   chat_id=OPERATOR, reply_to=fake.last_message(OPERATOR)))
        done = fake.sent()[-1]
        assert "Added local answer #" in shown(done) and "From Demoshire Council, " in shown(done)
        assert "&lt;b&gt;daily&lt;/b&gt;" in done["text"], "the operator's text is escaped, not HTML"
        [added] = LocalAnswers(engine).list()
        assert (added.topic, added.la_code, added.by, str(added.expires)) == (
            "transport", 999, "Demoshire Council", "2099-07-31")
        assert added.source == "https://demoshire.example/transport" and "\n" not in added.text

        await tg.send(fake.message("is there a school bus to Kestlewick School?", chat_id=PARENT))
        parent = shown(fake.last_message(PARENT))
        assert "From Demoshire Council" in parent and "Free buses run to Kestlewick School" in parent

        await tg.send(fake.message("/answer term dates", chat_id=OPERATOR))
        assert "Topic: term_dates" in shown(fake.last_message(OPERATOR)), "a topic in words goes straight on"


async def test_nobody_else_gets_review_or_answer(engine):
    seed_weeks(engine)
    async with FakeTelegram() as fake, running_app(fake, Schoolbot(engine, settings())) as tg:
        await tg.send(fake.message("/review", chat_id=PARENT))
        await tg.send(fake.message("/answer", chat_id=PARENT))
        await tg.send(fake.message("/answer transport", chat_id=PARENT))
        said = [shown(m) for m in fake.sent()]
        assert len(said) == 3 and all(s.startswith("/review and /answer are for the councils") for s in said)
        assert not any(buttons(m) for m in fake.sent()), "no topics offered"
        # Forged steps: a topic button and a reply to a prompt, from someone who is no operator.
        await tg.send(fake.message("/answer", chat_id=OPERATOR))
        menu = fake.last_message(OPERATOR)
        before = len(fake.sent())
        await tg.send(fake.callback("ans:transport", {**menu, "chat": {"id": PARENT, "type": "private"}},
                                    user_id=PARENT))
        assert len(fake.sent()) == before, "no prompt for them"
        prompt = {**menu, "text": "New local answer for Demoshire (LA 999) from Demoshire Council.\nTopic: transport",
                  "chat": {"id": PARENT, "type": "private", "first_name": "Ann"}}
        await tg.send(fake.message("We close all schools.\nhttps://evil.example", chat_id=PARENT, reply_to=prompt))
        assert shown(fake.sent()[-1]).startswith("/review and /answer are for")
        assert LocalAnswers(engine).list() == [], "nothing added"
        # In a group: an operator is sent to a private chat, anyone else is ignored.
        await tg.send(fake.message("/review", chat_id=-100900, chat_type="supergroup", user_id=PARENT))
        assert fake.sent()[-1]["chat_id"] != -100900
        await tg.send(fake.message("/review", chat_id=-100900, chat_type="supergroup", user_id=OPERATOR))
        group = fake.sent()[-1]
        assert group["chat_id"] == -100900 and "private chat" in shown(group) and "transport" not in shown(group)
