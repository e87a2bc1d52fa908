"""Per-question latency in-process, on one core: understanding + school matching, and the whole
`Schoolbot.ask` (understanding, matching, records, answer, conversation state, question log ON).

    python benchmarks/ask.py [--db sqlite:////tmp/schoolbot-real.db] [--real ../shared/data/real]

Measures two sets: the real data folder (a copy of --db when it exists, else the folder ingested
into a temporary SQLite file) and an England-size set of about 25,000 schools built at run time
from real names (every secondary school in ks4/ks4_school_info_2024.csv plus the names in
gias/links_edubasealldata20250422.csv). For the full `ask`, the England-size set is a temporary
SQLite database: the GIAS extract, the KS4 school information (real 2024 figures for every
secondary school), the links and postcode files are ingested, then School rows are added from the
link names up to 25,000. Nothing is copied into the repository.
Questions: the development set (tests/devset/questions.yaml, conversations kept) plus variations
(lower case, no apostrophes, typos) and generated questions about random schools of the set.
Targets: p99 < 10 ms per question, start-up < 2 s (`SchoolIndex` and `Schoolbot(engine)`).
The machine's speed varies between runs, so the whole-path results also record a yardstick
timed in the same run, before and after (`plain_pass_ms`: one plain rapidfuzz pass over the
25,000 England-size names; the issue quotes 25-40 ms for it on the machine it was written on),
and the p99 in plain passes, to compare runs made at different speeds. Each whole-path run also
checks that every question asked was logged.
`time_questions(ask, questions)` is the reusable core: pass any callable taking the question.
The last results are written to benchmarks/ask.results.md (beside this script).
"""

from __future__ import annotations

import argparse
import csv
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

import shutil
import tempfile

import yaml

from bot.understanding import understand
from bot.understanding.matcher import SchoolIndex, SchoolRecord
from results_file import write_results

REPO = Path(__file__).resolve().parent.parent
REAL = REPO.parent / "shared" / "data" / "real"
DEVSET = REPO / "tests" / "devset" / "questions.yaml"
TARGET_P99_MS = 10.0
TARGET_STARTUP_S = 2.0

TEMPLATES = [
    "{n}", "is {n} any good", "{n} ofsted", "what are the gcse results at {n}", "{n} sats results",
    "how many pupils at {n}", "phone number for {n}", "how do I apply to {n}", "term dates for {n}",
    "{n} in {t}", "tell me about {n}", "compare {n} with {m}", "{n} vs {m}", "what's {n} like",
    "does {n} have a sixth form", "ofsted report for {n} please", "{n} progress 8",
]
OTHER = [
    "what is progress 8", "what does SUPP mean", "primary schools near GU15 3LJ", "and Ofsted?",
    "what about its GCSEs", "hello", "what do you keep about me", "schools near RG22",
    "is Hogwarts School of Witchcraft any good", "Springfield Elementary ofsted", "the one in Epsom",
    "good catholic primary schools in Woking", "uniform at Tomlinscote", "explain attainment 8",
]


