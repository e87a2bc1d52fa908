"""Benchmark: `schoolbot review`, `review --la` and `schoolbot export` over 1,000,000 logged questions.

Generates a synthetic log (the 11 whole weeks before this one, a realistic mix of channels,
intents and outcomes, planted themes of unanswered questions), bulk-inserts it (executemany on
SQLite, COPY on PostgreSQL), then times the commands end to end through the CLI. Target: under
30 s each per back-end.

    python benchmarks/review.py [--rows 1000000] [--backend sqlite|postgresql|both]
        [--postgres postgresql://root@127.0.0.1:5432/test] [--keep]

The last results are written to benchmarks/review.results.md (beside this script).
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import sys
import tempfile
import time
import uuid
from datetime import UTC, date, datetime, timedelta
from itertools import accumulate
from pathlib import Path

from click.testing import CliRunner
from sqlalchemy import create_engine, text

from bot.cli import main
from bot.db import make_engine, migrate
from results_file import write_results

TARGET_S = 30.0
WEEKS = 11  # whole weeks that have ended, inside the default 90-day retention window (on any day)
COLUMNS = ["id", "asked_at", "day", "week", "channel", "chat_type", "intent", "topic", "outcome",
           "confidence", "latency_ms", "la_code", "text", "user_hash", "bucket", "useful", "comment",
           "feedback_at"]
SCHOOL_COLUMNS = ["question_id", "urn", "la_code", "day"]
OUTCOMES = [("answered", 65), ("clarified", 8), ("not_found", 10), ("unanswerable", 12),
            ("not_understood", 4), ("error", 1)]
INTENTS = ["overview", "inspection", "results", "pupils", "contact", "compare", "nearby", "explain"]
CHANNELS = [("telegram_private", 60), ("telegram_group", 10), ("telegram_inline", 10), ("chat", 5),
            ("ask", 5), ("api", 10)]
THEMES = {  # topic -> phrasings of questions the open data cannot answer
    "admissions": ["what is the catchment area for {}", "will my child get a place at {}",
                   "how far away was the last offer for {}"],
    "school_life": ["how much is the uniform at {}", "does {} run a breakfast club",
                    "what are the term dates for {}"],
    "staffing": ["is the head of {} leaving", "how many teachers left {} this year"],
    "send": ["is {} good with special needs", "does {} have a resource base"],
    "safety": ["is there bullying at {}", "is {} a safe school"],
}
NOISE = ["haunted {}", "parking near {}", "bus route to {}", "lunch menu at {}", "{} swimming pool",
         "weather at {}", "{} prom date"]
WORDS = ("Oak Ash Elm Birch Hill Park River Meadow Brook Field Green Kings Queens Church Abbey "
         "Castle Mill Bridge Lane Wood Vale Grange Heath Moor").split()


def _names(rng: random.Random, n: int) -> list[str]:
    return [f"{rng.choice(WORDS)}{rng.choice(['', 'field', 'wood', 'side', 'ton'])} "
            f"{rng.choice(['Primary', 'Academy', 'School', 'High School', 'Infants'])}" for _ in range(n)]


def generate(n: int, seed: int = 1, batch: int = 50_000):
    """Yield batches of (question rows, school rows) as tuples in COLUMNS order."""
    rng = random.Random(seed)
    names = _names(rng, 400)
    outcomes, o_w = zip(*OUTCOMES)
    channels, c_w = zip(*CHANNELS)
    o_cum = list(accumulate(o_w))
    c_cum = list(accumulate(c_w))
    topics = list(THEMES)
    noise = NOISE + THEMES["admissions"]
    today = datetime.now(UTC).date()
    start = datetime.combine(today - timedelta(days=today.weekday() + 7 * WEEKS), datetime.min.time())
    days = {}
    rows, schools = [], []
    for _ in range(n):
        seconds = rng.randrange(WEEKS * 7 * 86400)
        asked = start + timedelta(seconds=seconds)
        d = seconds // 86400
        if d not in days:
            day = asked.date()
            iso = day.isocalendar()
            days[d] = (day, f"{iso[0]}-W{iso[1]:02d}")
        day, week = days[d]
        outcome = rng.choices(outcomes, cum_weights=o_cum)[0]
        qid = f"{rng.getrandbits(128):032x}"
        urn = 100000 + int(rng.paretovariate(1.2) * 50) % 20000
        la = 800 + urn % 150
        name = rng.choice(names)
        if outcome in ("unanswerable", "not_found", "not_understood"):
            topic = rng.choice(topics) if outcome == "unanswerable" else None
            phr = rng.choice(THEMES[topic]) if topic else rng.choice(noise)
            intent, txt, with_school = ("unanswerable" if topic else "unknown"), phr.format(name), False
        else:
            intent = rng.choice(INTENTS)
            topic, txt, with_school = intent, f"{intent} for {name}", True
        r = rng.random()
        useful = (r < 0.056) if r < 0.08 else None
        rows.append((
            qid, asked, day, week, rng.choices(channels, cum_weights=c_cum)[0], "private",
            intent, topic, outcome, round(rng.random(), 3), int(rng.lognormvariate(5, 0.8)),
            la if with_school else None, txt,
            f"{rng.getrandbits(128):032x}" if r < 0.9 else None, rng.randrange(1000), useful,
            "admission chances" if useful is False and r < 0.065 else None,
            asked + timedelta(minutes=1) if useful is not None else None,
        ))
        if with_school:
            schools.append((qid, urn, la, day))
        if len(rows) == batch:
            yield rows, schools
            rows, schools = [], []
    if rows:
        yield rows, schools


def _sqlite_value(value):
    """A value as SQLAlchemy stores it in SQLite (dates as ISO text, booleans as 0/1)."""
    if isinstance(value, datetime):
        return value.isoformat(" ", "microseconds")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def load(engine, n: int) -> None:
    """Bulk-insert `n` generated questions (COPY on PostgreSQL)."""
    postgres = engine.dialect.name == "postgresql"
    for rows, schools in generate(n):
        if postgres:
            raw = engine.raw_connection()
            try:
                with raw.cursor() as cur:
                    with cur.copy(f"COPY question_log ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                        for row in rows:
                            copy.write_row(row)
                    with cur.copy(f"COPY question_log_schools ({', '.join(SCHOOL_COLUMNS)}) FROM STDIN") as copy:
                        for row in schools:
                            copy.write_row(row)
                raw.commit()
            finally:
                raw.close()
        else:
            raw = engine.raw_connection()
            try:
                cur = raw.cursor()
                cur.execute("PRAGMA cache_size=-262144")  # 256 MB: random-key index inserts stay in memory
                for table, cols, data in (("question_log", COLUMNS, rows),
                                          ("question_log_schools", SCHOOL_COLUMNS, schools)):
                    cur.executemany(
                        f"INSERT INTO {table} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                        [tuple(_sqlite_value(v) for v in row) for row in data],
                    )
                raw.commit()
            finally:
                raw.close()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        conn.execute(text("ANALYZE"))


def timed(args: list[str]) -> tuple[float, str]:
    t0 = time.perf_counter()
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    elapsed = time.perf_counter() - t0
    if result.exit_code:
        raise SystemExit(result.output)
    return elapsed, result.output


def run(backend: str, url: str, n: int, workdir: Path) -> dict:
    engine = make_engine(url)
    migrate(engine)
    t0 = time.perf_counter()
    load(engine, n)
    load_s = time.perf_counter() - t0
    engine.dispose()
    review_s, out = timed(["review", "--db", url, "--html", str(workdir / f"review-{backend}.html")])
    export_s, out2 = timed(["export", "--db", url, "--out", str(workdir / f"questions-{backend}.csv")])
    la_s, _ = timed(["review", "--db", url, "--la", "850"])
    first = re.search(r"\d[\d,]* questions", out)
    print(out[:3000])
    return {"backend": backend, "rows": n, "load_s": load_s, "review_s": review_s, "la_s": la_s,
            "export_s": export_s, "summary": first.group(0) if first else "?", "export": out2.strip()}


def record(results: list[dict]) -> None:
    """Write the results to review.results.md."""
    stamp = datetime.now().strftime("%Y-%m-%d %H:%M")
    lines = [f"{stamp}, {r['backend']}: {r['rows']:,} questions loaded in {r['load_s']:.1f} s; "
             f"review {r['review_s']:.1f} s, export {r['export_s']:.1f} s, review --la {r['la_s']:.1f} s "
             f"({'OK' if max(r['review_s'], r['export_s']) < TARGET_S else 'OVER'} vs {TARGET_S:.0f} s)"
             for r in results]
    write_results(__file__, lines)


def main_(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--backend", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres", default="postgresql+psycopg://root@127.0.0.1:5432/test")
    parser.add_argument("--keep", action="store_true", help="keep the generated databases")
    parser.add_argument("--no-record", action="store_true", help="do not write review.results.md")
    args = parser.parse_args(argv)
    workdir = Path(tempfile.mkdtemp(prefix="bench-review-"))
    results = []
    if args.backend in ("sqlite", "both"):
        results.append(run("sqlite", f"sqlite:///{workdir / 'log.db'}", args.rows, workdir))
    if args.backend in ("postgresql", "both"):
        schema = f"bench_review_{uuid.uuid4().hex[:8]}"
        admin = create_engine(args.postgres)
        with admin.begin() as conn:
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        sep = "&" if "?" in args.postgres else "?"
        try:
            results.append(run("postgresql", f"{args.postgres}{sep}options=-csearch_path%3D{schema}",
                               args.rows, workdir))
        finally:
            if not args.keep:
                with admin.begin() as conn:
                    conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    for r in results:
        print(f"{r['backend']}: load {r['load_s']:.1f} s · review {r['review_s']:.1f} s · "
              f"export {r['export_s']:.1f} s · {r['summary']} · {r['export']}")
    if not args.no_record:
        record(results)
    if not args.keep:
        shutil.rmtree(workdir, ignore_errors=True)
    else:
        print(f"kept: {workdir}")
    return 0 if all(max(r["review_s"], r["export_s"]) < TARGET_S for r in results) else 1


if __name__ == "__main__":
    sys.exit(main_())

