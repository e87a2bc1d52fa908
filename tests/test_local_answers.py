"""Local answers: written by the people responsible, served by the core after its own "not in
open data" line — the most specific live one, attributed, dated, linked, escaped, length limited —
and managed with `schoolbot answers` (add, list, edit, retire, load)."""

from __future__ import annotations

import json
import random
import re
import sqlite3
from datetime import UTC, date, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import text

from bot.cli import main
from bot.core import Schoolbot
from bot.db import STATE, make_engine, migrate, state_path
from bot.questionlog import build_review
from bot.questionlog.local_answers import MAX_TEXT, LocalAnswerError, LocalAnswers
from bot.render import knowledge
from bot.settings import Settings

KESTLEWICK, MARROWBY_HIGH = 990022, 990023  # demo schools of the fictional LA 999
NOW = datetime.now(UTC).replace(tzinfo=None)


@pytest.fixture
def demo(demo_db_url):
    engine = make_engine(demo_db_url)
    with engine.begin() as conn:  # each test starts with no answer and no logged question
        for table in ("local_answers", "question_log_schools", "question_log"):
            conn.execute(text(f"DELETE FROM {table}"))
    yield engine
    engine.dispose()


@pytest.fixture
def bot(demo):
    return Schoolbot(demo, Settings(_env_file=None, log_hash_key="k" * 40))


def add(engine, **kw):
    values = {"topic": "transport", "text": "Buses run from the town centre.", "by": "Demoshire Council",
              "source": "https://demoshire.example/transport"} | kw
    return LocalAnswers(engine).add(**values)


def test_the_most_specific_live_answer_follows_the_open_data_line(demo, bot):
    england = add(demo, by="Parents of England", text="Ask your council for its travel policy.")
    la = add(demo, la=999, text="Free buses to every Demoshire secondary; apply by 31 May.")
    school = add(demo, urn=KESTLEWICK, by="Kestlewick School", text="Our minibus leaves Tollbridge at 7.50.")
    own = knowledge("measures")["unanswerable"]["transport"]["text"]
    cases = {"is there a school bus to Kestlewick School": school, "is there a school bus to Marrowby High School": la,
             "is there a school bus in Tollbridge": la, "is there a school bus": england}
    for question, expected in cases.items():
        answer = bot.ask(question)
        assert answer.topic == "transport" and answer.local_answer["id"] == expected.id, question
        assert answer.text.index(own[:40]) < answer.text.index(f"From {expected.by}, {expected.dated:%-d %B %Y}")
        assert expected.text in answer.text and expected.source in answer.text
        assert f'<a href="{expected.source}">' in answer.html
    assert bot.ask("is there a school bus in Tollbridge").la_code == 999, "the place's LA, for the review"
    assert bot.ask("how did Kestlewick School do in GCSEs?").local_answer is None, "never instead of figures"
    assert bot.ask("term dates at Kestlewick School").local_answer is None, "only for its topic"


def test_expired_and_retired_answers_are_not_served(demo, bot):
    store = LocalAnswers(demo)
    old = add(demo, la=999, text="The old timetable.", expires=NOW.date() + timedelta(days=3))
    new = add(demo, la=999, text="The new timetable.")
    assert bot.ask("school bus to Kestlewick School").local_answer["id"] == new.id, "the newest of equals"
    store.retire(new.id)
    assert bot.ask("school bus to Kestlewick School").local_answer["id"] == old.id
    bot.local_answers.clock = lambda: NOW + timedelta(days=4)
    assert bot.ask("school bus to Kestlewick School").local_answer is None, "expired"
    assert store.get(old.id).live(NOW.date()) and not store.get(old.id).live(NOW.date() + timedelta(days=4))


def test_a_topic_is_read_as_questions_are_and_a_themes_words_answer_where_they_are_asked(demo, bot):
    clubs = add(demo, topic="breakfast · club", la=999, by="Demoshire Family Information Service",
                text="Most Demoshire schools run a breakfast club from 7.45.", source="https://demoshire.example/fis")
    assert clubs.topic == "wraparound_care", "the theme's words name a topic: the topic its questions get"
    assert bot.ask("does Marrowby High School have a breakfast club").local_answer["id"] == clubs.id
    prom = add(demo, topic="prom", la=999, text="Proms are run by each school's PTA; see its newsletter.")
    assert prom.topic == "prom", "words that name no topic: a theme's words"
    served = bot.ask("is there bullying at the prom at Marrowby High School").local_answer
    assert served and served["id"] == prom.id, "a question open data cannot answer, with the theme's words"
    assert bot.ask("is there bullying at Marrowby High School").local_answer is None, "not its words"


