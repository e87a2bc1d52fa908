"""The development set: parents' questions over the real data, answered by the core.

Prints the accuracy (right school, intent, per category) and every miss, and fails below 95 %
right school or on any answer about a school the question did not mean.

SQLite only, on purpose (the SQLite instance of conftest's `real_db_url`): accuracy depends on the
understanding, the matcher and the records, not on the back-end (both back-ends run the same
SQLAlchemy queries, which the engine-parametrised unit tests cover), and one back-end keeps the
run to seconds.
"""

from __future__ import annotations

import uuid
from collections import Counter
from types import SimpleNamespace

import pytest

from bot.answer import INTENTS
from bot.db import make_engine
from tests.devset.judge import MODES, Summary, judge, load_devset, mode_of
from tests.devset.realdb import Records, copy_sqlite

MIN_RIGHT_SCHOOL = 95.0
QUESTIONS = load_devset()


# ------------------------------------------------------------------ the set itself is well formed
def test_devset_is_large_varied_and_well_formed():
    ids = [q["id"] for q in QUESTIONS]
    assert len(QUESTIONS) >= 150
    assert len(set(ids)) == len(ids), [i for i, n in Counter(ids).items() if n > 1]
    cats = Counter(q["cat"] for q in QUESTIONS)
    for cat in ("typo", "ambiguous", "followup", "not_found", "unanswerable", "explain", "nearby",
                "compare", "closed"):
        assert cats[cat] >= 5, f"too few {cat} questions"
    for q in QUESTIONS:
        assert q["text"] is not None and q["cat"] in q["id"], q
        assert all(i in INTENTS for i in ([q["intent"]] if isinstance(q["intent"], str) else q["intent"])), q
        assert sum(k in q for k in MODES) <= 1, f"{q['id']}: more than one expectation mode"
        if mode_of(q) == "nearby":
            intents = [q["intent"]] if isinstance(q["intent"], str) else q["intent"]
            assert "nearby" in intents and (q["nearby"].get("km") or q["nearby"].get("la")), q
        if q["intent"] == "unanswerable":
            assert q.get("topic"), f"{q['id']}: unanswerable needs a topic"
    chats = [q["chat"] for q in QUESTIONS if q.get("chat")]
    assert all(n >= 2 for n in Counter(chats).values()), "a chat with one turn is not a follow-up"


# ------------------------------------------------------------------ the judge catches what matters
def _answer(**kw):
    base = dict(intent="results", schools=[], clarify=[], text="", caveats=[], topic=None,
                outcome="answered")
    return SimpleNamespace(**{**base, **kw})


def test_judge_flags_a_school_the_question_did_not_mean():
    item = {"id": "t", "cat": "t", "text": "x", "intent": "results", "schools": [1]}
    assert judge(item, _answer(schools=[1]), {}).school_ok
    verdict = judge(item, _answer(schools=[1, 2]), {})
    assert not verdict.school_ok and verdict.wrong == [2]
    assert judge(item, _answer(schools=[1, 2]), {1: {2}}).school_ok  # 2 is 1's predecessor


def test_judge_treats_a_confident_answer_to_an_ambiguous_name_as_wrong():
    item = {"id": "t", "cat": "t", "text": "x", "intent": "overview", "clarify": [1, 2]}
    assert judge(item, _answer(clarify=[1, 2, 3], outcome="clarified"), {}).school_ok
    assert not judge(item, _answer(clarify=[1], outcome="clarified"), {}).school_ok
    assert judge(item, _answer(schools=[1]), {}).wrong == [1]


def test_judge_not_found_and_facts():
    item = {"id": "t", "cat": "t", "text": "x", "intent": "results", "outcome": "not_found",
            "contains": ["01276 709050"]}
    ok = judge(item, _answer(outcome="not_found", text="Call 01276709050."), {})
    assert ok.school_ok and not ok.missing_facts
    bad = judge(item, _answer(outcome="clarified", clarify=[5], text=""), {})
    assert not bad.school_ok and not bad.wrong and bad.missing_facts == ["01276 709050"]


# ------------------------------------------------------------------ the run over the real data
@pytest.fixture(scope="module")
def devset_engine(real_db_url, tmp_path_factory):
    """A private copy of the real database: the run writes conversations and its question log."""
    engine = make_engine(copy_sqlite(real_db_url, tmp_path_factory.mktemp("devset") / "devset.db"))
    yield engine
    engine.dispose()


def run_devset(engine) -> Summary:
    """Ask every question in file order; turns with the same chat form one conversation."""
    from bot.core import Schoolbot

    bot = Schoolbot(engine)
    records = Records(engine)
    run = uuid.uuid4().hex[:8]  # fresh conversations on every run, even on a shared database
    verdicts = []
    for item in QUESTIONS:
        chat = f"devset-{run}-{item['chat']}" if item.get("chat") else None
        answer = bot.ask(item["text"], chat=chat)
        verdicts.append(judge(item, answer, records.lines, records.facts, records.centroid))
    return Summary(verdicts)


@pytest.mark.real
@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_devset_accuracy(devset_engine, capsys):
    summary = run_devset(devset_engine)
    with capsys.disabled():
        print("\n" + summary.report())
    wrong = [f"{v.item['id']}: {v.item['text']!r} -> {v.got_schools}" for v in summary.wrong]
    assert not wrong, "answered about a school the question did not mean:\n" + "\n".join(wrong)
    assert summary.right_school_pct >= MIN_RIGHT_SCHOOL, (
        f"right school {summary.right_school_pct:.1f} % < {MIN_RIGHT_SCHOOL} % (see the report above)")
