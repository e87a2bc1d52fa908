"""How long answers are, how many notes they show, and whether any note is said twice.

    python benchmarks/answers.py [--db sqlite:////tmp/schoolbot-real.db] [--real ../shared/data/real]

Two sets over the real data folder (a copy of --db when it exists, else the folder ingested into
a temporary SQLite file; nothing is copied into the repository):

- the development set (tests/devset/questions.yaml), asked through `Schoolbot.ask` in file order
  with its conversations;
- a generated suite: a seeded sample of real schools of every kind (primary, junior, infant,
  secondary, all-through, special, independent, closed, with a predecessor or a report card), each
  answered by every builder, by `results` with every measure of knowledge/measures.yaml `slots`,
  with a year held, a year without exams, a year not yet published, a range and a trend, by `combined`
  (Ofsted + results), and compared in pairs and fours; plus a few nearby lists (lists asked for).

Measured on the plain text (`Answer.text`, links written out) and on what Telegram shows (the
HTML's visible text: links as their labels): median, 95th percentile and longest, answers over
1,600 characters (lists asked for excepted), "Note:" lines per answer, and repeats (a line said
twice, a note both shown and collapsed, a collapsed note twice).
Targets (issue 10): median <= 600, p95 <= 1,100, none > 1,600 except lists; <= 2 notes; no repeat.
The results are written to benchmarks/answers.results.md (beside this script).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date
from html import unescape
from pathlib import Path

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import bot.answers as A  # noqa: E402
from bot.answer import Answer  # noqa: E402
from bot.models import Figure, Inspection, School, SchoolLink  # noqa: E402
from bot.render import knowledge  # noqa: E402

REAL = REPO.parent / "shared" / "data" / "real"
DEVSET = REPO / "tests" / "devset" / "questions.yaml"
RESULTS = Path(__file__).with_name("answers.results.md")
TODAY = date(2026, 11, 27)
TARGETS = {"median": 600, "p95": 1100, "max": 1600, "notes": 2}
LISTS = {"nearby"}  # lists the user asked for: exempt from the longest-answer limit


def visible(answer: Answer) -> str:
    """What Telegram shows: the HTML without its tags, links as their labels."""
    import re

    return unescape(re.sub(r"<[^>]+>", "", answer.html or answer.text))


def repeats(answer: Answer) -> list[str]:
    """Lines said twice, notes both shown and collapsed, collapsed notes said twice."""
    lines = [ln.strip() for ln in answer.text.splitlines() if ln.strip()]
    out = [f"line twice: {ln}" for ln, n in Counter(lines).items() if n > 1]
    shown = {ln.removeprefix("Note: ") for ln in lines if ln.startswith("Note: ")}
    out += [f"shown and collapsed: {n}" for n in answer.notes if n in shown]
    out += [f"collapsed twice: {n}" for n, k in Counter(answer.notes).items() if k > 1]
    return out


def inline_notes(answer: Answer) -> int:
    return sum(1 for ln in answer.text.splitlines() if ln.startswith("Note: "))


def pick_schools(engine, n: int, seed: int) -> list[int]:
    """A seeded sample of schools of every kind the records hold."""
    rng = random.Random(seed)
    with Session(engine) as s:
        schools = s.execute(select(School.urn, School.phase, School.type_name, School.is_open,
                                   School.low_age, School.high_age)).all()
        with_figures = set(s.scalars(select(Figure.urn).where(Figure.area == "school").distinct()))
        with_cards = set(s.scalars(select(Inspection.urn).where(Inspection.kind == "report_card")))
        with_links = set(s.scalars(select(SchoolLink.urn).where(SchoolLink.link_type.like("Predecessor%"))))
    kinds: dict[str, list[int]] = {}
    for urn, phase, type_name, is_open, low, high in schools:
        text = f"{phase or ''} {type_name or ''}".lower()
        kind = ("special" if "special" in text else "independent" if "independent" in text
                else "closed" if not is_open else "infant" if high is not None and high <= 7
                else "junior" if low is not None and low >= 7 and high is not None and high <= 11
                else "primary" if "primary" in text else "all-through" if "all-through" in text
                else "secondary" if "secondary" in text else "other")
        if urn in with_figures or kind in ("infant", "closed"):
            kinds.setdefault(kind, []).append(urn)
    kinds["report_card"] = sorted(with_cards)
    kinds["predecessor"] = sorted(with_links & {u for u, *_ in schools})
    out: list[int] = []
    per_kind = max(2, n // len(kinds))
    for kind in sorted(kinds):
        pool = sorted(kinds[kind])
        out += rng.sample(pool, min(per_kind, len(pool)))
    return list(dict.fromkeys(out))


def generated(engine, urns: list[int], seed: int) -> list[tuple[str, Answer]]:
    """Every builder, measure, year and trend for each school; comparisons; combined; lists."""
    rng = random.Random(seed)
    out: list[tuple[str, Answer]] = []
    slots = list(knowledge("measures")["slots"])
    for urn in urns:
        for name in ("overview", "inspection", "results", "pupils", "contact", "admissions"):
            out.append((name, getattr(A, name)(engine, urn, today=TODAY)))
        for measure in slots:
            out.append((f"results:{measure}", A.results(engine, urn, measure=measure, today=TODAY)))
        for years in ([2017], [2021], [2026], [2017, 2019]):
            out.append((f"results:{years[0]}", A.results(engine, urn, years=years, today=TODAY)))
        for measure in rng.sample(slots, 3):
            out.append((f"trend:{measure}", A.results(engine, urn, measure=measure, trend=True, today=TODAY)))
        out.append(("trend", A.results(engine, urn, trend=True, today=TODAY)))
        out.append(("combined", A.combined([A.inspection(engine, urn, today=TODAY),
                                           A.results(engine, urn, today=TODAY)])))
    for size in (2, 2, 2, 3, 4, 4):
        for _ in range(max(1, len(urns) // 8)):
            out.append((f"compare:{size}", A.compare(engine, rng.sample(urns, size), today=TODAY)))
    for place in ("GU15", "Farnham", "Woking", "SO23", "Hertfordshire"):
        out.append(("nearby", A.nearby(engine, place, today=TODAY)))
    return out


def devset(engine) -> list[tuple[str, Answer]]:
    """The development set through the core, its conversations kept."""
    from bot.core import Schoolbot

    bot = Schoolbot(engine, log=False)
    entries = yaml.safe_load(DEVSET.read_text(encoding="utf-8"))["questions"]
    run = f"bench-{time.time_ns()}"
    return [(e["cat"], bot.ask(e["text"], chat=f"{run}-{e['chat']}" if e.get("chat") else None))
            for e in entries]


def summary(label: str, answers: list[tuple[str, Answer]]) -> dict:
    def stats(lengths: list[int]) -> dict:
        lengths = sorted(lengths)
        p95 = lengths[min(len(lengths) - 1, int(len(lengths) * 0.95))]
        return {"median": int(statistics.median(lengths)), "p95": p95, "max": lengths[-1]}

    text = [len(a.text) for _, a in answers]
    shown = [len(visible(a)) for _, a in answers]
    over = [(kind, len(a.text), a.text.splitlines()[0][:70]) for kind, a in answers
            if len(a.text) > TARGETS["max"] and a.intent not in LISTS and kind not in LISTS]
    notes = Counter(inline_notes(a) for _, a in answers)
    twice = [(kind, r) for kind, a in answers for r in repeats(a)]
    by_kind: dict[str, list[int]] = {}
    for kind, a in answers:
        by_kind.setdefault(kind.split(":")[0], []).append(len(a.text))
    return {"label": label, "n": len(answers), "text": stats(text), "visible": stats(shown),
            "over": over, "notes": dict(sorted(notes.items())), "repeats": twice,
            "collapsed": sum(1 for _, a in answers if a.notes),
            "by_kind": {k: int(statistics.median(v)) for k, v in sorted(by_kind.items())}}


def report(results: list[dict], when: str) -> str:
    lines = [f"# benchmarks/answers.py — last run {when}", "",
             "Answer length in characters: `text` is Answer.text (links written out), `visible` is "
             "what Telegram shows (links as labels). Targets: median <= 600, p95 <= 1,100, none over "
             "1,600 except lists asked for; at most 2 \"Note:\" lines; no note twice.", ""]
    for r in results:
        ok = (r["text"]["median"] <= TARGETS["median"] and r["text"]["p95"] <= TARGETS["p95"]
              and not r["over"] and max(r["notes"]) <= TARGETS["notes"] and not r["repeats"])
        lines += [f"## {r['label']}: {r['n']} answers — {'all targets met' if ok else 'TARGET MISSED'}", "",
                  "| | median | p95 | max |", "| --- | --- | --- | --- |",
                  f"| text | {r['text']['median']} | {r['text']['p95']} | {r['text']['max']} |",
                  f"| visible | {r['visible']['median']} | {r['visible']['p95']} | {r['visible']['max']} |",
                  "", f"- over 1,600 characters (lists excepted): {len(r['over'])}"]
        lines += [f"  - {kind}: {n} — {first}" for kind, n, first in r["over"][:10]]
        lines += [f"- \"Note:\" lines per answer: {r['notes']}",
                  f"- answers with collapsed notes: {r['collapsed']}",
                  f"- repeats: {len(r['repeats'])}"]
        lines += [f"  - {kind}: {what}" for kind, what in r["repeats"][:10]]
        lines += ["- median text length by kind: "
                  + ", ".join(f"{k} {v}" for k, v in r["by_kind"].items()), ""]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--db", default="sqlite:////tmp/schoolbot-real.db")
    parser.add_argument("--real", type=Path, default=REAL)
    parser.add_argument("--schools", type=int, default=60)
    parser.add_argument("--seed", type=int, default=10)
    parser.add_argument("--no-record", action="store_true", help="do not write the results file")
    args = parser.parse_args()
    from bot.db import make_engine

    sys.path.insert(0, str(REPO / "benchmarks"))
    from ask import real_database

    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(real_database(args.db, args.real, Path(folder)))
        started = time.perf_counter()
        results = [summary("development set (Schoolbot.ask)", devset(engine)),
                   summary("generated suite (builders with slots)",
                           generated(engine, pick_schools(engine, args.schools, args.seed), args.seed))]
        engine.dispose()
    text = report(results, f"{date.today():%Y-%m-%d}, {time.perf_counter() - started:.0f} s")
    print(text)
    if not args.no_record:
        RESULTS.write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
