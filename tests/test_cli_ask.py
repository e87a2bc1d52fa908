"""`schoolbot ask` (text, --json, --jsonl) and `schoolbot chat` over the demo data."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bot.cli import main
from bot.db import make_engine
from bot.terminal import run_chat


def run(args, db_url, stdin=None):
    return CliRunner().invoke(main, [*args, "--db", db_url], input=stdin, catch_exceptions=False)


def test_ask_prints_the_answer(demo_db_url):
    result = run(["ask", "how did Kestlewick School do in GCSEs?"], demo_db_url)
    assert result.exit_code == 0
    assert "Kestlewick School" in result.stdout and "Progress 8" in result.stdout


def test_ask_json_is_one_object(demo_db_url):
    result = run(["ask", "--json", "Oakfield Junior ofsted"], demo_db_url)
    data = json.loads(result.stdout)
    assert data["intent"] == "inspection" and data["schools"] == [990002]


def test_jsonl_keeps_order_and_conversations(demo_db_url):
    lines = [
        json.dumps({"text": "St John the Baptist CofE Primary", "chat": "p1"}),
        "what does SUPP mean?",
        json.dumps({"text": "the one in Brindlecombe", "chat": "p1"}),
        json.dumps({"text": "and Ofsted?", "chat": "p1"}),
        json.dumps({"text": "and Ofsted?", "chat": None}),
        "{not json",
        "",
    ]
    result = run(["ask", "--jsonl"], demo_db_url, stdin="\n".join(lines) + "\n")
    out = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(out) == len(lines)
    assert out[0]["outcome"] == "clarified" and 990003 in out[0]["clarify"]
    assert out[1]["intent"] == "explain"
    assert out[2]["schools"] == [990003]
    assert out[3]["intent"] == "inspection" and out[3]["schools"] == [990003]
    assert out[4]["schools"] == []  # no chat: no context
    assert all(o["outcome"] != "error" for o in out)


def test_ask_needs_a_question_or_jsonl(demo_db_url):
    result = CliRunner().invoke(main, ["ask", "--db", demo_db_url])
    assert result.exit_code == 2 and "QUESTION" in result.output


def test_bad_database_url_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(main, ["ask", "hello", "--db", "nosuchdb://x"])
    assert result.exit_code != 0 and "nosuchdb" in result.output


def test_chat_answers_numbers_follow_ups_and_quits(demo_db_url):
    said = iter(["St John the Baptist CofE Primary", "2", "and Ofsted?", "quit"])
    printed: list[str] = []
    run_chat(make_engine(demo_db_url), input_fn=lambda _prompt: next(said), print_fn=printed.append)
    text = "\n".join(printed)
    assert "Which one" in text and "Kestlewick" in text
    assert "Ofsted" in text.split("Type a number to choose.")[-1]


def test_a_bad_setting_is_a_clear_error(monkeypatch):
    from bot.settings import get_settings

    monkeypatch.setenv("LOG_KEY_PERIOD", "fortnight")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["stats"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "LOG_KEY_PERIOD" in result.output
