"""Matching over real names: the ingested real database, and every secondary school in England."""

from __future__ import annotations

import csv
import random

import pytest

from bot.db import make_engine
from bot.understanding import understand
from bot.understanding.matcher import SchoolIndex, SchoolRecord

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def real_index(real_db_url) -> SchoolIndex:
    engine = make_engine(real_db_url)
    try:
        return SchoolIndex.from_engine(engine)
    finally:
        engine.dispose()


def ask(index: SchoolIndex, text: str):
    u = understand(text)
    return index.match(u.schools[0], place=u.place)


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize(
    "text, urn",
    [
        ("tomlinscot gcses", 140117),
        ("is Tomlinscote School any good?", 140117),
        ("St John the Baptist in Woking", 143369),
        ("Weydon school ofsted", 136531),
        ("george abbot", 136906),
        ("St Peters Catholic School Guildford", 147430),  # the academy, not its closed predecessor
        ("The Ashcombe School", 143901),
        ("the grange academy bushey", 147785),  # "Bushey" is also in other schools' names
        ("the mountbatten school romsey", 136640),
        ("robert mays school odiham", 138135),  # the village; the post town is Hook
        ("ofsted report for perins", 137128),  # every word asked, in one school only
        ("crestwood college", 116445),  # not The Crestwood School
        ("st swithuns winchestr", None),  # a misspelt town still narrows (St Swithun's School)
    ],
)
def test_real_names_resolve(real_index, text, urn):
    result = ask(real_index, text)
    if urn is None:  # (a URN the test looks up by name)
        urn = next(r.urn for r in real_index.records.values() if r.name == "St Swithun's School")
    assert (result.decision, result.school.urn) == ("unique", urn)


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_the_many_st_john_the_baptists_are_asked_about(real_index):
    result = ask(real_index, "is St John the Baptist any good")
    assert result.decision == "ambiguous"
    assert {116297, 116314} <= {c.urn for c in result.candidates}


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("text", ["Hogwarts ofsted", "Springfield Elementary results", "Tomlinscote Primary"])
def test_real_index_never_invents_a_school(real_index, text):
    assert ask(real_index, text).decision != "unique"


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_a_name_no_school_has_is_not_offered_a_look_alike(real_index):
    # "Meadowbrook" is no school's word: not "did you mean Fleet Primary School (Camden)?"
    assert ask(real_index, "meadowbrook primary school fleet").decision == "none"


@pytest.fixture(scope="module")
def england(real_data) -> list[SchoolRecord]:
    """Every secondary school in England (EES KS4 school information 2024), read at test time."""
    with open(real_data / "ks4" / "ks4_school_info_2024.csv", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    return [
        SchoolRecord(urn=int(r["school_urn"]), name=r["school_name"], phase="Secondary", la_name=r["la_name"],
                     town=r["full_address"].split(",")[-2].strip() if r["full_address"].count(",") >= 2 else None)
        for r in rows
    ]


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2:]  # swap two letters


def test_england_names_exact_and_misspelt(england):
    index = SchoolIndex.from_records(england)
    rng = random.Random(3)
    sample = rng.sample(england, 400)
    right = wrong = 0
    for record in sample:
        words = record.name.split()
        longest = max(range(len(words)), key=lambda i: len(words[i]))
        if len(words[longest]) >= 6:
            words[longest] = _typo(words[longest], rng)
        for text in (record.name, record.name.lower().replace("'", ""), " ".join(words)):
            result = index.match(text)
            if result.decision == "unique":
                same_name = result.school.name.lower() == record.name.lower()
                if result.school.urn == record.urn:
                    right += 1
                elif not same_name:
                    wrong += 1
            else:
                offered = {c.urn for c in result.candidates}
                assert result.decision == "ambiguous", text
                assert record.urn in offered or result.total > len(offered), text  # "Trinity School" x 9
    print(f"England secondary names: {right} unique right, {wrong} unique wrong of {3 * len(sample)}")
    assert wrong == 0
    assert right >= 0.8 * 3 * len(sample)  # the rest differ only by "Academy"/"School" etc.: ask



# Questions whose lower-ranked look-alikes once tied differently from process to process.
_TIE_PRONE = ["compass community  coastal park progress 8", "what are the gcse results at fort pitt grammar",
              "ofsted report for Fort Pitt Grammar please", "term dates for On Track Educatino Centre Northants"]
_SAME_ANSWERS_SCRIPT = """
import json, random, sys
from bot.db import make_engine
from bot.understanding import understand
from bot.understanding.matcher import SchoolIndex
index = SchoolIndex.from_engine(make_engine(sys.argv[1]))
rng = random.Random(5)
questions = json.loads(sys.argv[2])
for record in sorted(index.records.values(), key=lambda r: r.urn)[::4]:
    words = record.name.lower().replace("school", "").split()
    if len(words) > 2 and rng.random() < 0.5:
        words.pop(rng.randrange(len(words)))
    questions.append(" ".join(words))
out = []
for q in questions:
    u = understand(q)
    for name in u.schools:
        result = index.match(name, place=u.place)
        out.append([q, result.decision, [(c.urn, c.score) for c in result.candidates]])
print(json.dumps(out))
"""


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_matching_is_the_same_in_every_process(real_db_url):
    """Ties and scores must not depend on Python's per-process string hashing: two instances
    of the bot (or two runs) offer the same schools in the same order, to the last digit."""
    import json
    import os
    import subprocess
    import sys
    from concurrent.futures import ThreadPoolExecutor

    def run(seed: str) -> list:
        env = {**os.environ, "PYTHONHASHSEED": seed}
        done = subprocess.run([sys.executable, "-c", _SAME_ANSWERS_SCRIPT, real_db_url,
                               json.dumps(_TIE_PRONE)], env=env, capture_output=True, text=True,
                              timeout=300, check=True)
        return json.loads(done.stdout)

    with ThreadPoolExecutor(2) as pool:
        first, *others = pool.map(run, ["1", "2", "5", "6"])
    assert len(first) > 1500
    for other in others:
        assert [a[0] for a, b in zip(first, other) if a != b] == []


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("text, offered", [
    ("oakridge primary school basingstoke", [115859, 115974]),  # infant and junior, no primary
    ("crookham cofe infants", [116403]),  # the open school, not the one that closed in 1993
])
def test_real_names_that_need_a_question(real_index, text, offered):
    result = ask(real_index, text)
    assert result.decision == "ambiguous" and [c.urn for c in result.candidates] == offered
