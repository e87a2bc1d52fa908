"""The terminal chat: the same core as Telegram, with line editing, history and numbered choices.

The history file (SCHOOLBOT_HISTORY, default ~/.schoolbot_history) keeps questions only as the
question log stores them: redacted ("my son [name] ..."), so no personal data is left on disk;
lines of an older, raw file are redacted when it is written again."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine

from bot.sanitise import clean

HISTORY = Path(os.environ.get("SCHOOLBOT_HISTORY", Path.home() / ".schoolbot_history"))
PROMPT = "you> "


def _readline_history(vocabulary) -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    try:
        readline.read_history_file(HISTORY)
    except (FileNotFoundError, OSError):
        pass
    import atexit

    atexit.register(lambda: _save_history(readline, vocabulary))


def _save_history(readline, vocabulary) -> None:
    """Write the history with every line redacted (the file never holds a raw question)."""
    from bot.questionlog.redact import redact

    try:
        for i in range(readline.get_current_history_length()):
            line = readline.get_history_item(i + 1) or ""
            readline.replace_history_item(i, redact(line, vocabulary) or " ")
        readline.set_history_length(1000)
        readline.write_history_file(HISTORY)
    except (OSError, ValueError):
        pass


def run_chat(engine: Engine, *, input_fn=input, print_fn=print) -> None:
    """Run the chat loop until EOF, `quit` or Ctrl-C. A number picks from the last choices."""
    from bot.core import Schoolbot, settle_heap
    from bot.demo import ensure_data

    if ensure_data(engine):
        print_fn("(No records loaded: using the FICTIONAL demo data. Load real data with `schoolbot ingest`.)")
    bot = Schoolbot(engine)
    settle_heap()
    if input_fn is input:
        _readline_history(bot.log.vocabulary if bot.log is not None else None)
    print_fn("Schoolbot — ask about schools in England. Type 'help' for examples, 'quit' to leave.")
    choices: list[int] = []
    while True:
        try:
            text = clean(input_fn(PROMPT)).strip()
        except (EOFError, KeyboardInterrupt):
            print_fn("")
            return
        if text.lower() in {"quit", "exit", "bye"}:
            return
        if not text:
            continue
        if text.isdigit() and choices and 1 <= int(text) <= len(choices):
            answer = bot.choose("terminal", choices[int(text) - 1], channel="chat")
        else:
            answer = bot.ask(text, chat="terminal", channel="chat")
        print_fn(answer.text)
        choices = [c.urn for c in answer.choices]  # the answer's text lists them, numbered
        if choices:
            print_fn("Type a number to choose.")
