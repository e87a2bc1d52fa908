"""Privacy and bounded work along every path: the review and HTML report over a log of the
personal-data corpus, 1 MB messages through every interface, a fuzzed ask -> log -> review ->
export, storage of NUL and lone surrogates, failed writes, /forget, the daily purge, the key
check and the chat history file."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rich.console import Console
from sqlalchemy import func, select as sql_select, text

from bot.answer import Answer
from bot.cli import main
from bot.core import Schoolbot
from bot.db import make_engine
from bot.questionlog import QuestionLog, Review, build_review, export_csv, print_review, render_html
from bot.questionlog.models import LoggedQuestion
from bot.settings import Settings
from bot.telegram.app import purge_daily
from bot.telegram.messages import chat_key
from bot.terminal import run_chat
from tests.helpers.fake_telegram import FakeTelegram
from tests.privacy.corpus import COMMENTS, ORDINARY, corpus, parse
from tests.helpers.telegram_app import running_app

MEGABYTE = "my son Jack Preston 07700 900123 GU16 8PY x@y.com " * 20_000  # ~1 MB
SCHOOLBOT = Path(sys.executable).with_name("schoolbot")
KEY = "k" * 40

NEXT_WEEK = datetime.now(UTC).date() + timedelta(days=7)  # reviews cover weeks that have ended


def settings_for(**extra) -> Settings:
    return Settings(_env_file=None, log_hash_key=KEY, **extra)


def logged(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(sql_select(func.count()).select_from(LoggedQuestion)).scalar()


@pytest.fixture(scope="module")
def demo_engine(demo_db_url):
    engine = make_engine(demo_db_url)
    yield engine
    engine.dispose()


@pytest.fixture(scope="module")
def bot(demo_engine) -> Schoolbot:
    return Schoolbot(demo_engine, settings_for())


# ---- the review and the report show no personal token ----------------------------------------

def _secret_words(items) -> set[str]:
    """Words of personal tokens that are never used as ordinary words anywhere in the corpus."""
    ordinary = Counter()
    for item in items:
        rest = item.text
        for _, token in item.secrets:
            rest = rest.replace(token, " ")
        ordinary.update(w.lower() for w in re.findall(r"\w+", rest))
    ordinary.update(w.lower() for q in ORDINARY for w in re.findall(r"\w+", q))
    secret = set()
    for item in items:
        for kind, token in item.secrets:
            if kind == "postcode":
                continue
            secret.update(w.lower() for w in re.findall(r"\w+", token)
                          if len(w) > 2 and w.lower() not in ordinary)
    return secret


def test_review_and_html_report_show_no_token_of_the_corpus(demo_engine):
    items = corpus()
    qlog = QuestionLog(demo_engine, settings_for())
    comments = [parse(line) for line in COMMENTS.strip().splitlines()] * 4
    for i, item in enumerate(items):
        qid = qlog.record(text=item.text, answer=Answer(intent="unknown", text="", outcome="not_understood"),
                          channel="telegram_private", chat_type="private", user=str(i), latency_ms=5)
        qlog.feedback(qid, False, comment=(comments + items)[i].text)
    review = build_review(demo_engine, today=NEXT_WEEK)
    assert review.total >= len(items) - 8 and any(t.examples for t in review.themes) and review.complaints, \
        "the test must see examples and comments, or it cannot fail"
    out, empty = io.StringIO(), io.StringIO()
    print_review(review, Console(file=out, width=240))
    blank = Review(None, None, weeks=review.weeks)  # the period's dates are the template's words
    print_review(blank, Console(file=empty, width=240))
    template = {w.lower() for w in re.findall(r"\w+", empty.getvalue() + render_html(blank))}
    for shown in (out.getvalue(), render_html(review)):
        words = {w.lower() for w in re.findall(r"\w+", shown)} - template  # e.g. CSS "white-space"
        leaked = sorted(_secret_words(items) & words)
        assert not leaked, leaked
        for item in items:
            for kind, token in item.secrets:
                if kind == "postcode":
                    inward = re.sub(r"\W", "", token)[-3:]
                    assert not re.search(rf"(?i)(?<![a-z0-9]){inward}(?![a-z0-9])", shown), token


# ---- bounded work: 1 MB through every interface -------------------------------------------

def test_a_megabyte_question_is_answered_fast_and_logged_by_the_core(bot, demo_engine):
    before = logged(demo_engine)
    for question in (MEGABYTE, "\x00" * 1_000_000, "a" * 1_000_000, "\ud800" * 500_000 + "Oakfield"):
        started = time.perf_counter()
        answer = bot.ask(question, chat="big", channel="api", user="42")
        assert time.perf_counter() - started < 0.5
        assert answer.question_id
    assert logged(demo_engine) == before + 4
    with demo_engine.connect() as conn:
        stored = conn.execute(sql_select(LoggedQuestion.text, LoggedQuestion.latency_ms)
                              .order_by(LoggedQuestion.asked_at.desc()).limit(4)).all()
    assert all(len(t) <= 1000 and "Jack" not in t and "07700" not in t and "\x00" not in t for t, _ in stored)


def test_a_megabyte_question_through_the_cli(demo_db_url, monkeypatch):
    took: list[float] = []
    ask = Schoolbot.ask

    def timed(self, *args, **kwargs):  # the answer itself, inside the real command
        started = time.perf_counter()
        try:
            return ask(self, *args, **kwargs)
        finally:
            took.append(time.perf_counter() - started)

    monkeypatch.setattr(Schoolbot, "ask", timed)
    result = CliRunner().invoke(main, ["ask", "--json", "--db", demo_db_url, MEGABYTE])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["question_id"]
    assert len(took) == 1 and took[0] < 0.5


def test_megabyte_lines_through_ask_jsonl(demo_db_url):
    proc = subprocess.Popen([str(SCHOOLBOT), "ask", "--jsonl", "--db", demo_db_url], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        def answer(line: str) -> tuple[dict, float]:
            started = time.perf_counter()
            proc.stdin.write((line + "\n").encode())
            proc.stdin.flush()
            reply = proc.stdout.readline()
            return json.loads(reply), time.perf_counter() - started

        answer("Oakfield Infant School")  # start-up
        for line in (json.dumps({"text": MEGABYTE, "chat": "a"}), MEGABYTE, "\\u0000" * 500_000):
            reply, took = answer(line)
            assert took < 0.5 and reply["question_id"]
    finally:
        proc.stdin.close()
        proc.wait(timeout=30)


def test_a_megabyte_line_in_the_terminal_chat(demo_engine):
    lines = iter(["Oakfield Infant School", MEGABYTE, "\x00\x01" * 400_000, "quit"])
    marks: list[float] = []

    def typed(prompt: str) -> str:
        marks.append(time.perf_counter())
        return next(lines)

    printed: list[str] = []
    run_chat(demo_engine, input_fn=typed, print_fn=printed.append)
    answers = [b - a for a, b in zip(marks, marks[1:])]
    assert len(answers) == 3 and max(answers[1:]) < 0.5, answers


async def test_a_megabyte_message_through_the_telegram_adapter(bot, demo_engine):
    """From the update's JSON to the reply sent (no "@" in the text: python-telegram-bot would
    build one entity object per @mention, which Telegram itself caps with the text's length)."""
    before = logged(demo_engine)
    async with FakeTelegram() as fake, running_app(fake, bot) as tg:
        for i, question in enumerate((MEGABYTE.replace("@", " at "), "Oakfield " + "\x00" * 999_990)):
            update = fake.message(question, chat_id=500 + i, user_id=77)
            started = time.perf_counter()
            await tg.send(update)
            assert time.perf_counter() - started < 0.5
        assert len(fake.sent("sendMessage")) == 2
    assert logged(demo_engine) == before + 2


