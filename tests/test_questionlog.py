"""The question log: what a row holds, feedback, /forget across key rotations, retention, outages."""

import logging
from datetime import datetime, timedelta

import pytest
from sqlalchemy import event, select, text
from sqlalchemy.exc import OperationalError

from bot.answer import Answer
import bot.answers as A
from bot.questionlog import QuestionLog, privacy_terms
from bot.questionlog.models import LoggedQuestion, LoggedSchool
from bot.settings import Settings

T0 = datetime(2026, 1, 5, 9, 30)  # a Monday


class Clock:
    """A settable "now" for the log."""

    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_log(engine, clock, period="day", days=90):
    settings = Settings(log_hash_key="test-secret", log_key_period=period, log_retention_days=days)
    return QuestionLog(engine, settings, clock=clock)


def ask(log, user="987654321", text="is Oakwood good?", **answer):
    fields = {"intent": "overview", "text": "…", "schools": [100001], "outcome": "answered",
              "topic": "overview", "confidence": 0.93} | answer
    return log.record(text=text, answer=Answer(**fields), channel="telegram_private",
                      chat_type="private", user=user, latency_ms=41.6, la_codes=[850])


def rows(engine):
    with engine.connect() as conn:
        return conn.execute(select(LoggedQuestion).order_by(LoggedQuestion.asked_at)).all()


def test_record_stores_the_answer_facts_redacted_and_without_ids(engine):
    log = make_log(engine, Clock(T0))
    qid = ask(log, user="987654321",
              text="my son Jack (07700 900123) lives at RG22 4AB: catchment for Oakwood?",
              intent="admissions", outcome="unanswerable", topic="admissions", schools=[100001, 100002])
    assert qid
    (row,) = rows(engine)
    assert row.id == qid
    assert (row.channel, row.chat_type, row.intent, row.topic, row.outcome) == (
        "telegram_private", "private", "admissions", "admissions", "unanswerable")
    assert row.confidence == pytest.approx(0.93)
    assert 42 <= row.latency_ms < 542, "the answer's latency plus the time redaction took"
    assert row.text == "my son [name] ([phone]) lives at RG22: catchment for [name]?", \
        "no school of that name in the records: masked"
    assert row.la_code == 850 and str(row.day) == "2026-01-05" and row.week == "2026-W02"
    assert row.user_hash and "987654321" not in row.user_hash
    with engine.connect() as conn:
        assert sorted(conn.execute(select(LoggedSchool.urn)).scalars()) == [100001, 100002]
        dump = " ".join(str(v) for r in conn.execute(text("SELECT * FROM question_log")) for v in r)
    assert "987654321" not in dump and "4AB" not in dump and "Jack" not in dump


def test_la_codes_are_looked_up_when_not_given(engine):
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schools (urn, name, la_code, is_open, demo) "
                          "VALUES (100003, 'Hillside Primary', 851, true, false)"))
    log = make_log(engine, Clock(T0))
    log.record(text="Hillside?", answer=Answer(intent="overview", text="", schools=[100003]),
               channel="ask", chat_type=None, user=None, latency_ms=3)
    (row,) = rows(engine)
    assert row.la_code == 851 and row.user_hash is None


def test_feedback_is_stored_and_the_comment_redacted(engine):
    log = make_log(engine, Clock(T0))
    qid = ask(log)
    assert log.feedback(qid, False)
    assert log.feedback(qid, False, "admission chances for my daughter Amy, mail me a@b.com")
    assert log.feedback(qid, False)  # a later tap keeps the comment
    (row,) = rows(engine)
    assert row.useful is False
    assert row.comment == "admission chances for my daughter [name], mail me [email]"
    assert not log.feedback("0" * 32, True)


def test_forget_deletes_one_persons_questions_across_key_rotations(engine):
    clock = Clock(T0)
    log = make_log(engine, clock, period="day")
    ask(log, user="111")
    clock.now = T0 + timedelta(days=40)  # another day, week and month key
    ask(log, user="111")
    ask(log, user="222")
    hashes = [r.user_hash for r in rows(engine)]
    assert hashes[0] != hashes[1], "the key rotates, so one person's rows are not linkable"
    clock.now = T0 + timedelta(days=60)
    assert log.forget("111") == 2
    assert [r.user_hash for r in rows(engine)] == [hashes[2]]
    with engine.connect() as conn:
        assert conn.execute(select(LoggedSchool.question_id)).scalars().all() == [rows(engine)[0].id]
    assert log.forget("111") == 0


def test_forget_works_after_the_key_period_setting_changes(engine):
    clock = Clock(T0)
    ask(make_log(engine, clock, period="month"), user="111")
    assert make_log(engine, clock, period="week").forget("111") == 1


def test_purge_enforces_the_retention_window(engine):
    clock = Clock(T0)
    log = make_log(engine, clock, days=90)
    ask(log, text="old question")
    clock.now = T0 + timedelta(days=89)
    ask(log, text="recent question")
    assert log.purge(now=T0 + timedelta(days=90, hours=1)) == 1
    assert [r.text for r in rows(engine)] == ["recent question"]
    with engine.connect() as conn:
        assert len(conn.execute(select(LoggedSchool.id)).all()) == 1
    assert log.purge(now=T0 + timedelta(days=90, hours=1)) == 0


def test_logging_survives_a_database_outage_and_catches_up(engine, caplog):
    log = make_log(engine, Clock(T0))
    down = {"on": False}

    @event.listens_for(engine, "before_cursor_execute")
    def _fail(*_args):
        if down["on"]:
            raise OperationalError("INSERT", {}, Exception("server closed the connection"))

    down["on"] = True
    with caplog.at_level(logging.ERROR, logger="bot.questionlog"):
        assert ask(log, user="111", text="asked during the outage, my son Jack") is None
        assert ask(log, user="222", text="also during the outage") is None
    assert log.pending == 2
    assert any("write failed" in r.getMessage() for r in caplog.records), "the failure is reported"
    assert not log.feedback("0" * 32, True)  # feedback fails quietly too

    down["on"] = False
    qid = ask(log, user="333", text="after the outage")
    assert qid and log.pending == 0
    assert sorted(r.text for r in rows(engine)) == [
        "after the outage", "also during the outage", "asked during the outage, my son [name]"]


def test_forget_also_drops_questions_still_waiting_in_memory(engine):
    log = make_log(engine, Clock(T0))
    ask(log, user="111")

    @event.listens_for(engine, "before_cursor_execute")
    def _fail(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith("INSERT"):
            raise OperationalError(statement, {}, Exception("disk full"))

    assert ask(log, user="111") is None and log.pending == 1
    assert log.forget("111") == 2
    assert log.pending == 0 and rows(engine) == []


def test_retry_queue_is_bounded(engine):
    log = make_log(engine, Clock(T0))

    @event.listens_for(engine, "before_cursor_execute")
    def _fail(*_args):
        raise OperationalError("INSERT", {}, Exception("down"))

    for _ in range(600):
        assert ask(log) is None
    assert log.pending == 500


def test_a_bad_key_period_is_refused(engine):
    with pytest.raises(ValueError, match="log_key_period"):
        make_log(engine, Clock(T0), period="fortnight")


def test_privacy_notice_states_the_configured_rotation_and_retention():
    notice = A.privacy(**privacy_terms(Settings(log_key_period="week", log_retention_days=30))).text
    assert "every week" in notice and "for 30 days" in notice and "/forget" in notice