def test_the_operators_text_is_plain_text_escaped_and_limited(demo, bot):
    hostile = '<b>Free</b> <a href="javascript:alert(1)">buses</a> & <script>x</script>\x00\u202e'
    add(demo, la=999, text=hostile, by="<i>Council</i>")
    answer = bot.ask("is there a school bus to Kestlewick School")
    own_tags = re.compile(r'</?b>|<a href="https://demoshire\.example/transport">|</a>')
    assert "<" not in own_tags.sub("", answer.html), "every tag in the html is Schoolbot's own"
    assert "&lt;b&gt;Free&lt;/b&gt;" in answer.html and "&lt;i&gt;Council&lt;/i&gt;" in answer.html
    assert "<script>x</script>" in answer.text, "the plain text says it as written"
    assert "\x00" not in answer.text + answer.html and "\u202e" not in answer.text, "no control or bidi characters"
    for bad, said in [({"text": "x" * (MAX_TEXT + 1)}, "at most 600"), ({"text": " \n "}, "empty"),
                      ({"source": "javascript:alert(1)"}, "not a web address"), ({"source": "www.x.org"}, "not a web"),
                      ({"expires": date(2020, 1, 1)}, "already past"), ({"la": 12}, "three digits"),
                      ({"la": 123}, "no school in that LA"), ({"urn": 1}, "no school with that URN"),
                      ({"urn": KESTLEWICK, "la": 998}, "is in LA 999"), ({"topic": "the of and"}, "neither a topic"),
                      ({"by": " "}, "who answers")]:
        with pytest.raises(LocalAnswerError, match=said):
            add(demo, **bad)
    assert add(demo, text="a" * MAX_TEXT).text == "a" * MAX_TEXT


def test_json_carries_the_local_answer(demo_db_url, demo):
    add(demo, la=999)
    result = CliRunner().invoke(main, ["ask", "--db", demo_db_url, "--json", "is there a school bus in Tollbridge"])
    data = json.loads(result.output)
    assert data["la_code"] == 999 and data["local_answer"]["by"] == "Demoshire Council"
    assert set(data["local_answer"]) == {"id", "topic", "scope", "la_code", "urn", "by", "source", "date", "text"}
    assert data["local_answer"]["scope"] == "la" and data["outcome"] == "unanswerable"


def test_feedback_on_a_local_answer_counts_for_it_in_the_review(demo, bot):
    answer_id = add(demo, la=999).id
    rng = random.Random(4)
    for _ in range(12):
        asked = bot.ask("is there a school bus to Kestlewick School", user=str(rng.random()))
        bot.feedback(asked.question_id, useful=True)
    [row] = [r for r in build_review(demo, la=999, today=NOW.date() + timedelta(days=7)).local
             if r.answer.id == answer_id]
    assert abs(row.served - 12) <= 4 and abs(row.useful - 12) <= 4 and row.not_useful == 0


def test_commands_add_list_edit_retire(demo_db_url, demo):
    runner = CliRunner()

    def run(*args):
        return runner.invoke(main, ["answers", *args, "--db", demo_db_url])

    result = run("add", "--topic", "school bus", "--la", "999", "--by", "Demoshire Council",
                 "--source", "https://demoshire.example/t", "--text", "Buses.", "--expires", "2099-01-31")
    assert result.exit_code == 0 and "Added local answer" in result.output and "transport for LA 999" in result.output
    answer_id = int(re.search(r"local answer (\d+)", result.output).group(1))
    result = run("edit", str(answer_id), "--text", "Buses at 7.50.", "--no-expiry")
    assert result.exit_code == 0 and "until" not in result.output
    assert LocalAnswers(demo).get(answer_id).text == "Buses at 7.50."
    result = run("list")
    assert result.exit_code == 0 and "live" in result.output and "Demoshire" in result.output
    result = run("retire", str(answer_id))
    assert result.exit_code == 0 and "Retired" in result.output and LocalAnswers(demo).get(answer_id).retired
    for args, said in [(("add", "--topic", "transport", "--la", "998", "--by", "X Council", "--source",
                         "https://x.org", "--text", "x"), "no school in that LA"),
                       (("edit", "4242", "--text", "x"), "no local answer 4242"),
                       (("edit", str(answer_id), "--text", "x"), "retired"),
                       (("add", "--topic", "transport", "--by", "X Council", "--source", "https://x.org", "--text", "x",
                         "--expires", "2001-01-01"), "already past")]:
        result = run(*args)
        assert result.exit_code == 1 and said in result.output, (args, result.output)


