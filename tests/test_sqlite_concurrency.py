"""An ingest never blocks the bot (issue 9): on SQLite the records and the bot's own state are two
files, so a process answering during an ingest's long write transaction neither waits nor loses
a logged question; and the question log's retry queue is a spool file that survives a restart."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from sqlalchemy import event, func, select, text
from sqlalchemy.exc import OperationalError

from bot.core import Schoolbot
from bot.db import make_engine, migrate, state_path
from bot.demo import ensure_data
from bot.questionlog.models import LoggedQuestion
from bot.questionlog.spool import spool_path
from tests.helpers.paths import REPO_ROOT

QUESTIONS = [
    "Oakfield Junior ofsted", "is Kestlewick School any good", "primary schools in Brindlecombe",
    "how did Oakfield Junior do in SATs?", "compare Oakfield Infant and Oakfield Junior",
    "pupils at St John the Baptist CofE Primary Kestlewick", "what is progress 8",
]

ASKER = r"""
import json, sqlite3, sys, time
started = time.perf_counter()
from bot.core import Schoolbot, settle_heap
from bot.db import make_engine

url, records, count, questions = sys.argv[1], sys.argv[2], int(sys.argv[3]), json.loads(sys.argv[4])
probe = sqlite3.connect(records, timeout=0, isolation_level=None)

def ingest_holds_the_lock() -> bool:
    try:
        probe.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError:
        return True
    probe.execute("ROLLBACK")
    return False

bot = Schoolbot(make_engine(url))
settle_heap()  # as `schoolbot run` does
out = {"startup_s": time.perf_counter() - started, "locked_at_start": ingest_holds_the_lock(),
       "asked": []}
for i in range(count):
    locked = ingest_holds_the_lock()
    t0 = time.perf_counter()
    answer = bot.ask(questions[i % len(questions)], chat=f"c{i % 7}", channel="concurrency")
    out["asked"].append([time.perf_counter() - t0, answer.question_id, answer.outcome, locked])
    time.sleep(0.01)
