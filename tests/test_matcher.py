"""SchoolIndex.match(): spelling, St/CofE/RC variants, places, closed schools, successors, not found."""

from __future__ import annotations

from datetime import datetime

import pytest

from bot.db import session_scope
from bot.models import School, SchoolLink, SchoolName, SourceFile
from bot.understanding.matcher import SchoolIndex, SchoolRecord

R = SchoolRecord
RECORDS = [
    R(1, "Tomlinscote School", "Camberley", "Secondary", la_name="Surrey", postcode="GU16 8PY"),
    R(2, "Collingwood College", "Camberley", "Secondary", la_name="Surrey", postcode="GU15 4AE"),
    R(3, "Kings International College", "Camberley", "Secondary", la_name="Surrey", postcode="GU15 2PQ",
      former_names=("Kings College for the Arts and Technology",)),
    R(10, "St Anne's Catholic Primary School", "Chertsey", "Primary", la_name="Surrey", postcode="KT16 9AT"),
    R(11, "St Anne's Church of England Primary School", "Alton", "Primary", la_name="Hampshire",
      postcode="GU34 2AA"),
    R(12, "St Ann's RC Primary School", "Stockport", "Primary", la_name="Stockport", postcode="SK1 1AA"),
    R(20, "St Mary's CofE Primary School", "Alton", "Primary", la_name="Hampshire", postcode="GU34 1AB"),
    R(21, "St Mary's Catholic Primary School", "Basingstoke", "Primary", la_name="Hampshire",
      postcode="RG21 1AA"),
    R(22, "St Mary's Infant School", "Woking", "Primary", la_name="Surrey", postcode="GU22 1AA"),
    R(30, "Oakfield Junior School", "Leatherhead", "Primary", la_name="Surrey", postcode="KT22 9AA"),
    R(31, "Oakfield Infant School", "Leatherhead", "Primary", la_name="Surrey", postcode="KT22 9AB"),
    R(32, "Oakfield Primary School", "Southampton", "Primary", la_name="Southampton", postcode="SO16 1AA"),
    R(40, "Frimley Church of England Junior School", "Camberley", "Primary", la_name="Surrey",
      locality="Frimley Green", postcode="GU16 6AA"),
    R(50, "St John the Baptist CofE Primary School", "Fareham", "Primary", la_name="Hampshire", postcode="PO14 4NH"),
    R(51, "St John the Baptist CofE Primary School", "Southampton", "Primary", la_name="Hampshire",
      postcode="SO32 2LY"),
    R(52, "St John the Baptist Catholic Comprehensive School", "Woking", "Secondary", la_name="Surrey",
      postcode="GU22 9AL"),
    # A closed infant school replaced by an academy with a new name.
    R(60, "Old Lane Infant School", "Fleet", "Primary", is_open=False, la_name="Hampshire", successor_urn=61),
    R(61, "Meadow Academy", "Fleet", "Primary", la_name="Hampshire", postcode="GU51 1AA"),
    # A closed school with no successor, and an open school of the same name elsewhere.
    R(70, "Ashley Infant School", "Walton-on-Thames", "Primary", is_open=False, la_name="Surrey"),
    R(71, "Ashley Infant School", "New Milton", "Primary", la_name="Hampshire", postcode="BH25 5AA"),
    # A closed school and no other school of that name: it answers for itself.
    R(80, "Hillside Grange Primary School", "Fleet", "Primary", is_open=False, la_name="Hampshire"),
]


@pytest.fixture(scope="module")
def index() -> SchoolIndex:
    return SchoolIndex.from_records(RECORDS)


@pytest.mark.parametrize(
    "text, urn",
    [
        ("Tomlinscote", 1),
        ("tomlinscote school", 1),
        ("TOMLINSCOTE", 1),
        ("tomlinscot", 1),
        ("Tomlinscoat", 1),
        ("tomlins cote", 1),
        ("Colingwood Colege", 2),
        ("the collingwood college", 2),
        ("Kings International", 3),
        ("St Anne's Catholic Primary", 10),
        ("saint annes catholic", 10),
        ("St. Anne RC", 10),
        ("st annes roman catholic primary school", 10),
        ("St Anne's C of E", 11),
        ("st annes cofe primary", 11),
        ("Saint Anne's Church of England Primary", 11),
        ("St Annes C.E.", 11),
        ("St Mary's RC", 21),
        ("st marys catholic primary school", 21),
        ("St Mary's Inf", 22),
        ("st marys infants", 22),
        ("Oakfield Junior", 30),
        ("oakfield jun", 30),
        ("Oakfield Inf", 31),
        ("Oakfield Infants School", 31),
        ("oakfield prim", 32),
        ("Frimley CofE Junior", 40),
        ("frimley c of e jun", 40),
        ("Frimley C.E. Junior School", 40),
        ("frimley junior", 40),
    ],
)
def test_unique_despite_spelling_and_variants(index, text, urn):
    result = index.match(text)
    assert result.decision == "unique", (text, [(c.name, c.score) for c in result.candidates])
    assert result.school.urn == urn and result.candidates[0].urn == urn


