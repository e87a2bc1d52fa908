"""Redaction cost per question: what the question log adds to every answer, and the worst case.

    python benchmarks/redact.py [--db sqlite:////tmp/schoolbot-real.db] [--real ../shared/data/real]

Uses the vocabulary of the real data folder (a copy of --db when it exists, else the folder
ingested into a temporary SQLite file) and the questions of benchmarks/ask.py (the development
set with variations, and generated questions about random schools), each with the URN of a
school as the answer's. Also times hostile 4,096-character messages (the most any message
reaches redaction) and a 1 MB one. Target: p99 well under 1 ms per ordinary question, every
hostile message within 50 ms. The last results are written to
benchmarks/redact.results.md (beside this script).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from ask import REAL, devset_questions, make_questions, real_database  # noqa: E402
from results_file import write_results  # noqa: E402

HOSTILE = {
    "letters": "a" * 4096, "dots": "a." * 2048, "digits and spaces": "1 " * 2048, "at signs": "@" * 4096,
    "e-mail-like": "a@" * 2048, "plus fours": "+4" * 2048, "names after kin": "my son Jack " * 400,
    "titles": "Mr " * 1400, "slashes": "12/" * 1400, "postcodes": "GU16 8PY " * 450,
    "phones": "07700 900123 " * 320, "a megabyte of everything": "my son Jack Preston 07700 900123 "
    "GU16 8PY x@y.com " * 20_000,
}


def percentiles(values: list[float]) -> tuple[float, float, float]:
    values = sorted(values)
    return values[len(values) // 2], values[min(len(values) - 1, int(len(values) * 0.99))], values[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite:////tmp/schoolbot-real.db")
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--no-record", action="store_true")
    args = parser.parse_args()

    from bot.db import make_engine
    from bot.questionlog.redact import redact
    from bot.questionlog.vocabulary import vocabulary_for
    from bot.understanding.matcher import SchoolIndex

    with tempfile.TemporaryDirectory(prefix="schoolbot-bench-") as folder:
        engine = make_engine(real_database(args.db, args.real, Path(folder)))
        started, cpu = time.perf_counter(), time.process_time()
        vocab = vocabulary_for(engine)
        build = (time.perf_counter() - started, time.process_time() - cpu)
        records = list(SchoolIndex.from_engine(engine).records.values())
        engine.dispose()
    questions = [q for q, _ in devset_questions()] + make_questions(records, 2000, seed=13)
    urns = [r.urn for r in records]
    for q in questions[:200]:
        redact(q, vocab, urns[:1])
    wall, cpu_ms = [], []
    for i, q in enumerate(questions):
        t, c = time.perf_counter(), time.thread_time()
        redact(q, vocab, [urns[i % len(urns)]])
        cpu_ms.append((time.thread_time() - c) * 1000)
        wall.append((time.perf_counter() - t) * 1000)
    hostile = {}
    for name, text in HOSTILE.items():
        t = time.perf_counter()
        redact(text, vocab)
        hostile[name] = (time.perf_counter() - t) * 1000
    p50, p99, top = percentiles(wall)
    c50, c99, _ = percentiles(cpu_ms)
    worst = max(hostile, key=hostile.get)
    lines = [
        f"{time.strftime('%Y-%m-%d %H:%M')}, Python {sys.version.split()[0]}, machine load average "
        f"{os.getloadavg()[0]:.1f}; vocabulary of {len(records)} schools built in {build[0]:.3f} s "
        f"(CPU {build[1]:.3f} s)",
        f"  {len(questions)} questions: p50 {p50:.3f} ms, p99 {p99:.3f} ms, max {top:.3f} ms "
        f"(CPU p50 {c50:.3f} ms, p99 {c99:.3f} ms)",
        f"  hostile messages: worst {worst!r} {hostile[worst]:.1f} ms; "
        + ", ".join(f"{k} {v:.1f}" for k, v in hostile.items()),
    ]
    print("\n".join(lines))
    if not args.no_record:
        write_results(__file__, lines)


if __name__ == "__main__":
    main()

