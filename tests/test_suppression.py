"""The attacker: no count of 5 or fewer can be recovered from the export, another export over an
overlapping period and the reviews beside them (issue 9, item 6; issue 12, item 4).

An attacker recovers a hidden count only if no other count fits everything published. So for
each small cell of a generated log the test builds another log, identical but for one question
more (or less) in that cell, whose record keys — secret, random — happen to draw the same way,
and checks that every publication (two overlapping exports, the review, an LA's review) is the
same for both: the attacker cannot tell the two counts apart. The same check run on a naive
publisher (exact totals, each small cell suppressed on its own) tells them apart every time,
and the classic subtraction of two overlapping exports recovers counts from it.
"""

from __future__ import annotations

import csv
import json
import random
import uuid
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import delete, func, insert, select

from bot.answer import Answer
from bot.questionlog import QuestionLog, build_review, export_csv
from bot.questionlog.cube import load_cube, week_label, whole_weeks
from bot.questionlog.models import LoggedQuestion as Q
from bot.questionlog.suppress import SMALL, rounded
from bot.settings import Settings

MONDAY = datetime(2026, 6, 1)  # five whole weeks from here
TODAY = date(2026, 7, 13)
KEEP = 3650
LAS = {850: 60, 851: 8, 852: 2}  # questions a week: a big, a small and a tiny LA
TOPICS = {"transport": "is there a school bus to {}", "term_dates": "term dates for {}",
          "uniform": "how much is the uniform at {}"}
PLACES = ["Farnham", "Woking", "Epsom", "Guildford"]


def seed(engine, seed_: int = 5) -> None:
    """Five weeks of questions in three LAs, with many small cells: answered and unanswerable,
    several channels, feedback and local answers."""
    rng = random.Random(seed_)
    now = [MONDAY]
    log = QuestionLog(engine, Settings(log_hash_key="k" * 40, log_retention_days=KEEP), clock=lambda: now[0])
    for week in range(5):
        for la, n in LAS.items():
            for _ in range(n + rng.randrange(3)):
                now[0] = MONDAY + timedelta(weeks=week, minutes=rng.randrange(7 * 24 * 60))
                topic = rng.choice([*TOPICS, None, None])
                answer = (Answer(intent="unanswerable", text="", outcome="unanswerable", topic=topic, la_code=la)
                          if topic else Answer(intent=rng.choice(["results", "inspection"]), text="",
                                               schools=[100000 + la]))
                if topic == "transport" and la == 850 and rng.random() < 0.5:
                    answer.local_answer = {"id": 1}
                qid = log.record(text=TOPICS[topic].format(rng.choice(PLACES)) if topic else "results please",
                                 answer=answer, channel=rng.choice(["telegram_private", "telegram_private", "chat"]),
                                 chat_type="private", user=str(rng.randrange(50)), latency_ms=50,
                                 la_codes=None if topic else [la])
                if rng.random() < 0.15:
                    log.feedback(qid, rng.random() < 0.6, comment="more about buses" if rng.random() < 0.3 else None)


def publications(engine, folder) -> dict:
    """Everything an attacker can get: two exports over overlapping periods (they cover days,
    not weeks), the review and the small LA's review — every count in them."""
    out = {}
    for name, since, until in (("a", date(2026, 6, 3), date(2026, 6, 30)), ("b", date(2026, 6, 1), date(2026, 7, 9))):
        path = folder / f"{name}.csv"
        export_csv(engine, path, since, until, today=TODAY, retention_days=KEEP)
        out[f"export {name}"] = path.read_text(encoding="utf-8")
    for la in (None, 851, 852):
        r = build_review(engine, la=la, today=TODAY, retention_days=KEEP)
        out[f"review {la}"] = {
            "total": r.total, "weeks": r.per_week, "channels": r.channels, "intents": r.intents,
            "outcomes": r.outcomes, "las": [(x.key, x.count) for x in r.las], "unanswered": r.unanswered,
            "feedback": (r.feedback, r.useful, r.not_useful, r.comments),
            "gaps": [(g.topic, g.asked, g.unanswerable, g.local, g.useful, g.not_useful, g.weekly, g.flag)
                     for g in r.gaps],
            "themes": [(t.label, t.size, t.weekly, t.local, t.flag) for t in r.themes],
            "local": [(x.answer.id, x.served, x.useful, x.not_useful) for x in r.local],
            "todo": [(a.la, [(t.label, n) for t, n in a.themes]) for a in r.todo],
            "schools": [(x.key, x.count) for x in r.schools]}
    return out