@pytest.mark.parametrize(
    "text, urns",
    [
        ("St Anne's", {10, 11}),
        ("St Mary's", {20, 21, 22}),
        ("Oakfield", {30, 31, 32}),
        ("St John the Baptist", {50, 51, 52}),
        ("St John the Baptist CofE Primary", {50, 51}),
    ],
)
def test_ambiguous_names_offer_each_school_with_town_and_phase(index, text, urns):
    result = index.match(text)
    assert result.decision == "ambiguous"
    offered = {c.urn for c in result.candidates}
    assert urns <= offered and result.total >= len(urns)
    for c in result.candidates:
        assert c.town and c.phase and c.town in c.label and c.phase.lower() in c.label


@pytest.mark.parametrize(
    "text, place, urn",
    [
        ("St Mary's", "Alton", 20),
        ("St Mary's", "alton", 20),
        ("St Mary's", "GU34 1AB", 20),
        ("St Mary's", "GU34", 20),
        ("St Mary's", "Woking", 22),
        ("St Anne's", "Chertsey", 10),
        ("St Anne's", "Hampshire", 11),
        ("Oakfield", "Southampton", 32),
        ("St John the Baptist", "Woking", 52),
        ("St John the Baptist", "Fareham", 50),
        ("Frimley Junior", "Frimley Green", 40),
    ],
)
def test_a_place_narrows_to_one(index, text, place, urn):
    result = index.match(text, place=place)
    assert (result.decision, result.school.urn, result.place_matched) == ("unique", urn, True)


@pytest.mark.parametrize(
    "text, urn",
    [("st marys alton", 20), ("St Anne's Chertsey", 10), ("oakfield primary southampton", 32),
     ("St John the Baptist Woking", 52)],
)
def test_a_town_inside_the_name_text_narrows_too(index, text, urn):
    result = index.match(text)
    assert (result.decision, result.school.urn) == ("unique", urn)


def test_a_shortened_name_is_offered_not_stated(index):
    result = index.match("tomlins")
    assert (result.decision, [c.urn for c in result.candidates]) == ("ambiguous", [1])


def test_a_place_that_does_not_fit_asks_instead_of_guessing(index):
    result = index.match("Tomlinscote", place="Fleet")
    assert result.decision == "ambiguous" and result.place_matched is False
    assert [c.urn for c in result.candidates] == [1]


def test_an_unknown_place_is_read_as_part_of_the_name(index):
    result = index.match("St Anne's", place="Nowhereville")
    assert result.decision == "ambiguous" and result.place_matched is False
    marsh = SchoolIndex.from_records([*RECORDS, R(90, "St Mary in the Marsh CofE Primary School", "New Romney")])
    assert marsh.match("St Mary", place="the Marsh").school.urn == 90


@pytest.mark.parametrize(
    "text",
    ["Hogwarts", "Hogwarts School of Witchcraft and Wizardry", "Springfield Elementary", "Sunnydale High",
     "St Bartholomew's Academy for Wizards", "primary school", "St", "the school", "", "   ", "12345"],
)
def test_no_such_school_is_none(index, text):
    result = index.match(text)
    assert result.decision == "none" and result.school is None


@pytest.mark.parametrize("text", ["Tomlinscote Primary", "Collingwood Infant School", "Oakfield Junior Southampton"])
def test_a_near_miss_is_never_stated_with_confidence(index, text):
    assert index.match(text).decision != "unique"


def test_former_names_find_the_school(index):
    result = index.match("Kings College for the Arts and Technology")
    assert (result.decision, result.school.urn) == ("unique", 3)
    assert result.school.matched_name == "Kings College for the Arts and Technology"


def test_a_closed_school_resolves_to_its_successor(index):
    result = index.match("Old Lane Infant")
    assert result.decision == "unique"
    school = result.school
    assert (school.urn, school.name, school.is_open, school.via_predecessor) == (61, "Meadow Academy", True, 60)
    assert school.matched_name == "Old Lane Infant School"


def test_open_schools_beat_closed_ones(index):
    result = index.match("Ashley Infant School")
    assert (result.decision, result.school.urn, result.school.is_open) == ("unique", 71, True)


def test_a_closed_school_without_successor_answers_for_itself(index):
    result = index.match("Hillside Grange Primary")
    assert (result.decision, result.school.urn, result.school.is_open) == ("unique", 80, False)
    assert "(closed)" in result.school.label


def test_phase_prefers_the_school_of_that_phase(index):
    result = index.match("St John the Baptist", phase="secondary")
    assert (result.decision, result.school.urn) == ("unique", 52)


def test_limit_and_ranking(index):
    result = index.match("St Mary's", limit=2)
    assert len(result.candidates) == 2 and result.total >= 3
    assert result.candidates[0].score >= result.candidates[1].score


