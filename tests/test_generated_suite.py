"""The generated robustness suite: thousands of questions from templates × real school names ×
how parents mistype, asked of the core over the real data.

Prints accuracy per noise class and per slot; fails below 98 % right school (an answer about it,
or "which one?" offering it), on any answer about a school the question did not mean, or below
97 % of the measures and years asked read right. SQLite only, like the development set.
"""

from __future__ import annotations

import random
from collections import defaultdict

import pytest
from sqlalchemy import select

from bot.db import make_engine
from bot.models import School as SchoolRow
from tests.devset.realdb import Records, copy_sqlite
from tests.generated.suite import Generated, School, generate

MIN_RIGHT_SCHOOL = 98.0
MIN_SLOTS = 97.0
HOME_LAS = (850, 936, 919)  # Hampshire, Surrey, Hertfordshire: the LAs with full GIAS extracts


def _schools(bot, engine, count: int, seed: int = 11) -> list[School]:
    """Open primary and secondary schools whose full name names them alone, mostly from the three
    home LAs and some from the rest of England."""
    with engine.connect() as conn:
        rows = conn.execute(select(SchoolRow.urn, SchoolRow.name, SchoolRow.phase, SchoolRow.la_code)
                            .where(SchoolRow.is_open.is_(True)).order_by(SchoolRow.urn)).all()
    rng = random.Random(seed)
    rng.shuffle(rows)
    home, away, out = count * 2 // 3, count - count * 2 // 3, []
    for urn, name, phase, la in rows:
        kind = "primary" if "primary" in (phase or "").lower() else \
            "secondary" if "secondary" in (phase or "").lower() else None
        if kind is None or len(name.split()) < 2:
            continue
        quota = home if la in HOME_LAS else away
        if quota <= 0:
            continue
        result = bot.index.match(name)
        if result.decision != "unique" or result.candidates[0].urn != urn:
            continue  # a name several schools share: no single right answer to expect
        out.append(School(urn, name, kind))
        if la in HOME_LAS:
            home -= 1
        else:
            away -= 1
        if home <= 0 and away <= 0:
            break
    return out


def _pct(rows: list[bool]) -> float:
    return 100.0 * sum(rows) / len(rows) if rows else 100.0


@pytest.mark.real
@pytest.mark.slow
@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_generated_questions(real_db_url, tmp_path, capsys):
    from bot.core import Schoolbot

    engine = make_engine(copy_sqlite(real_db_url, tmp_path / "generated.db"))
    bot = Schoolbot(engine, log=False)
    lines = Records(engine).lines
    questions = generate(_schools(bot, engine, 280), per_school=18)
    assert len(questions) >= 5000

    by_noise: dict[str, list[tuple[bool, bool]]] = defaultdict(list)
    measures: list[bool] = []
    years: list[bool] = []
    wrong: list[str] = []
    misses: list[str] = []
    slot_misses: list[str] = []
    for q in questions:
        answer = bot.ask(q.text)
        family = {q.urn} | lines.get(q.urn, set())
        others = [u for u in answer.schools if u not in family]
        right = (q.urn in answer.schools and not others) or (
            answer.outcome == "clarified" and q.urn in answer.clarify)
        by_noise[q.noise].append((right, answer.intent == q.intent))
        if others:
            wrong.append(f"{q.text!r} (URN {q.urn}) -> {answer.schools}")
        elif not right:
            misses.append(f"[{q.noise}] {q.text!r} (URN {q.urn}) -> {answer.outcome} {answer.clarify[:4]}")
        if q.measure:
            ok = answer.slots.get("measure") == q.measure
            measures.append(ok)
            if not ok:
                slot_misses.append(f"measure {q.text!r}: {answer.slots.get('measure')} != {q.measure}")
        if q.years:
            ok = answer.slots.get("years") == [f"{y - 1}/{str(y)[-2:]}" for y in q.years]
            years.append(ok)
            if not ok:
                slot_misses.append(f"years {q.text!r}: {answer.slots.get('years')}")

    every = [r for rows in by_noise.values() for r, _ in rows]
    report = [f"Generated suite: {len(questions)} questions about {len({q.urn for q in questions})} schools",
              f"  right school {_pct(every):5.1f} %   wrong school {len(wrong)}",
              f"  measure slot {_pct(measures):5.1f} % ({len(measures)})   years slot {_pct(years):5.1f} % ({len(years)})",
              f"  {'noise':<15}{'n':>6}{'school %':>10}{'intent %':>10}"]
    for noise, rows in sorted(by_noise.items()):
        report.append(f"  {noise:<15}{len(rows):>6}{_pct([r for r, _ in rows]):>10.1f}"
                      f"{_pct([i for _, i in rows]):>10.1f}")
    report += ["", "Wrong school:", *wrong[:30], "", f"School misses ({len(misses)}):", *misses[:40],
               "", f"Slot misses ({len(slot_misses)}):", *slot_misses[:30]]
    with capsys.disabled():
        print("\n" + "\n".join(report))
    assert not wrong, "answered about a school the question did not mean (see the report)"
    assert _pct(every) >= MIN_RIGHT_SCHOOL
    assert _pct(measures) >= MIN_SLOTS and _pct(years) >= MIN_SLOTS


def test_the_noise_model_changes_questions_as_parents_do():
    from tests.generated.noise import NOISE, run_together

    rng = random.Random(3)
    text = "how did Tomlinscote School do in GCSEs"
    assert NOISE["lower"](text, rng) == text.lower()
    typos = [NOISE["typo"](text, rng) for _ in range(40)]
    assert len(set(typos)) > 10 and all(len(t) - len(text) in (-1, 0, 1) for t in typos)
    assert sum(t != text for t in typos) >= 36  # a swap of two equal letters changes nothing
    assert run_together("is Hinchley Wood School good", rng, "Hinchley Wood School") in (
        "is hinchleywood School good", "is Hinchley woodschool good")
    assert NOISE["preamble"](text, rng).endswith("ow did Tomlinscote School do in GCSEs")


def test_generated_questions_carry_what_they_ask():
    schools = [School(1, "Alpha Beta School", "secondary"), School(2, "Gamma Primary School", "primary")]
    questions = generate(schools, per_school=30)
    assert {q.urn for q in questions} == {1, 2}
    assert all(q.intent for q in questions)
    with_years = [q for q in questions if q.years]
    assert with_years and all(str(q.years[0])[-2:] in q.text or str(q.years[0] - 1) in q.text
                              for q in with_years if q.noise in ("clean", "lower"))
    assert not [q for q in questions if q.urn == 2 and "gcse" in q.template]
    assert isinstance(questions[0], Generated)
