"""Closing the loop (issue 12): needs planted in a generated log of 50,000+ questions over six
weeks and four LAs are found by each LA's review, the growing one is flagged, and once the
council answers it (`schoolbot answers add`) the same questions get the local answer and the
review counts them as answered locally.
"""

from __future__ import annotations

import random
import uuid
from datetime import UTC, datetime, time, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import insert

from bot.cli import main
from bot.core import Schoolbot
from bot.models import LocalAuthority, School
from bot.questionlog import build_review
from bot.questionlog.models import LoggedQuestion, LoggedSchool
from bot.render import knowledge
from bot.settings import Settings

pytestmark = pytest.mark.slow
WEEKS = 6
TODAY = datetime.now(UTC).date()
FIRST = TODAY - timedelta(days=TODAY.weekday() + 7 * WEEKS)  # the Monday six whole weeks ago
AREAS = {  # LA -> (name, town, schools)
    936: ("Surrey", "Farnham", ["Thornbury Vale Academy", "Ashcombe Meadow School", "Weybourne Priory School"]),
    850: ("Hampshire", "Andover", ["Kingsclere Downs Primary School", "Harewood Chase Academy",
                                   "Oakhanger Fields School"]),
    886: ("Kent", "Ashford", ["Wyebridge Marsh School", "Stourmouth Hollow Academy", "Sandling Reach School"]),
    330: ("Birmingham", "Erdington", ["Brookvale Tyburn Academy", "Kingstanding Rise School",
                                      "Perry Common Grange School"]),
}
NEEDS = {  # the need planted in each LA: topic, phrasings, questions in each of the six weeks
    936: ("transport", ["is there a school bus to {}", "school bus route to {}", "does a bus go to {}",
                        "free school bus for {}"], [30, 40, 60, 95, 150, 240]),
    850: ("wraparound_care", ["does {} have a breakfast club", "breakfast club at {}",
                              "breakfast club times {}"], [120, 125, 118, 122, 119, 121]),
    886: ("bullying", ["is there bullying at {}", "how does {} deal with bullying", "bullying problems {}"],
          [100, 96, 104, 99, 101, 100]),
    330: ("send_support", ["autism support at {}", "special needs support {}", "does {} have autism support"],
          [80, 84, 79, 82, 80, 81]),
}
NOISE = ["parking near {}", "lunch menu {}", "is {} haunted", "prom date {}", "swimming pool {}",
         "who is the caretaker at {}", "how much is the uniform at {}", "term dates {}"]
ANSWERED = ["results", "inspection", "overview", "pupils", "contact"]
OWN_LINE = knowledge("measures")["unanswerable"]["transport"]["text"].split(";")[0]


def schools() -> dict[int, tuple[int, str]]:
    """URN -> (LA, name) of the records the test loads."""
    return {900100 + 10 * i + j: (la, name) for i, (la, (_, _, names)) in enumerate(AREAS.items())
            for j, name in enumerate(names)}


def load_records(engine) -> None:
    with engine.begin() as conn:
        conn.execute(insert(LocalAuthority), [{"code": la, "name": name, "region": None}
                                              for la, (name, _, _) in AREAS.items()])
        conn.execute(insert(School), [
            {"urn": urn, "name": name, "la_code": la, "la_name": AREAS[la][0], "town": AREAS[la][1],
             "phase": "Secondary", "is_open": True, "demo": False, "postcode": None}
            for urn, (la, name) in schools().items()])


def generate(engine, seed: int = 12) -> int:
    """50,000+ logged questions: answered ones in every LA, the planted needs, scattered noise."""
    rng = random.Random(seed)
    by_la = {la: [(u, n) for u, (home, n) in schools().items() if home == la] for la in AREAS}
    rows, links = [], []

    def add(week: int, la: int | None, intent: str, outcome: str, topic: str | None, text: str, urn: int | None):
        asked = datetime.combine(FIRST + timedelta(weeks=week, days=rng.randrange(7)), time(rng.randrange(24)))
        iso = asked.date().isocalendar()
        qid = uuid.uuid4().hex
        rows.append({"id": qid, "asked_at": asked, "day": asked.date(), "week": f"{iso[0]}-W{iso[1]:02d}",
                     "channel": rng.choice(["telegram_private"] * 8 + ["telegram_group", "chat"]),
                     "chat_type": "private", "intent": intent, "topic": topic, "outcome": outcome,
                     "confidence": 0.9, "latency_ms": rng.randrange(5, 200), "la_code": la, "text": text,
                     "user_hash": None, "bucket": rng.randrange(1000), "useful": None, "comment": None,
                     "feedback_at": None, "local_answer_id": None})
        if urn is not None:
            links.append({"question_id": qid, "urn": urn, "la_code": la, "day": asked.date()})

    for week in range(WEEKS):
        for la in AREAS:
            for _ in range(1800 + rng.randrange(100)):
                urn, name = rng.choice(by_la[la])
                intent = rng.choice(ANSWERED)
                add(week, la, intent, "answered", intent, f"{intent} {name}", urn)
            for _ in range(25):
                urn, name = rng.choice(by_la[la])
                add(week, la, "unknown", "not_understood", None, rng.choice(NOISE).format(name), None)
            topic, phrasings, weekly = NEEDS[la]
            for _ in range(weekly[week]):
                urn, name = rng.choice(by_la[la])
                add(week, la, "unanswerable", "unanswerable", topic, rng.choice(phrasings).format(name), urn)
        for _ in range(600):  # questions naming no school
            add(week, None, "explain", "answered", "progress_8", "what is progress 8", None)
    with engine.begin() as conn:
        for i in range(0, len(rows), 10_000):
            conn.execute(insert(LoggedQuestion), rows[i:i + 10_000])
        conn.execute(insert(LoggedSchool), links)
    return len(rows)