def _load(engine) -> None:
    with session_scope(engine) as s:
        s.add(SourceFile(id=1, name="gias.csv", sha256="x" * 64, kind="gias", loaded_at=datetime(2025, 1, 1)))
        s.flush()
        rows = [
            (1, "Tomlinscote School", "Camberley", "Secondary", True),
            (2, "Weyford Infant School", "Bordon", "Primary", True),  # its row still says open ...
            (3, "Weyford Nursery and Primary School", "Bordon", "Primary", True),  # ... but 3 replaced it
            (4, "Split Junior School", "Fleet", "Primary", False),  # split into 5 and 6
            (5, "Split North Academy", "Fleet", "Primary", True),
            (6, "Split South Academy", "Fleet", "Primary", True),
            (7, "Renamed Academy", "Alton", "Secondary", True),
        ]
        for urn, name, town, phase, is_open in rows:
            s.add(School(urn=urn, name=name, town=town, phase=phase, is_open=is_open, la_name="Hampshire"))
            s.add(SchoolName(urn=urn, name=name, kind="current"))
        s.add(School(urn=8, name="Bluebell Sure Start Children's Centre", town="Alton", is_open=True,
                     type_group="Children's Centres"))
        s.add(SchoolName(urn=7, name="Amery Hill School", kind="former"))
        for urn, link, kind in [(2, 3, "Successor"), (3, 2, "Predecessor"), (4, 5, "Successor - Split School"),
                                (4, 6, "Successor - Split School"), (7, 99, "Predecessor")]:
            s.add(SchoolLink(urn=urn, link_urn=link, link_type=kind, source_file_id=1))


def test_from_engine_reads_names_former_names_and_successors(engine):
    _load(engine)
    index = SchoolIndex.from_engine(engine)
    assert index.match("tomlinscote").school.urn == 1
    weyford = index.match("Weyford Infant School").school
    assert (weyford.urn, weyford.via_predecessor) == (3, 2)
    renamed = index.match("Amery Hill School").school
    assert (renamed.urn, renamed.matched_name) == (7, "Amery Hill School")
    assert index.match("Bluebell Children's Centre").decision == "none"  # not a school
    split = index.match("Split Junior School")
    assert split.school is not None and split.school.urn == 4 and split.school.via_predecessor is None


def test_a_full_name_beats_names_with_more_distinctive_words():
    index = SchoolIndex.from_records([
        R(1, "Ibstock School", "Ibstock", "Secondary"),
        R(2, "Ibstock Place School", "London", "Secondary"),
        R(3, "St Peter's Catholic Primary School", "Leatherhead", "Primary"),
        R(4, "St Peter's Catholic Primary School, Winchester", "Winchester", "Primary"),
    ])
    assert index.match("Ibstock School").school.urn == 1
    assert index.match("Ibstock Place").school.urn == 2
    # A rival whose only extra word is its own town is still a rival.
    assert index.match("St Peter's Catholic Primary School").decision == "ambiguous"
    assert index.match("St Peter's Catholic Primary Winchester").school.urn == 4


def test_best_of_matches_the_plain_loop():
    import random

    from bot.understanding.matcher import _best_of

    rng = random.Random(3)
    postings = {f"w{i}": rng.sample(range(60), rng.randrange(1, 30)) for i in range(12)}
    for _ in range(300):
        words = rng.sample(sorted(postings), rng.randrange(1, 5))
        sim = {w: rng.choice([1.0, 0.8, 0.8, 0.75, 0.72]) for w in words}
        if rng.random() < 0.7:  # best first, as _similar gives it; else the general way
            sim = dict(sorted(sim.items(), key=lambda kv: -kv[1]))
        plain: dict[int, float] = {}
        for v, x in sim.items():
            for var in postings[v]:
                if x > plain.get(var, 0.0):
                    plain[var] = x
        got = _best_of(sim, postings)
        assert list(got.items()) == list(plain.items())


def test_pruning_names_that_cannot_reach_the_top_changes_nothing(monkeypatch):
    """Hundreds of names sharing a rarer word, many tied on the common ones: the same scores, in
    the same order, with and without skipping the names that cannot reach the TOP_K."""
    import random

    from bot.understanding import matcher

    rng = random.Random(5)
    extras = ["Primary", "Infant", "Nursery", "CofE", "Community", ""]
    records = []
    for i in range(1, 3000):
        first = "Park" if i % 10 == 0 else "Parks" if i % 37 == 0 else f"Name{i}"
        records.append(R(i, f"{first} {rng.choice(extras)} {rng.choice(extras)} School", f"Town{i % 50}",
                         "Primary"))
    index = SchoolIndex.from_records(records)
    questions = ["park primary nursery", "park community primary school", "Park CofE Infant", "parks nursery",
                 "prak primary"]

    def scores():
        return [list(index._score(index._joined(matcher.name_tokens(q)), matcher.literal_tokens(q)).items())
                for q in questions]

    with_pruning = scores()
    monkeypatch.setattr(matcher, "_PRUNE", False)
    assert scores() == with_pruning