def test_a_council_keeps_its_answers_in_a_file(demo_db_url, demo, tmp_path):
    path = tmp_path / "answers.yaml"
    path.write_text("by: Demoshire Council\nla: 999\nsource: https://demoshire.example\nanswers:\n"
                    "  - {topic: transport, text: Buses run.}\n"
                    "  - {topic: term dates, text: Term dates are on our site., expires: 2099-07-31}\n"
                    "  - {topic: breakfast club, school: 990022, by: Kestlewick School, text: From 7.45.}\n",
                    encoding="utf-8")
    runner = CliRunner()
    load = ["answers", "load", str(path), "--db", demo_db_url]
    assert "3 added, 0 updated, 0 unchanged" in runner.invoke(main, load).output
    assert "0 added, 0 updated, 3 unchanged" in runner.invoke(main, load).output
    path.write_text(path.read_text().replace("Buses run.", "Buses run at 7.50.").replace(
        "  - {topic: term dates, text: Term dates are on our site., expires: 2099-07-31}\n", ""), encoding="utf-8")
    result = runner.invoke(main, [*load, "--replace"])
    assert "0 added, 1 updated, 1 unchanged, 1 retired" in result.output, result.output
    live = {a.topic: a for a in LocalAnswers(demo).list(retired=False)}
    assert set(live) == {"transport", "wraparound_care"} and live["transport"].text == "Buses run at 7.50."
    before = LocalAnswers(demo).list()
    for bad, said in [("answers:\n  - {topic: transport, text: x, by: Y Council, source: ftp://x}\n", "answer 1"),
                      ("answers:\n  - {topic: uniform, text: x, by: Y Council, source: https://x.org, la: 999}\n"
                       "  - {topic: uniform, text: y, by: Y Council, source: https://x.org, la: 999}\n", "two answers"),
                      ("answers:\n  - {topic: uniform, txt: x}\n", "unknown key"), ("[1, 2", "not a YAML"),
                      ("answers: []\n", "a list of answers")]:
        path.write_text(bad, encoding="utf-8")
        result = runner.invoke(main, load)
        assert result.exit_code == 1 and said in result.output, (bad, result.output)
    assert LocalAnswers(demo).list() == before, "a bad file changes nothing"


def test_operators_are_named_by_keyed_hash(tmp_path, monkeypatch):
    from bot.questionlog.hashing import operator_hash

    monkeypatch.setenv("LOG_HASH_KEY", "x" * 40)
    from bot.settings import get_settings
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["answers", "operator", "424242", "--la", "936", "--by", "Surrey CC"])
    finally:
        get_settings.cache_clear()
    entry = json.loads(result.stdout.splitlines()[0])
    assert entry == {operator_hash("x" * 40, "424242"): {"la": 936, "by": "Surrey CC"}}
    assert "424242" not in result.stdout and operator_hash("y" * 40, "424242") not in entry


def test_an_older_state_file_gains_local_answers(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    migrate(engine)
    with engine.begin() as conn:  # as a state file of before this change: no table, no column
        conn.exec_driver_sql(f"DROP TABLE {STATE}.local_answers")
        conn.exec_driver_sql(f"ALTER TABLE {STATE}.question_log DROP COLUMN local_answer_id")
        conn.exec_driver_sql("UPDATE alembic_version SET version_num = '0004'")  # the one before
    engine.dispose()
    con = sqlite3.connect(state_path(tmp_path / "old.db"))
    assert "local_answers" not in {r[0] for r in con.execute("SELECT name FROM sqlite_master")}
    con.close()
    engine = make_engine(url)
    migrate(engine)
    with engine.connect() as conn:
        columns = {r[1] for r in conn.exec_driver_sql(f"PRAGMA {STATE}.table_info(question_log)")}
        assert "local_answer_id" in columns
        assert conn.exec_driver_sql(f"SELECT count(*) FROM {STATE}.local_answers").scalar() == 0
    assert LocalAnswers(engine).add(topic="uniform", text="x", by="Y School", source="https://y.org").id == 1