# ---- the whole path, fuzzed ------------------------------------------------------------------

PIECES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["\x00", "\ud800", "\udfff", "@", "a" * 30, "07700 900123", "my son Jack ",
                     "GU16 8PY", "\u202e", "é", "😀", "\n\r\t", "0" * 25, "www.", "Mrs ", "x@y.co",
                     "<b>", "'; DROP TABLE question_log; --", "\ufeff", "\uffff", " "]),
)
MESSAGES = st.builds(lambda parts, n: ("".join(parts) * n)[:1_000_000],
                     st.lists(PIECES, max_size=8), st.integers(1, 60_000))


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                 HealthCheck.data_too_large])
@given(message=MESSAGES)
def test_fuzzed_messages_are_answered_logged_reviewed_and_exported(bot, demo_engine, tmp_path, message):
    before = logged(demo_engine)
    started = time.perf_counter()
    answer = bot.ask(message, chat="fuzz", channel="ask", user="fuzzer")
    assert time.perf_counter() - started < 0.5
    bot.feedback(answer.question_id, False, comment=message)
    assert logged(demo_engine) == before + 1, "every question logged"
    review = build_review(demo_engine, today=NEXT_WEEK)
    render_html(review)
    print_review(review, Console(file=io.StringIO()))
    export_csv(demo_engine, tmp_path / "q.csv", today=NEXT_WEEK)


# ---- storage, failures, forgetting -------------------------------------------------------------

def test_nul_and_lone_surrogates_are_cleaned_before_storage(engine):
    qlog = QuestionLog(engine, settings_for())
    qid = qlog.record(text="is\x00 Oakfield\ud800 good?\udfff", answer=Answer(intent="overview", text=""),
                      channel="api", chat_type=None, user="1", latency_ms=1)
    assert qid and qlog.feedback(qid, False, comment="more\x00 about\ud83d fees")
    with engine.connect() as conn:
        row = conn.execute(sql_select(LoggedQuestion.text, LoggedQuestion.comment)).one()
    assert "\x00" not in row.text + row.comment and not re.search("[\ud800-\udfff]", row.text + row.comment)
    assert "good" in row.text and "fees" in row.comment