def naive(engine) -> dict:
    """The old way: exact totals, each count of 1 to 5 shown as "≤5" on its own, any days."""
    with engine.connect() as conn:
        rows = conn.execute(select(Q.la_code, Q.intent, Q.outcome, Q.topic, func.count())
                            .group_by(Q.la_code, Q.intent, Q.outcome, Q.topic)).all()
        total = conn.execute(select(Q.la_code, func.count()).group_by(Q.la_code)).all()
    return {"cells": sorted((str(k), "≤5" if n <= SMALL else n) for *k, n in rows), "totals": sorted(total, key=str)}


def small_cells(engine, how_many: int):
    """Cells of 1 to 5 questions (those of the tiny LA first: the likeliest to leak)."""
    weeks = whole_weeks(MONDAY.date(), None, today=TODAY, retention_days=KEEP)
    with engine.connect() as conn:
        cells = [c for c in load_cube(conn, weeks).cells if 0 < c.count <= SMALL]
    random.Random(1).shuffle(cells)
    cells.sort(key=lambda c: c.la != 852)
    return cells[:how_many]


def twin(engine, cell) -> list[str]:
    """Make the log the other one: one question more in `cell` (one fewer when it holds 5), its
    record keys such that the cell draws as before. Returns the ids to take out again."""
    with engine.connect() as conn:
        members = conn.execute(select(Q.id, Q.bucket).where(*_in(cell))).all()
    key = sum(b for _, b in members)
    if cell.count < SMALL:
        bucket = next(b for b in range(1000) if rounded(cell.count + 1, key + b) == cell.value)
        day = datetime.strptime(cell.week + "-3", "%G-W%V-%u")
        qid = uuid.uuid4().hex
        with engine.begin() as conn:
            conn.execute(insert(Q).values(
                id=qid, asked_at=day, day=day.date(), week=cell.week, channel=cell.channel, chat_type="private",
                intent=cell.intent, topic=cell.topic, outcome=cell.outcome, confidence=None, latency_ms=50,
                la_code=cell.la, text="zqxv", user_hash=None, bucket=bucket,
                useful={"none": None, "useful": True}.get(cell.feedback, False),
                comment="zqxv" if cell.feedback == "replied" else None, feedback_at=None,
                local_answer_id=cell.local))
        return [qid]
    gone, keep = members[0], members[1]  # five: take one out, and say the next drew otherwise
    bucket = next(b for b in range(1000) if rounded(cell.count - 1, key - gone[1] - keep[1] + b) == cell.value)
    with engine.begin() as conn:
        conn.execute(delete(Q).where(Q.id == gone[0]))
        conn.execute(Q.__table__.update().where(Q.id == keep[0]).values(bucket=bucket))
    return []


def _in(cell):
    feedback = {"none": [Q.useful.is_(None)], "useful": [Q.useful.is_(True)],
                "not_useful": [Q.useful.is_(False), Q.comment.is_(None)],
                "replied": [Q.useful.is_(False), Q.comment.is_not(None)]}[cell.feedback]
    return [Q.week == cell.week, Q.la_code == cell.la if cell.la is not None else Q.la_code.is_(None),
            Q.intent == cell.intent, Q.outcome == cell.outcome,
            Q.topic == cell.topic if cell.topic is not None else Q.topic.is_(None), Q.channel == cell.channel,
            Q.local_answer_id == cell.local if cell.local is not None else Q.local_answer_id.is_(None), *feedback]


def test_no_small_count_can_be_told_from_another(engine, tmp_path):
    seed(engine)
    targets = small_cells(engine, 12)
    assert len(targets) == 12 and any(c.la == 852 for c in targets), "the log must have small cells to attack"
    told_apart = 0
    for cell in targets:
        before, naive_before = publications(engine, tmp_path), naive(engine)
        twin(engine, cell)
        after, naive_after = publications(engine, tmp_path), naive(engine)
        for name in before:
            assert after[name] == before[name], f"{name} tells {cell.count} from its twin in {cell}"
        told_apart += naive_after != naive_before
    assert told_apart == len(targets), "the naive publisher gives every one of them away"


