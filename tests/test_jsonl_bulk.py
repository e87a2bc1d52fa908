"""`schoolbot ask --jsonl` answers 1,000 mixed questions in one process without an error.

The real CLI runs in a subprocess on a private copy of a database ingested from the real folder.
The 1,000 lines are the development set and variations of it (case, punctuation, plain lines and
JSON objects, conversations under fresh chat ids) plus garbage: empty, very long, emoji,
non-English, broken JSON. Every line must give one JSON object, in order, with the required keys.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.answer import INTENTS
from tests.devset.judge import load_devset
from tests.devset.realdb import copy_sqlite

N_LINES = 1000
REQUIRED = ("intent", "schools", "clarify", "text", "caveats", "sources", "topic")
MARKER = "help"  # every MARKER_EVERY-th line: its answer must be `help`, which proves the order
MARKER_EVERY = 50
GARBAGE = [
    "",
    "   ",
    "\t",
    "x" * 5000,
    "school " * 800,
    "🏫🏫🤔❓",
    "is 🏫 Tomlinscote 👍 good?",
    "¿Cuál es la mejor escuela de Woking?",
    "Какая школа лучше в Гилфорде?",
    "学校の成績を教えてください",
    "ما هي أفضل مدرسة؟",
    "Quelle est la meilleure école près de GU15 ?",
    '{"text": null, "chat": null}',
    '{"text": "and ofsted?", "chat": 12345}',
    '{"chat": "lonely"}',
    "{not json at all",
    "[1, 2, 3]",
    '"just a string"',
    "<script>alert(1)</script>",
    "'; DROP TABLE schools; --",
    "\\x00\\x01 binary-ish",
    "?",
    "St",
    "GU15",
    "1",
]
VARIANTS = (
    lambda t: t,
    str.lower,
    str.upper,
    lambda t: re.sub(r"[^\w\s]", "", t) + "?",
)


def bulk_lines() -> list[str]:
    """1,000 input lines: the dev set in variations, garbage mixed in, a marker every 50th line."""
    questions = load_devset()
    lines: list[str] = []
    cycle, garbage = 0, 0
    while len(lines) < N_LINES:
        vary = VARIANTS[cycle % len(VARIANTS)]
        for n, item in enumerate(questions):
            if len(lines) % MARKER_EVERY == 0:
                lines.append(MARKER)
            if n % 9 == 4:
                lines.append(GARBAGE[garbage % len(GARBAGE)])
                garbage += 1
            text = vary(item["text"])
            if item.get("chat"):
                lines.append(json.dumps({"text": text, "chat": f"bulk-{cycle}-{item['chat']}"},
                                        ensure_ascii=False))
            elif n % 2:
                lines.append(json.dumps({"text": text, "chat": None}, ensure_ascii=False))
            else:
                lines.append(text)
        cycle += 1
    lines = lines[:N_LINES]
    for pos in range(0, N_LINES, MARKER_EVERY):
        lines[pos] = MARKER
    return lines


def test_bulk_input_is_a_varied_1000_lines():
    lines = bulk_lines()
    assert len(lines) == N_LINES
    assert sum(line.startswith('{"text"') for line in lines) > 200
    assert sum(line in GARBAGE for line in lines) > 50
    assert all("\n" not in line for line in lines)


def _schoolbot() -> list[str]:
    script = Path(sys.executable).with_name("schoolbot")
    if script.exists():
        return [str(script)]
    found = shutil.which("schoolbot")
    if not found:
        pytest.fail("the `schoolbot` command is not installed (pip install -e .)")
    return [found]


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)  # one back-end is enough here
def test_ask_jsonl_answers_1000_mixed_questions(real_db_url, tmp_path):
    url = copy_sqlite(real_db_url, tmp_path / "bulk.db")  # the shared database stays read-only
    lines = bulk_lines()
    proc = subprocess.run(
        [*_schoolbot(), "ask", "--jsonl", "--db", url],
        input="\n".join(lines) + "\n", capture_output=True, text=True, encoding="utf-8",
        timeout=600, env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    out = proc.stdout.splitlines()
    assert len(out) == N_LINES, f"{len(out)} output lines for {N_LINES} questions\n{proc.stderr[-2000:]}"
    problems = []
    for number, (question, raw) in enumerate(zip(lines, out), start=1):
        try:
            answer = json.loads(raw)
        except json.JSONDecodeError as exc:
            problems.append(f"line {number}: not JSON ({exc}): {raw[:120]}")
            continue
        missing = [key for key in REQUIRED if key not in answer]
        if missing:
            problems.append(f"line {number}: missing {missing}")
            continue
        if answer["intent"] not in INTENTS:
            problems.append(f"line {number}: intent {answer['intent']!r} is not a label")
        if answer.get("outcome") == "error":
            problems.append(f"line {number}: error outcome for {question[:80]!r}")
        if not isinstance(answer["text"], str) or not answer["text"].strip():
            problems.append(f"line {number}: empty text for {question[:80]!r}")
        if not all(isinstance(u, int) for u in answer["schools"] + answer["clarify"]):
            problems.append(f"line {number}: non-integer URN")
        if number % MARKER_EVERY == 1 and answer["intent"] != "help":
            problems.append(f"line {number}: marker `help` answered as {answer['intent']} (order?)")
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:40])