def time_questions(ask: Callable[[str], object], questions: Iterable[str], repeat: int = 1) -> dict:
    """Latency of `ask(q)` per question in ms: wall clock (p50, p99, mean, max) and the CPU time
    of this thread (cpu_p50, cpu_p99), which other busy processes on the machine disturb less."""
    wall, cpu = [], []
    for _ in range(repeat):
        for q in questions:
            t, c = time.perf_counter(), time.thread_time()
            ask(q)
            cpu.append((time.thread_time() - c) * 1000)
            wall.append((time.perf_counter() - t) * 1000)
    wall.sort()
    cpu.sort()
    p99 = min(len(wall) - 1, int(len(wall) * 0.99))
    return {
        "questions": len(wall),
        "p50_ms": round(wall[len(wall) // 2], 3),
        "p99_ms": round(wall[p99], 3),
        "mean_ms": round(statistics.fmean(wall), 3),
        "max_ms": round(wall[-1], 3),
        "cpu_p50_ms": round(cpu[len(cpu) // 2], 3),
        "cpu_p99_ms": round(cpu[p99], 3),
    }


def plain_pass_ms(names: list[str], repeat: int = 15) -> float:
    """The machine's yardstick, measured in the same run: the median time of one plain rapidfuzz
    pass (`process.extractOne`, WRatio, default processing) over `names`, the thing the issue
    says a candidate index must avoid. Dividing a p99 by it makes runs on machines (or moments)
    of different speed comparable."""
    from rapidfuzz import fuzz, process, utils

    queries = ["tomlinscote school", "st annes catholic primary", "oakfield junior",
               "the emmbrook school", "kings international college"]
    times = []
    for i in range(repeat):
        t = time.perf_counter()
        process.extractOne(queries[i % len(queries)], names, scorer=fuzz.WRatio,
                           processor=utils.default_process)
        times.append((time.perf_counter() - t) * 1000)
    return round(statistics.median(times), 2)


def understand_and_match(index: SchoolIndex) -> Callable[[str], object]:
    """The core measured here: understand() then match() for each school mentioned."""
    def ask(text: str):
        u = understand(text)
        return [index.match(s, place=u.place) for s in u.schools]
    return ask


def _typo(word: str, rng: random.Random) -> str:
    if len(word) < 5:
        return word
    i = rng.randrange(1, len(word) - 1)
    return word[:i] + word[i + 1:] if rng.random() < 0.5 else word[:i] + word[i + 1] + word[i] + word[i + 2:]


def make_questions(records: list[SchoolRecord], n: int = 2000, seed: int = 7) -> list[str]:
    """Realistic questions about random schools: casual case, dropped apostrophes, typos."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.1:
            out.append(rng.choice(OTHER))
            continue
        a, b = rng.choice(records), rng.choice(records)
        name = re.sub(r"\b(School|Academy)\b", "", a.name).strip() if rng.random() < 0.4 else a.name
        if rng.random() < 0.4:
            name = name.lower().replace("'", "")
        if rng.random() < 0.3:
            words = name.split()
            j = rng.randrange(len(words))
            words[j] = _typo(words[j], rng)
            name = " ".join(words)
        out.append(rng.choice(TEMPLATES).format(n=name, m=b.name, t=a.town or "Surrey"))
    return out


def england_records(real: Path = REAL, size: int = 25_000) -> list[SchoolRecord]:
    """About `size` schools from real names: GIAS extract, KS4 school list, then GIAS link names."""
    records: dict[int, SchoolRecord] = {}
    with open(real / "gias" / "20220420_gias.csv", encoding="cp1252") as f:
        for row in csv.DictReader(f):
            records[int(row["URN"])] = SchoolRecord(
                urn=int(row["URN"]), name=row["EstablishmentName"], town=row["Town"] or None,
                phase=row["PhaseOfEducation (name)"] or None, is_open=row["EstablishmentStatus (name)"] != "Closed",
                la_name=row["LA (name)"], postcode=row["Postcode"] or None, locality=row["Locality"] or None,
            )
    with open(real / "ks4" / "ks4_school_info_2024.csv", encoding="utf-8-sig") as f:
        for row in csv.DictReader(f):
            urn = int(row["school_urn"])
            parts = [p.strip() for p in row["full_address"].split(",")]
            records.setdefault(urn, SchoolRecord(
                urn=urn, name=row["school_name"], town=parts[-2] if len(parts) > 2 else None,
                phase="Secondary", la_name=row["la_name"], postcode=parts[-1] if parts else None,
            ))
    names: dict[int, str] = {}
    successor: dict[int, int] = {}
    with open(real / "gias" / "links_edubasealldata20250422.csv", encoding="cp1252") as f:
        for row in csv.DictReader(f):
            names.setdefault(int(row["LinkURN"]), row["LinkName"])
            if row["LinkType"].startswith("Successor"):
                successor.setdefault(int(row["URN"]), int(row["LinkURN"]))
    for urn in sorted(names, reverse=True):  # newest first, so successors come before the closed
        if len(records) >= size:
            break
        records.setdefault(urn, SchoolRecord(urn=urn, name=names[urn]))
    return [
        replace(r, is_open=False, successor_urn=successor[r.urn]) if r.urn in successor else r
        for r in records.values()
    ]


def bench(label: str, build: Callable[[], SchoolIndex], questions_n: int) -> dict:
    t, c = time.perf_counter(), time.process_time()
    index = build()
    startup, startup_cpu = time.perf_counter() - t, time.process_time() - c
    records = list(index.records.values())
    questions = make_questions(records, questions_n)
    ask = understand_and_match(index)
    ask("warm up the phrase tables")
    cold = time_questions(ask, questions)
    warm = time_questions(ask, questions)
    return {"set": label, "schools": len(records), "startup_s": round(startup, 3),
            "startup_cpu_s": round(startup_cpu, 3), "load": round(os.getloadavg()[0], 1),
            "first_pass": cold, "second_pass": warm}


# ---- the whole Schoolbot.ask, question log on -------------------------------------------------

def devset_questions(path: Path = DEVSET, seed: int = 11) -> list[tuple[str, str | None]]:
    """(text, chat) of the development set in file order, then variations of each text without
    a conversation: lower case without apostrophes, and one typo."""
    entries = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    rng = random.Random(seed)
    out = [(e["text"], e.get("chat")) for e in entries]
    for e in entries:
        out.append((e["text"].lower().replace("'", ""), None))
        words = e["text"].split()
        j = rng.randrange(len(words))
        words[j] = _typo(words[j], rng)
        out.append((" ".join(words), None))
    return out


def schoolbot_ask(bot) -> Callable[[tuple[str, str | None]], object]:
    """`Schoolbot.ask` for (text, chat) pairs (chats are prefixed so repeated passes start afresh)."""
    passes = iter(range(1_000_000))
    prefix = [f"p{next(passes)}:"]

    def ask(q):
        text, chat = q if isinstance(q, tuple) else (q, None)
        return bot.ask(text, chat=prefix[0] + chat if chat else None, channel="api", user="bench")

    ask.new_pass = lambda: prefix.__setitem__(0, f"p{next(passes)}:")  # type: ignore[attr-defined]
    return ask


def real_database(db: str, real: Path, folder: Path) -> str:
    """A writable copy of the real database (the question log writes), or the real folder ingested."""
    src = Path(db.split("///", 1)[-1]) if db.startswith("sqlite") else None
    target = folder / "real.db"
    if src is not None and src.exists():
        shutil.copyfile(src, target)
    else:
        from bot.db import make_engine, migrate
        from bot.ingest import ingest_paths
        engine = make_engine(f"sqlite:///{target}")
        migrate(engine)
        ingest_paths(engine, [real])
        engine.dispose()
    return f"sqlite:///{target}"


def england_database(real: Path, folder: Path, size: int = 25_000) -> str:
    """An England-size SQLite database from real names (see the module notes)."""
    from datetime import date, datetime

    from bot.db import make_engine, migrate
    from bot.ingest import ingest_paths
    from bot.models import School, SchoolName, SourceFile
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    url = f"sqlite:///{folder / 'england.db'}"
    engine = make_engine(url)
    migrate(engine)
    ingest_paths(engine, [real / "gias" / "la_and_region_codes_meta.csv", real / "gias" / "20220420_gias.csv",
                          real / "ks4" / "ks4_school_info_2024.csv", real / "postcodes" / "postcodes.csv",
                          real / "gias" / "links_edubasealldata20250422.csv"])
    with Session(engine) as s:
        have = set(s.scalars(select(School.urn)))
        sf = SourceFile(name="benchmark-names", sha256="0" * 64, kind="gias", loaded_at=datetime.now())
        s.add(sf)
        s.flush()
        for r in england_records(real, size):
            if r.urn in have or len(have) >= size:
                continue
            have.add(r.urn)
            s.add(School(urn=r.urn, name=r.name, town=r.town, phase=r.phase, is_open=r.is_open,
                         la_name=r.la_name, postcode=r.postcode, as_of=date(2025, 4, 22),
                         source_file_id=sf.id))
            s.add(SchoolName(urn=r.urn, name=r.name, kind="current"))
        s.commit()
    engine.dispose()
    return url


def _logged(engine) -> int:
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT count(*) FROM question_log").scalar()


def bench_full(label: str, url: str, questions_n: int, yardstick: list[str]) -> dict:
    """Start-up of `Schoolbot(engine)` (question log on) and the latency of its `ask`;
    `yardstick`: the names for `plain_pass_ms`, timed before and after."""
    from bot.core import Schoolbot, settle_heap
    from bot.db import make_engine
    from bot.settings import Settings

    engine = make_engine(url)
    settings = Settings(database_url=url, log_hash_key="benchmark-" + "k" * 40)
    t, c = time.perf_counter(), time.process_time()
    bot = Schoolbot(engine, settings)
    settle_heap()  # as the long-running entry points do (run, chat, ask --jsonl)
    startup, startup_cpu = time.perf_counter() - t, time.process_time() - c
    logged_before = _logged(engine)
    ask = schoolbot_ask(bot)
    t = time.perf_counter()
    ask(("is Tomlinscote School any good?", None))
    first_ms = (time.perf_counter() - t) * 1000
    records = list(bot.index.records.values())
    questions = devset_questions() + make_questions(records, questions_n, seed=13)
    plain = [plain_pass_ms(yardstick)]
    cold = time_questions(ask, questions)
    ask.new_pass()
    warm = time_questions(ask, questions)
    plain.append(plain_pass_ms(yardstick))
    by_intent: dict[str, list[float]] = {}
    for q in questions[:400]:
        t = time.perf_counter()
        a = ask(q)
        by_intent.setdefault(a.intent, []).append((time.perf_counter() - t) * 1000)
    slowest = {k: round(sorted(v)[int(len(v) * 0.99)], 2) for k, v in by_intent.items()}
    asked = 1 + 2 * len(questions) + min(400, len(questions))
    logged = _logged(engine) - logged_before
    assert logged == asked, f"{asked} questions asked, {logged} logged"
    engine.dispose()
    return {"set": label, "schools": len(records), "startup_s": round(startup, 3),
            "startup_cpu_s": round(startup_cpu, 3), "first_ms": round(first_ms, 1),
            "load": round(os.getloadavg()[0], 1), "first_pass": cold, "second_pass": warm,
            "p99_by_intent_ms": slowest, "plain_pass_ms": plain, "full": True}


def _record(results: list[dict]) -> None:
    stamp = time.strftime("%Y-%m-%d %H:%M")
    lines = [f"{stamp}, Python {sys.version.split()[0]}, one process, one core, {os.cpu_count()} CPUs"]
    for r in results:
        c = r["first_pass"]
        ok = c["p99_ms"] < TARGET_P99_MS and r["startup_s"] < TARGET_STARTUP_S
        what = "Schoolbot.ask (whole path, question log on)" if r.get("full") else "understand + match"
        first = f", first question {r['first_ms']} ms" if r.get("full") else ""
        lines += [
            f"{what} -- {r['set']}: {r['schools']} schools; machine load average {r['load']}",
            f"  start-up {r['startup_s']} s (CPU {r['startup_cpu_s']} s){first}",
            f"  first pass, {c['questions']} questions: p50 {c['p50_ms']} ms, p99 {c['p99_ms']} ms, "
            f"max {c['max_ms']} ms (CPU p50 {c['cpu_p50_ms']} ms, p99 {c['cpu_p99_ms']} ms)",
            f"  second (cached) pass: p99 {r['second_pass']['p99_ms']} ms -> "
            f"{'OK' if ok else 'OVER TARGET'}",
        ]
        if r.get("plain_pass_ms"):
            before, after = r["plain_pass_ms"]
            lines.append(f"  yardstick: one plain rapidfuzz pass over the 25,000 England-size names took "
                         f"{before} ms before and {after} ms after -> first-pass p99 = "
                         f"{c['p99_ms'] / statistics.fmean(r['plain_pass_ms']):.2f} plain passes")
        if r.get("p99_by_intent_ms"):
            lines.append("  p99 by intent (ms): " + ", ".join(f"{k} {v}" for k, v in
                                                               sorted(r["p99_by_intent_ms"].items())))
    write_results(__file__, lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite:////tmp/schoolbot-real.db", help="database URL of real data")
    parser.add_argument("--real", type=Path, default=REAL, help="the real data folder")
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--no-record", action="store_true", help="do not write ask.results.md")
    parser.add_argument("--only", choices=("match", "full"), help="run only one of the two benchmarks")
    args = parser.parse_args()
    results = []
    if args.only != "match":
        yardstick = [r.name for r in england_records(args.real)]
        with tempfile.TemporaryDirectory(prefix="schoolbot-bench-") as folder:
            real_url = real_database(args.db, args.real, Path(folder))
            results.append(bench_full("real data folder", real_url, args.questions, yardstick))
            england_url = england_database(args.real, Path(folder))
            results.append(bench_full("England-size set from real names", england_url,
                                      args.questions, yardstick))
        if args.only == "full":
            for r in results:
                print(r)
            if not args.no_record:
                _record(results)
            return
    db_path = args.db.split("///", 1)[-1] if args.db.startswith("sqlite") else None
    if db_path is None or Path(db_path).exists():
        from bot.db import make_engine
        engine = make_engine(args.db)
        results.append(bench(f"database {args.db}", lambda: SchoolIndex.from_engine(engine), args.questions))
    else:
        print(f"skipping the database set: {db_path} does not exist")
    records = england_records(args.real)
    results.append(bench("England-size set from real names", lambda: SchoolIndex.from_records(records),
                         args.questions))
    for r in results:
        print(r)
    if not args.no_record:
        _record(results)


if __name__ == "__main__":
    main()

