"""Commands `schoolbot ask` and `schoolbot chat`: the core answering from the terminal."""

from __future__ import annotations

import json
import sys

import click

from bot.cli.options import db_option, open_engine


def _bot(db_url: str | None, *, many: bool):
    """The core on the database; `many`: ready for many questions (warmed up, the heap settled),
    else for the one question (nothing loaded that it does not need)."""
    from bot.core import Schoolbot, settle_heap
    from bot.db import is_empty

    engine = open_engine(db_url)
    if is_empty(engine):  # (the demo module, only then)
        from bot.demo import ensure_data

        ensure_data(engine)
    bot = Schoolbot(engine, warm=many)
    if many:
        settle_heap()
    return bot


def _parse_line(line: str) -> tuple[str, str | None]:
    """A jsonl input line: a JSON object {"text", "chat"} or plain text."""
    stripped = line.strip()
    if stripped.startswith("{"):
        try:
            obj = json.loads(stripped)
        except json.JSONDecodeError:
            return stripped, None
        if isinstance(obj, dict):
            chat = obj.get("chat")
            return str(obj.get("text") or ""), (None if chat is None else str(chat))
    return stripped, None


@click.command()
@click.argument("question", required=False)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object instead of text.")
@click.option("--jsonl", is_flag=True, help="Read one question per line from stdin; write one JSON object per line.")
@db_option
def ask(question: str | None, as_json: bool, jsonl: bool, db_url: str | None) -> None:
    """Answer QUESTION (or, with --jsonl, every line of stdin)."""
    if jsonl == bool(question):
        raise click.UsageError('give a QUESTION, or --jsonl with questions on stdin (not both)')
    from bot.core import collector_paused

    with collector_paused():  # for one question, all along: the process ends after it
        bot = _bot(db_url, many=jsonl)
        if not jsonl:
            answer = bot.ask(question, channel="ask")
            click.echo(json.dumps(answer.to_json(), ensure_ascii=False) if as_json else answer.text)
            return
    for line in sys.stdin:
        text, chat = _parse_line(line)
        answer = bot.ask(text, chat=chat, channel="ask")
        sys.stdout.write(json.dumps(answer.to_json(), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@click.command()
@db_option
def chat(db_url: str | None) -> None:
    """Chat with Schoolbot in the terminal (history, follow-ups, numbered choices)."""
    from bot.core import collector_paused
    from bot.terminal import run_chat

    with collector_paused():  # until the bot is ready (run_chat settles the heap)
        run_chat(open_engine(db_url))


COMMANDS = [ask, chat]
