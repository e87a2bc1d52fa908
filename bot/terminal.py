"""The terminal chat: the same core as Telegram, with line editing, history and numbered choices."""

from __future__ import annotations

import os
from pathlib import Path

from sqlalchemy import Engine

HISTORY = Path(os.environ.get("SCHOOLBOT_HISTORY", Path.home() / ".schoolbot_history"))
PROMPT = "you> "


def _readline_history() -> None:
    try:
        import readline
    except ImportError:  # pragma: no cover - not on every platform
        return
    try:
        readline.read_history_file(HISTORY)
    except (FileNotFoundError, OSError):
        pass
    import atexit

    atexit.register(lambda: _save_history(readline))


def _save_history(readline) -> None:
    try:
        readline.set_history_length(1000)
        readline.write_history_file(HISTORY)
    except OSError:
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
        _readline_history()
    print_fn("Schoolbot — ask about schools in England. Type 'help' for examples, 'quit' to leave.")
    choices: list[int] = []
    while True:
        try:
            text = input_fn(PROMPT).strip()
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