def test_a_failed_write_never_prints_the_question(engine, caplog, capsys):
    qlog = QuestionLog(engine, settings_for())
    with engine.begin() as conn:
        conn.execute(text("DROP TABLE question_log_schools"))
        conn.execute(text("DROP TABLE question_log"))
    secret = "Zebedee-Quillfeather 07700 900999 sw1a1aa"
    caplog.set_level(logging.DEBUG)
    assert qlog.record(text=secret, answer=Answer(intent="overview", text=""), channel="api",
                       chat_type=None, user="1", latency_ms=1) is None
    assert qlog.feedback("nope", False, comment=secret) is False
    everything = caplog.text + "".join(
        logging.Formatter().format(r) for r in caplog.records) + "".join(capsys.readouterr())
    assert "write failed" in everything
    for piece in ("Zebedee", "Quillfeather", "900999", "sw1a1aa", "[name]"):
        assert piece not in everything


def test_forget_also_removes_what_is_past_the_retention_window(engine):
    now = [datetime(2026, 6, 1, 12)]
    qlog = QuestionLog(engine, settings_for(log_retention_days=30), clock=lambda: now[0])
    answer = Answer(intent="overview", text="")
    qlog.record(text="old question", answer=answer, channel="api", chat_type=None, user="9", latency_ms=1)
    now[0] += timedelta(days=45)  # a long-running bot: no restart, no purge since
    qlog.record(text="new question", answer=answer, channel="api", chat_type=None, user="9", latency_ms=1)
    qlog.record(text="someone else", answer=answer, channel="api", chat_type=None, user="8", latency_ms=1)
    assert qlog.forget("9") == 1
    with engine.connect() as conn:
        assert list(conn.execute(sql_select(LoggedQuestion.text)).scalars()) == ["someone else"]


async def test_the_running_bot_purges_daily(engine):
    now = [datetime(2026, 6, 1, 12)]
    qlog = QuestionLog(engine, settings_for(log_retention_days=30), clock=lambda: now[0])
    qlog.record(text="old", answer=Answer(intent="overview", text=""), channel="api", chat_type=None,
                user="9", latency_ms=1)
    now[0] += timedelta(days=31)

    class Core:
        log = qlog

    task = asyncio.create_task(purge_daily(Core(), every=0.05))
    for _ in range(100):
        await asyncio.sleep(0.05)
        if logged(engine) == 0:
            break
    task.cancel()
    assert logged(engine) == 0


async def test_forget_in_a_group_forgets_only_the_sender(bot, demo_engine):
    group = -1001234
    async with FakeTelegram() as fake, running_app(fake, bot) as tg:
        await tg.send(fake.message("/school Oakfield Infant School", chat_id=group, chat_type="supergroup",
                                   user_id=501))
        await tg.send(fake.message("/school Kestlewick School", chat_id=group, chat_type="supergroup",
                                   user_id=502))
        await tg.send(fake.message("/forget", chat_id=group, chat_type="supergroup", user_id=501))
        assert "others" in fake.sent()[-1]["text"]
    assert bot.context.load(chat_key(group)).schools, "the group's shared context stays"
    with demo_engine.connect() as conn:
        users = Counter(conn.execute(sql_select(LoggedQuestion.user_hash)
                                     .where(LoggedQuestion.chat_type == "supergroup")).scalars())
    assert len(users) == 1, "only the other member's question is left"


# ---- keys and the chat history -------------------------------------------------------------

@pytest.mark.parametrize("key, says", [("change-me", "default"), ("short-key", "too short")])
def test_run_refuses_a_default_or_short_hash_key(db_url, tmp_path, key, says):
    env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123:abc", "LOG_HASH_KEY": key,
           "TELEGRAM_API_URL": "http://127.0.0.1:9/bot"}
    result = subprocess.run([str(SCHOOLBOT), "run", "--db", db_url], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert says in result.stderr and "LOG_HASH_KEY" in result.stderr and "secrets.token_hex" in result.stderr


def test_chat_history_file_keeps_no_raw_question(demo_db_url, tmp_path):
    history = tmp_path / "history"
    history.write_text("my son Jack Preston, 07700 900123\n")  # an older, raw file
    env = {**os.environ, "SCHOOLBOT_HISTORY": str(history), "TERM": "dumb"}
    pid, fd = pty.fork()
    if pid == 0:  # the child: the real `schoolbot chat` on a terminal
        os.execve(str(SCHOOLBOT), [str(SCHOOLBOT), "chat", "--db", demo_db_url], env)
    output = b""

    def read_until(marker: bytes, timeout: float = 60) -> None:
        nonlocal output
        end = time.monotonic() + timeout
        while marker not in output and time.monotonic() < end:
            if select.select([fd], [], [], 0.5)[0]:
                try:
                    output += os.read(fd, 65536)
                except OSError:
                    return

    read_until(b"you> ")
    os.write(fd, b"is Oakfield Infant School good for my daughter Zainab Okafor? call 07700 900456\r")
    read_until(b"you> ", 30)
    os.write(fd, b"quit\r")
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    assert os.WEXITSTATUS(status) == 0, output.decode(errors="replace")
    saved = history.read_text()
    assert "Oakfield Infant School" in saved and "[name]" in saved
    for secret in ("Zainab", "Okafor", "900456", "Jack", "Preston", "900123"):
        assert secret not in saved