def test_each_area_sees_its_own_needs_the_growing_one_flagged_then_answered_locally(db_url, engine):
    load_records(engine)
    assert generate(engine) >= 50_000
    # Each LA's review finds its own planted need — first among what open data cannot answer and
    # among the themes — and no other LA's; only the growing one is flagged.
    for la, (topic, _, _) in NEEDS.items():
        review = build_review(engine, la=la)
        assert review.weeks.count == WEEKS and review.la_name == AREAS[la][0]
        assert review.gaps[0].topic == topic, [(g.topic, g.unanswerable) for g in review.gaps]
        assert {g.topic for g in review.gaps} == {topic}, "no other LA's need"
        words = {"transport": "bus", "wraparound_care": "breakfast", "bullying": "bullying",
                 "send_support": "support"}[topic]
        assert words in review.themes[0].words, [t.label for t in review.themes[:3]]
        flagged = {g.topic for g in review.gaps if g.flag} | {w for t in review.themes if t.flag for w in t.words}
        if la == 936:
            assert review.gaps[0].flag == "growing" and review.themes[0].flag == "growing"
            assert flagged <= {"transport", "bus", "route", "free"}, flagged
            assert [a.la for a in review.todo] == [936] and "bus" in review.todo[0].themes[0][0].words
        else:
            assert not flagged, (la, flagged)

    runner = CliRunner()
    result = runner.invoke(main, ["review", "--db", db_url, "--la", "936"])
    assert result.exit_code == 0, result.output
    assert "Surrey (LA 936)" in result.output and "growing" in result.output and "bus" in result.output

    # The council answers; the same questions now get its answer, and the review counts them.
    result = runner.invoke(main, ["answers", "add", "--db", db_url, "--topic", "transport", "--la", "936",
                                  "--by", "Surrey County Council", "--source", "https://www.surreycc.gov.uk/transport",
                                  "--text", "Free buses run to every Farnham secondary; apply by 31 May."])
    assert result.exit_code == 0 and "Added local answer 1" in result.output, result.output
    bot = Schoolbot(engine, Settings(_env_file=None, log_hash_key="k" * 40))
    asked_on = datetime.combine(TODAY - timedelta(days=TODAY.weekday()), time(9))  # this week, Monday
    bot.log.clock = lambda: asked_on
    rng = random.Random(3)
    surrey = [name for _, (la, name) in schools().items() if la == 936]
    hampshire = [name for _, (la, name) in schools().items() if la == 850]
    asked = [rng.choice(NEEDS[936][1]).format(rng.choice(surrey)) for _ in range(60)]
    for question in asked:
        answer = bot.ask(question, channel="telegram_private", user="7")
        assert answer.topic == "transport" and answer.local_answer and answer.local_answer["id"] == 1, question
        own, local = answer.text.find(OWN_LINE), answer.text.find("From Surrey County Council, ")
        assert 0 <= own < local, "after Schoolbot's own line, attributed and dated"
    elsewhere = bot.ask(f"is there a school bus to {hampshire[0]}")
    assert elsewhere.topic == "transport" and elsewhere.local_answer is None, "Surrey's answer stays in Surrey"

    review = build_review(engine, la=936, today=TODAY + timedelta(days=7))  # this week has ended
    transport = next(g for g in review.gaps if g.topic == "transport")
    assert transport.weekly[-1] >= 55 and abs(transport.local - len(asked)) <= 4, (transport, len(asked))
    [row] = review.local
    assert row.answer.by == "Surrey County Council" and abs(row.served - len(asked)) <= 4
    assert not any("bus" in t.words for a in review.todo for t, _ in a.themes), "answered: off the to-do list"
    assert build_review(engine, la=850, today=TODAY + timedelta(days=7)).local == [], "not Hampshire's"
