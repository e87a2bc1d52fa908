"""Start-up and memory at national scale: the real folder plus a generated 50,000-establishment
GIAS extract (benchmarks/england_gias.py), on SQLite.

    python benchmarks/startup.py [--real ../shared/data/real] [--folder /tmp/schoolbot-startup]
                                 [--runs 5] [--baseline CHECKOUT] [--no-record]

Builds the database once (the real folder, then the generated extract and its links, each with
`schoolbot ingest`, which also prepares the start-up cache) in --folder, and reuses it while the
generator and the real folder are unchanged (its question log starts empty each run). Then each
figure is taken in fresh processes of the command line (`python -c "from bot.cli import main;
main()"`, what the `schoolbot` script runs), with bytecode written as an installed package has it,
the commands in turn --runs times (so the machine's changing load falls on all alike), best and
median:

- `schoolbot ask QUESTION`: wall time to the answer and exit, and peak memory (max RSS); with
  the start-up cache (as after an ingest) and without it (the file deleted first: the first start
  when it is missing, which writes it again);
- `schoolbot ask --jsonl </dev/null`: start-up of the many-questions mode, warmed up;
- `schoolbot run` against the fake Bot API (tests/helpers/fake_telegram.py): from starting the process
  to its reply to a message waiting for it, and its peak memory then;
- the per-question latency of `Schoolbot.ask` (question log on) over the development set and
  generated questions about the 57,000 schools, from a bot loaded from the cache, with
  benchmarks/ask.py's yardstick (one plain rapidfuzz pass over 25,000 names) timed beside it,
  and the slowest 1% of questions (CPU time, intent);
- which heavy modules a one-shot `ask` imports (Alembic, the PostgreSQL dialect, other commands).

--baseline CHECKOUT runs the same commands on the code of another checkout (e.g. main before
this work: `git worktree add /tmp/before <commit>`), for a before/after comparison.
Targets: ask < 1 s, run answering < 2 s, p99 < 10 ms, memory < 400 MB. The results of the last
run are written to benchmarks/startup.results.md.
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path[:0] = [str(HERE), str(REPO)]

import ask as ask_bench  # noqa: E402  (benchmarks/ask.py)
import england_gias  # noqa: E402

from bot.db import state_path  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "real"
RESULTS = HERE / "startup.results.md"
QUESTION = "is Weydon School any good"  # a real school, answered with its card
TARGETS = {"ask_s": 1.0, "run_s": 2.0, "p99_ms": 10.0, "memory_mb": 400.0}
HEAVY = ("alembic", "mako", "sqlalchemy.dialects.postgresql", "psycopg", "bot.cli.data", "bot.cli.run",
         "bot.cli.log", "bot.ingest", "telegram", "wordfreq", "rich")


# ---- the database ---------------------------------------------------------------------------------

def _inputs_key(real: Path) -> str:
    digest = hashlib.sha256(Path(england_gias.__file__).read_bytes())
    for path in sorted(real.rglob("*")):
        if path.is_file():
            digest.update(f"{path.relative_to(real)} {path.stat().st_size}".encode())
    return digest.hexdigest()[:12]


def prepare(folder: Path, real: Path, env: dict) -> str:
    """The benchmark database (built when missing or its inputs changed); its URL."""
    db = folder / f"england-{_inputs_key(real)}.db"
    url = f"sqlite:///{db}"
    if db.exists():
        return url
    print(f"building {db} (the real folder, then the generated extract)...", file=sys.stderr)
    folder.mkdir(parents=True, exist_ok=True)
    extract = england_gias.write(folder / "gias", la_codes=real / "gias" / "la_and_region_codes_meta.csv")
    building = db.with_name(f"{db.stem}-building.db")
    for paths in ([real], extract):
        subprocess.run([*_cli(), "ingest", "--quiet", "--db", f"sqlite:///{building}", *map(str, paths)],
                       env=env, check=True, stdout=subprocess.DEVNULL)
    os.replace(building, db)
    for old, new in ((state_path(building), state_path(db)), (building.with_name(f"{building.stem}-startup.cache"),
                                                              db.with_name(f"{db.stem}-startup.cache"))):
        if old.exists():
            os.replace(old, new)
    return url


# ---- one process ----------------------------------------------------------------------------------

def _cli() -> list[str]:
    return [sys.executable, "-c", "from bot.cli import main; main()"]


def _env(baseline: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["LOG_HASH_KEY"] = "benchmark-" + "k" * 40
    if baseline is not None:
        env["PYTHONPATH"] = str(baseline)
    return env


def timed(args: list[str], env: dict, stdin: int | None = None) -> tuple[float, float, float, str]:
    """Run the command line with `args`: (wall seconds, CPU seconds, peak memory in MB, stdout)."""
    started = time.perf_counter()
    proc = subprocess.Popen([*_cli(), *args], env=env, stdin=stdin, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, cwd="/tmp")
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        raise RuntimeError(f"{args} exited with {proc.returncode}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, out


def summary(samples: list[tuple[float, float, float]]) -> dict:
    """(wall, CPU, memory) samples: best, median and worst wall time, the least CPU time (what the
    machine's load disturbs least) and the most memory."""
    walls = [w for w, _, _ in samples]
    return {"best_s": round(min(walls), 2), "median_s": round(statistics.median(walls), 2),
            "worst_s": round(max(walls), 2), "cpu_s": round(min(c for _, c, _ in samples), 2),
            "memory_mb": round(max(m for _, _, m in samples))}


def ask_once(url: str, env: dict, *, cache: bool = True) -> tuple[float, float, float]:
    if not cache:
        Path(url.split("///", 1)[1]).with_name(Path(url.split("///", 1)[1]).stem + "-startup.cache").unlink(
            missing_ok=True)
    wall, cpu, mem, out = timed(["ask", "--db", url, QUESTION], env)
    assert "Weydon" in out, out
    return wall, cpu, mem


def jsonl_once(url: str, env: dict) -> tuple[float, float, float]:
    with open(os.devnull, "rb") as empty:
        wall, cpu, mem, _ = timed(["ask", "--jsonl", "--db", url], env, stdin=empty.fileno())
    return wall, cpu, mem


async def _run_once(url: str, env: dict) -> tuple[float, float, float]:
    from tests.helpers.fake_telegram import TOKEN, FakeTelegram

    async with FakeTelegram() as fake:
        fake.push(fake.message(QUESTION))  # waiting for the bot when it first polls
        environment = {**env, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": fake.api_url}
        started = time.perf_counter()
        proc = await asyncio.create_subprocess_exec(*_cli(), "run", "--db", url, env=environment, cwd="/tmp",
                                                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            [sent] = await fake.wait_for("sendMessage", timeout=120)
            wall = time.perf_counter() - started
            assert "Weydon" in sent["text"], sent["text"]
            cpu, peak = _cpu_s(proc.pid), _peak_mb(proc.pid)
        finally:
            proc.terminate()
            await proc.wait()
    return wall, cpu, peak


def run_once(url: str, env: dict) -> tuple[float, float, float]:
    return asyncio.run(_run_once(url, env))


def _cpu_s(pid: int) -> float:
    """The CPU time (user and system) of a running process."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _peak_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def commands(url: str, runs: int, baseline: Path | None) -> dict:
    """Every command `runs` times, in turn (so the machine's load falls on all alike)."""
    env = _env(None)
    plan = {"ask_cached": lambda: ask_once(url, env), "jsonl": lambda: jsonl_once(url, env),
            "run": lambda: run_once(url, env)}
    if baseline is not None:
        before = _env(baseline)
        plan |= {"baseline_ask": lambda: ask_once(url, before), "baseline_jsonl": lambda: jsonl_once(url, before),
                 "baseline_run": lambda: run_once(url, before)}
    samples: dict[str, list] = {key: [] for key in plan}
    for _ in range(runs):
        for key, once in plan.items():
            samples[key].append(once())
    samples["ask_uncached"] = [ask_once(url, env, cache=False) for _ in range(max(1, runs // 2))]
    return {key: summary(values) for key, values in samples.items()}


def imported(url: str, env: dict) -> list[str]:
    """The heavy modules a one-shot `ask` imports."""
    code = ("import sys; from bot.cli import main\n"
            "try: main(['ask', '--db', sys.argv[1], sys.argv[2]])\n"
            "except SystemExit: pass\n"
            f"print('MODULES', ' '.join(m for m in {HEAVY!r} if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code, url, QUESTION], env=env, capture_output=True,
                         text=True, check=True, cwd="/tmp").stdout
    return out.rsplit("MODULES", 1)[1].split()


def bench_questions(url: str, questions_n: int) -> dict:
    """Per-question latency of Schoolbot.ask from a bot loaded from the start-up cache."""
    from bot import startup_cache
    from bot.core import Schoolbot, settle_heap
    from bot.db import make_engine
    from bot.settings import Settings

    engine = make_engine(url)
    settings = Settings(database_url=url, log_hash_key="benchmark-" + "k" * 40)
    source = startup_cache.load(engine).source  # what Schoolbot(engine) then finds ready
    started = time.perf_counter()
    bot = Schoolbot(engine, settings)
    settle_heap()
    startup = time.perf_counter() - started
    yardstick = [r.name for r in ask_bench.england_records(REAL)]
    ask = ask_bench.schoolbot_ask(bot)
    records = list(bot.index.records.values())
    questions = ask_bench.devset_questions() + ask_bench.make_questions(records, questions_n, seed=13)
    plain = [ask_bench.plain_pass_ms(yardstick)]
    first = ask_bench.time_questions(ask, questions)
    ask.new_pass()
    second = ask_bench.time_questions(ask, questions)
    plain.append(ask_bench.plain_pass_ms(yardstick))
    slowest = []
    for q in questions:
        started = time.thread_time()
        answer = ask(q)
        slowest.append(((time.thread_time() - started) * 1000, answer.intent, q[0] if isinstance(q, tuple) else q))
    slowest.sort(key=lambda s: -s[0])
    engine.dispose()
    return {"schools": len(records), "index_from": source, "startup_in_process_s": round(startup, 2),
            "first_pass": first, "second_pass": second, "plain_pass_ms": plain,
            "slowest": slowest[: max(1, len(slowest) // 100)]}


# ---- results ----------------------------------------------------------------------------------------

def _line(label: str, r: dict, target: float | None) -> str:
    ok = "" if target is None else (" ✓" if r["best_s"] < target else " ✗")
    return (f"| {label} | {r['best_s']} s{ok} | {r['median_s']} s | {r['worst_s']} s | {r['cpu_s']} s | "
            f"{r['memory_mb']} MB |")


def record(results: dict, started: float) -> None:
    q = results["questions"]
    first = q["first_pass"]
    plain = statistics.fmean(q["plain_pass_ms"])
    load = os.getloadavg()
    lines = [
        f"# benchmarks/startup.py — last run {time.strftime('%Y-%m-%d %H:%M')}, {time.time() - started:.0f} s",
        "",
        f"{q['schools']:,} schools in the name index (the real folder and a generated 50,000-establishment "
        f"GIAS extract), SQLite, Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average "
        f"{load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} at the end (other work shares the machine: "
        "compare the best and median columns). Each command is a fresh process; memory is the peak "
        f"RSS. {results['runs']} runs each, the commands in turn.",
        "",
        "| command | best | median | worst | CPU (least) | memory |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for key, label, target in (
            ("ask_cached", "`schoolbot ask QUESTION` (start-up cache present)", TARGETS["ask_s"]),
            ("ask_uncached", "`schoolbot ask QUESTION` (no start-up cache: builds and writes it)", None),
            ("jsonl", "`schoolbot ask --jsonl </dev/null` (warmed up)", None),
            ("run", "`schoolbot run`, started to first reply (fake Bot API)", TARGETS["run_s"])):
        if key in results:
            lines.append(_line(label, results[key], target))
    for key, label in (("baseline_ask", "before: `schoolbot ask QUESTION`"),
                       ("baseline_jsonl", "before: `schoolbot ask --jsonl </dev/null`"),
                       ("baseline_run", "before: `schoolbot run`, started to first reply")):
        if key in results:
            lines.append(_line(f"{label} ({results['baseline']})", results[key], None))
    lines += [
        "",
        f"Targets: ask < {TARGETS['ask_s']} s, run answering < {TARGETS['run_s']} s, memory < "
        f"{TARGETS['memory_mb']:.0f} MB.",
        "",
        f"Per question (`Schoolbot.ask`, question log on, index from the {q['index_from']}, "
        f"in-process start-up {q['startup_in_process_s']} s): {first['questions']} questions, "
        f"p50 {first['p50_ms']} ms, p99 {first['p99_ms']} ms, max {first['max_ms']} ms (CPU p99 "
        f"{first['cpu_p99_ms']} ms); second pass p99 {q['second_pass']['p99_ms']} ms; target p99 < "
        f"{TARGETS['p99_ms']:.0f} ms. Yardstick: one plain rapidfuzz pass over 25,000 names "
        f"{q['plain_pass_ms'][0]} / {q['plain_pass_ms'][1]} ms before / after -> p99 = "
        f"{first['p99_ms'] / plain:.2f} plain passes.",
        "",
        "The slowest 1% (CPU ms, intent, question): " + "; ".join(
            f"{ms:.0f} {intent} {text!r}" for ms, intent, text in q["slowest"][:12]) + " ...",
        "",
        "Heavy modules a one-shot `schoolbot ask` imports: "
        + (", ".join(results["imported"]) or "none") + f" (of {', '.join(HEAVY)}).",
    ]
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--real", type=Path, default=REAL, help="the real data folder")
    parser.add_argument("--folder", type=Path, default=Path("/tmp/schoolbot-startup"),
                        help="where the benchmark database is built and kept")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--questions", type=int, default=2000)
    parser.add_argument("--baseline", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--no-record", action="store_true", help=f"do not write {RESULTS.name}")
    args = parser.parse_args()
    started = time.time()
    env = _env(None)
    url = prepare(args.folder, args.real, env)
    state = state_path(url.split("///", 1)[1])  # the question log of earlier runs: start empty
    for leftover in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
        leftover.unlink(missing_ok=True)
    results: dict = {"runs": args.runs, "baseline": args.baseline.name if args.baseline else None}
    ask_once(url, env)  # bytecode written, the start-up cache ready (as after an ingest), files warm
    results["imported"] = imported(url, env)
    results |= commands(url, args.runs, args.baseline)
    results["questions"] = bench_questions(url, args.questions)
    for key, value in results.items():
        print(key, value)
    if not args.no_record:
        record(results, started)


if __name__ == "__main__":
    main()
