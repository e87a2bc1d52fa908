"""The real `schoolbot run` process, with the real core, against the fake Bot API.

Pointed at the fake through TELEGRAM_API_URL; stopped with SIGTERM, it must exit 0.
"""

from __future__ import annotations

import asyncio
import html
import re
import signal
import socket

import httpx
import pytest
from sqlalchemy import inspect, select, text

from bot.db import STATE, has_state_file, make_engine, session_scope
from bot.models import Figure, School
from tests.helpers.bot_process import running_bot
from tests.helpers.fake_telegram import FakeTelegram

SECRET = "e2e_secret-42"


def buttons(message: dict) -> list[dict]:
    markup = message.get("reply_markup") or {"inline_keyboard": []}
    return [b for row in markup["inline_keyboard"] for b in row]


def schools(db_url: str) -> dict[int, tuple[str, str | None]]:
    """Every school's (name, town) by URN, read from the database."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            rows = session.execute(select(School.urn, School.name, School.town).order_by(School.urn))
            return {urn: (name, town) for urn, name, town in rows}
    finally:
        engine.dispose()


async def test_run_polls_answers_and_stops_cleanly_on_sigterm(db_url, tmp_path):
    async with FakeTelegram() as fake:
        async with running_bot(fake, db_url, tmp_path):
            [(name, _town), *_] = schools(db_url).values()  # demo data, loaded as the DB was empty
            fake.push(fake.message(f"Tell me about {name}"))
            [sent] = await fake.wait_for("sendMessage")
        methods = fake.methods()
        assert methods[:4] == ["getMe", "setMyCommands", "setMyCommands", "deleteWebhook"]
        assert methods[4] == "getUpdates"
        assert sent["chat_id"] == 111 and name.split()[0] in sent["text"]
        last_poll = fake.sent("getUpdates")[-1]
        assert (last_poll["timeout"], last_poll["offset"]) == (0, 2)  # the update was acknowledged


async def test_run_webhook_checks_the_secret_and_stops_on_sigint(db_url, tmp_path):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {"WEBHOOK_URL": "https://bot.example.org/telegram", "WEBHOOK_SECRET": SECRET,
           "WEBHOOK_LISTEN": "127.0.0.1", "WEBHOOK_PORT": str(port)}
    async with FakeTelegram() as fake:
        async with running_bot(fake, db_url, tmp_path, "--webhook", env=env, stop=signal.SIGINT):
            url = f"http://127.0.0.1:{port}/telegram"
            async with httpx.AsyncClient() as client:
                refused = await _post_when_listening(client, url, fake.message("/help"))
                accepted = await client.post(url, json=fake.message("/help"),
                                             headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})
            assert (refused.status_code, accepted.status_code) == (403, 200)
            [sent] = await fake.wait_for("sendMessage")
        assert "Schoolbot" in sent["text"] and len(fake.sent()) == 1
        assert fake.sent("setWebhook")[0]["secret_token"] == SECRET


async def _post_when_listening(client: httpx.AsyncClient, url: str, update: dict) -> httpx.Response:
    """POST once the webhook server accepts connections (it starts just after setWebhook)."""
    for _ in range(100):
        try:
            return await client.post(url, json=update)
        except httpx.ConnectError:
            await asyncio.sleep(0.1)
    raise AssertionError(f"nothing listens on {url}")


def _row_counts(db_url: str) -> dict[str, int]:
    engine = make_engine(db_url)
    try:
        with engine.connect() as conn:
            tables = inspect(conn).get_table_names()
            if has_state_file(engine):  # the question log and context live in the state file
                tables += inspect(conn).get_table_names(schema=STATE)
            return {t: conn.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one() for t in tables}
    finally:
        engine.dispose()


@pytest.fixture
def real_bot_db_url(real_db_url):
    """The shared real-data database, left as found: the bot logs questions and keeps
    conversation state there, so tables that were empty are emptied again afterwards."""
    before = _row_counts(real_db_url)
    yield real_db_url
    after = _row_counts(real_db_url)
    engine = make_engine(real_db_url)
    try:
        with engine.begin() as conn:
            for table in [t for t, n in after.items() if n and not before.get(t)]:
                conn.execute(text(f'DELETE FROM "{table}"'))
    finally:
        engine.dispose()
    changed = {t for t, n in before.items() if n and after.get(t) != n}
    assert not changed, f"the bot changed loaded records in {changed}"


def _figures(db_url: str, name_prefix: str) -> tuple[str, list[float]]:
    """The school's name and its newest KS4 headline figures, read from the database."""
    engine = make_engine(db_url)
    try:
        with session_scope(engine) as session:
            school = session.scalars(select(School).where(School.name.like(f"{name_prefix}%"))).first()
            rows = session.execute(select(Figure.year, Figure.measure, Figure.value).where(
                Figure.area_key == f"school:{school.urn}", Figure.key_stage == "ks4",
                Figure.measure.in_(["att8", "p8", "basics_94", "basics_95"]), Figure.value.is_not(None))).all()
        newest = max(r.year for r in rows)
        return school.name, [r.value for r in rows if r.year == newest]
    finally:
        engine.dispose()


def _shown(value: float, text: str) -> bool:
    forms = {f"{value:.1f}", f"{value:.2f}", f"{value:+.2f}", f"{value:.0f}%"}
    return any(re.search(rf"(?<![\d.]){re.escape(form)}(?!\d)", text) for form in forms)


@pytest.mark.real
@pytest.mark.slow
async def test_real_data_gcse_answer_and_clarification_over_telegram(real_bot_db_url, tmp_path):
    tomlinscote, values = _figures(real_bot_db_url, "Tomlinscote")
    async with FakeTelegram() as fake, running_bot(fake, real_bot_db_url, tmp_path):
        fake.push(fake.message("How did Tomlinscote School do in GCSEs?"))
        [gcse] = await fake.wait_for("sendMessage")
        fake.push(fake.message("St John the Baptist Church of England Primary School"))
        _, choice = await fake.wait_for("sendMessage", 2)
        offered = [b["callback_data"] for b in buttons(choice) if b.get("callback_data", "").startswith("s:")]
        assert len(offered) >= 2, choice["text"]
        chosen = int(offered[0][2:])
        clarification = fake.last_message(111)
        fake.push(fake.callback(offered[0], clarification))
        [edit] = await fake.wait_for("editMessageText")
    assert tomlinscote in html.unescape(gcse["text"])
    assert sum(_shown(v, gcse["text"]) for v in values) >= 3, (values, gcse["text"])
    known = schools(real_bot_db_url)
    (name, town), (_, other_town) = known[chosen], known[int(offered[1][2:])]
    assert edit["message_id"] == clarification["message_id"]
    shown = html.unescape(edit["text"])
    assert name in shown and town in shown and (other_town == town or other_town not in shown)