print(json.dumps(out))
"""


def locked(records: Path) -> bool:
    """True while another connection holds the write lock on the records file."""
    probe = sqlite3.connect(records, timeout=0, isolation_level=None)
    try:
        probe.execute("BEGIN IMMEDIATE")
        probe.execute("ROLLBACK")
        return False
    except sqlite3.OperationalError:
        return True
    finally:
        probe.close()


def env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(REPO_ROOT), "LOG_HASH_KEY": "concurrency-test-key-0123456789"}


@pytest.mark.real
@pytest.mark.slow
def test_answers_and_logging_do_not_wait_for_an_ingest_of_the_real_folder(real_data, tmp_path):
    records = tmp_path / "schoolbot.db"
    url = f"sqlite:///{records}"
    engine = make_engine(url)
    migrate(engine)
    ensure_data(engine)  # the bot answers from the demo while the real folder goes in
    engine.dispose()
    schoolbot = [sys.executable, "-c", "from bot.cli import main; main()"]  # `schoolbot`
    ingest = subprocess.Popen([*schoolbot, "ingest", str(real_data), "--db", url, "--quiet"],
                              cwd=REPO_ROOT, env=env(), stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 120
        while not locked(records):
            assert ingest.poll() is None and time.monotonic() < deadline, "the ingest never wrote"
            time.sleep(0.02)
        asker = subprocess.run(
            [sys.executable, "-c", ASKER, url, str(records), "200", json.dumps(QUESTIONS)],
            cwd=REPO_ROOT, env=env(), capture_output=True, text=True, timeout=300)
        assert asker.returncode == 0, asker.stderr
        out, err = ingest.communicate(timeout=300)
    finally:
        if ingest.poll() is None:
            ingest.kill()
    assert ingest.returncode == 0, err
    result = json.loads(asker.stdout)
    asked = result["asked"]
    slowest = max(t for t, *_ in asked)
    during = sum(1 for *_, was_locked in asked if was_locked)
    print(f"start-up {result['startup_s']:.2f} s; slowest answer {slowest * 1000:.0f} ms; "
          f"{during} of {len(asked)} questions asked while the ingest held its write lock")
    print(sorted(((round(t * 1000), i, lk, q) for i, (t, _, q, lk) in enumerate(asked)), reverse=True)[:12])
    assert result["locked_at_start"], "the asker started after the ingest, not during it"
    assert during >= 100, "too few questions overlapped the ingest to show anything"
    assert slowest < 0.25
    assert all(qid and outcome != "error" for _, qid, outcome, _ in asked)
    engine = make_engine(url)
    with engine.connect() as conn:
        ids = set(conn.scalars(select(LoggedQuestion.id).where(LoggedQuestion.channel == "concurrency")))
        schools = conn.execute(text("SELECT COUNT(*) FROM schools WHERE demo = 0")).scalar_one()
    engine.dispose()
    assert ids == {qid for _, qid, _, _ in asked}, "every question logged"
    assert schools > 1000, "the ingest went in"


def test_starting_and_answering_do_not_write_to_the_records_file(tmp_path):
    """A bot starting and answering holds no write lock on the records file: its writes (log,
    context, purge) go to the state file beside it."""
    records = tmp_path / "schoolbot.db"
    engine = make_engine(f"sqlite:///{records}")
    migrate(engine)
    ensure_data(engine)
    engine.dispose()
    holder = sqlite3.connect(records, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")  # as an ingest does, for the whole test
    try:
        engine = make_engine(f"sqlite:///{records}")
        migrate(engine)  # at the newest schema already: reads only
        t0 = time.perf_counter()
        bot = Schoolbot(engine)
        answers = [bot.ask(q, chat="c", user="42") for q in QUESTIONS]
        elapsed = time.perf_counter() - t0
        assert all(a.question_id for a in answers)
        assert bot.forget("42", chat="c") == len(QUESTIONS)
        assert elapsed < 5, "something waited for the records file's write lock"
        engine.dispose()
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert state_path(records).exists()


def test_a_bot_answers_when_its_state_file_cannot_be_opened(tmp_path, caplog):
    records = tmp_path / "schoolbot.db"
    engine = make_engine(f"sqlite:///{records}")
    migrate(engine)
    ensure_data(engine)
    engine.dispose()
    state_path(records).unlink()
    state_path(records).mkdir()  # a folder where the state file should be: it cannot be opened
    engine = make_engine(f"sqlite:///{records}")
    bot = Schoolbot(engine)
    answer = bot.ask("Oakfield Junior ofsted", chat="c")
    assert answer.outcome == "answered" and "Oakfield Junior" in answer.text
    assert answer.question_id is None and "state file" in caplog.text
    assert bot.log.pending == 1, "the question waits in the spool"
    engine.dispose()
    state_path(records).rmdir()  # the state file can be made again: the question is written
    engine = make_engine(f"sqlite:///{records}")
    assert Schoolbot(engine).log.pending == 0 and logged(engine)
    engine.dispose()


def test_the_state_moves_to_its_own_file_when_an_old_database_is_migrated(tmp_path):
    """A database from before the state file: its question log and conversations move across
    on the first migration; the records file keeps only records."""
    from alembic import command

    from bot.db import alembic_config

    from bot.answer import Answer
    from bot.questionlog import QuestionLog
    from bot.settings import Settings

    records = tmp_path / "old.db"
    engine = make_engine(f"sqlite:///{records}")
    command.upgrade(alembic_config(engine), "0002")
    log = QuestionLog(engine, Settings(_env_file=None))  # today's code logs into the old layout
    asked = [log.record(text=q, answer=Answer(intent="overview", text="", schools=[990001]), channel="api",
                        chat_type=None, user="u", latency_ms=1.0) for q in QUESTIONS[:3]]
    with engine.connect() as conn:
        main = {r[0] for r in conn.exec_driver_sql("SELECT name FROM main.sqlite_master")}
    assert "question_log" in main  # the old layout: the log beside the records
    migrate(engine)
    engine.dispose()
    plain = sqlite3.connect(records)
    tables = {r[0] for r in plain.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    plain.close()
    assert not tables & {"question_log", "question_log_schools", "conversations"}
    state = sqlite3.connect(state_path(records))
    moved = {r[0] for r in state.execute("SELECT id FROM question_log")}
    state.close()
    assert moved == set(asked) and None not in moved


# ---- the retry queue survives a restart --------------------------------------------------------


def logged(engine) -> set[str]:
    with engine.connect() as conn:
        return set(conn.scalars(select(LoggedQuestion.id)))


def test_questions_spooled_during_an_outage_are_written_after_a_restart(demo_db_url):
    """The log's writes fail (the database is down for them); the questions wait in the spool
    file, already redacted; a new bot on the same database writes them at start."""
    engine = make_engine(demo_db_url)
    before = logged(engine)

    @event.listens_for(engine, "before_cursor_execute")
    def _down(_conn, _cursor, statement, *_args):
        if "question_log" in statement and statement.lstrip().upper().startswith("INSERT"):
            raise OperationalError(statement, {}, Exception("server closed the connection"))

    first = Schoolbot(engine)
    texts = ["my son Jack wants Oakfield Junior, call 07700 900123", "Kestlewick School ofsted",
             "email me at jo.bloggs@example.com about Oakfield Infant"]
    answers = [first.ask(t, chat="c", user="987654321") for t in texts]
    assert all(a.question_id is None and a.outcome != "error" for a in answers)
    spool = spool_path(engine)
    assert first.log.pending == len(texts) and spool.exists()
    content = spool.read_text()
    for token in ("Jack", "07700", "900123", "jo.bloggs", "example.com", "987654321"):
        assert token not in content, f"{token!r} reached the spool file"
    engine.dispose()  # the process ends

    engine = make_engine(demo_db_url)  # a new process: no in-memory state survives
    second = Schoolbot(engine)
    assert second.log.pending == 0 and spool.read_text() == ""
    with engine.connect() as conn:
        stored = conn.execute(select(LoggedQuestion.text).where(
            LoggedQuestion.id.not_in(before))).scalars().all()
    assert len(stored) == len(texts)
    assert any("Kestlewick" in t for t in stored)
    engine.dispose()


KILLED = r"""
import os, signal, sys
from bot.core import Schoolbot
from bot.db import make_engine
bot = Schoolbot(make_engine(sys.argv[1]))
for i in range(int(sys.argv[2])):
    assert bot.ask(f"Oakfield Junior ofsted {i}", chat="k").question_id is None
print(bot.log.pending, flush=True)
os.kill(os.getpid(), signal.SIGKILL)  # no clean exit: what was spooled is on disk already
"""


def test_the_spool_survives_kill_9(tmp_path):
    records = tmp_path / "schoolbot.db"
    url = f"sqlite:///{records}"
    engine = make_engine(url)
    migrate(engine)
    ensure_data(engine)
    engine.dispose()
    state = sqlite3.connect(state_path(records))
    state.execute("CREATE TRIGGER refuse BEFORE INSERT ON question_log "
                  "BEGIN SELECT RAISE(ABORT, 'disk I/O error'); END")
    state.commit()
    run = subprocess.run([sys.executable, "-c", KILLED, url, "4"], cwd=REPO_ROOT, env=env(),
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == -signal.SIGKILL and run.stdout.strip() == "4", run.stderr
    state.execute("DROP TRIGGER refuse")  # the database is back
    state.commit()
    state.close()
    engine = make_engine(url)
    bot = Schoolbot(engine)
    with engine.connect() as conn:
        count = conn.scalar(select(func.count()).select_from(LoggedQuestion))
    assert count == 4 and bot.log.pending == 0
    assert bot.ask("Kestlewick School", chat="k").question_id
    engine.dispose()