def test_overlapping_exports_share_identical_weeks_and_subtract_to_nothing(engine, tmp_path):
    seed(engine)
    rows = {}
    for name, since, until in (("a", date(2026, 6, 1), date(2026, 6, 24)), ("b", date(2026, 6, 4), date(2026, 7, 12))):
        export_csv(engine, tmp_path / f"{name}.csv", since, until, today=TODAY, retention_days=KEEP)
        with open(tmp_path / f"{name}.csv", newline="", encoding="utf-8") as f:
            rows[name] = {tuple(r[k] for k in ("week", "la_code", "intent", "outcome", "topic")): r["questions"]
                          for r in csv.DictReader(f)}
    shared = {k[0] for k in rows["a"]} & {k[0] for k in rows["b"]}
    assert shared == {"2026-W24", "2026-W25"}, "the days outside whole weeks are left out of both"
    for key in rows["a"].keys() | rows["b"].keys():
        if key[0] in shared:
            assert rows["a"].get(key) == rows["b"].get(key), key
    # The same subtraction recovers exact counts from exports over days, each suppressed alone:
    with engine.connect() as conn:
        def by_days(first, last):
            return dict(((la, topic), n) for la, topic, n in conn.execute(
                select(Q.la_code, Q.topic, func.count()).where(Q.day >= first, Q.day <= last)
                .group_by(Q.la_code, Q.topic)))
        wide, narrow = by_days(date(2026, 6, 1), date(2026, 6, 24)), by_days(date(2026, 6, 2), date(2026, 6, 24))
        exact = by_days(date(2026, 6, 1), date(2026, 6, 1))
    recovered = {k: wide[k] - narrow.get(k, 0) for k in wide if wide[k] > SMALL and narrow.get(k, 0) > SMALL
                 and 0 < wide[k] - narrow.get(k, 0) <= SMALL}
    assert recovered and all(exact[k] == n for k, n in recovered.items()), "the attack works on naive exports"


def test_rounding_is_unbiased_and_a_cell_of_one_to_four_can_round_either_way():
    for count in range(0, 300):
        draws = [rounded(count, key) for key in range(1000)]
        assert sum(draws) == 1000 * count, "the mean over the keys is the count: sums stay unbiased"
        assert all(d % 5 == 0 and abs(d - count) < 5 for d in draws)
        if count % 5:
            assert len(set(draws)) == 2, "a count not a multiple of 5 can round down or up"


def test_weeks_still_running_or_partly_purged_are_never_published(engine, tmp_path):
    seed(engine)
    out = tmp_path / "now.csv"
    export_csv(engine, out, today=date(2026, 6, 24), retention_days=KEEP)  # a Wednesday
    weeks = {r["week"] for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert weeks == {"2026-W23", "2026-W24", "2026-W25"}, "the week running on 24 June is not published"
    export_csv(engine, out, today=TODAY, retention_days=30)  # kept from 14 June on
    weeks = {r["week"] for r in csv.DictReader(out.read_text(encoding="utf-8").splitlines())}
    assert weeks == {"2026-W25", "2026-W26", "2026-W27"} and week_label(date(2026, 6, 14)) == "2026-W24"


def test_export_validates_against_its_own_datapackage(engine, tmp_path):
    frictionless = pytest.importorskip("frictionless", reason="frictionless is a test dependency")
    seed(engine)
    done = export_csv(engine, tmp_path / "questions.csv", la=850, today=TODAY, retention_days=KEEP)
    assert done.rows > 20
    report = frictionless.validate(str(done.package))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    package = json.loads(done.package.read_text(encoding="utf-8"))
    assert package["licenses"][0]["name"] == "OGL-UK-3.0" and "Open Government Licence v3.0" in package["licenses"][0]["title"]
    assert package["period"] == {"start": "2026-06-01", "end": "2026-07-12",  # the last week that has ended
                                 "weeks": ["2026-W23", "2026-W24", "2026-W25", "2026-W26", "2026-W27", "2026-W28"]}
    assert package["suppression"]["threshold"] == 5 and "rounded" in package["suppression"]["rule"]
    assert package["generator"]["name"] == "schoolbot" and package["generator"]["version"]
    fields = {f["name"]: f for f in package["resources"][0]["schema"]["fields"]}
    assert list(fields) == ["week", "la_code", "intent", "outcome", "topic", "questions"]
    assert all(f.get("description") and f.get("type") for f in fields.values())
    # The schema is strict enough to fail: an exact small count or an unknown outcome is refused.
    lines = (tmp_path / "questions.csv").read_text(encoding="utf-8").splitlines()
    for bad in (lines[1].rsplit(",", 1)[0] + ",3", lines[1].replace(",answered,", ",guessed,").replace(",unanswerable,", ",guessed,")):
        (tmp_path / "questions.csv").write_text("\n".join([lines[0], bad, *lines[2:]]) + "\n", encoding="utf-8")
        assert not frictionless.validate(str(done.package)).valid, bad
