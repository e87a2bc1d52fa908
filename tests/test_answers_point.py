"""Answers that say the point of the question, through `ask` on crafted records (SQLite and
PostgreSQL): pupil numbers from every source held, newest first; a filtered nearby list says what
its filter left out; what the records cannot say for a school is said first."""

from __future__ import annotations

from datetime import date

import pytest

import bot.answers as A
from bot.core import Schoolbot
from bot.models import Allocation
from bot.settings import Settings
from tests.helpers.factories import TODAY, Records


@pytest.fixture
def rec(engine):
    r = Records(engine)
    yield r
    r.s.close()


def ask(engine, text: str):
    return Schoolbot(engine, Settings(_env_file=None), log=False).ask(text)


# ------------------------------------------------------------------ pupil numbers: every source, newest first
# (name, GIAS pupils and extract date, figures (key stage, measure, year, value), the newest count's
# sentence, an earlier count said after it)
ROLLS = [
    ("Wavell Academy", None, [("census", "pupils_on_roll", 2019, 997), ("ks4", "total_pupils", 2024, 1018),
                              ("ks4", "total_pupils", 2018, 983)],
     "had 1,018 pupils on roll in the 2023/24 KS4 performance tables.", "997 (2018/19 school census)"),
    ("Elm Park School", (1250, date(2019, 4, 1)), [("census", "pupils_on_roll", 2019, 1240),
                                                   ("ks4", "total_pupils", 2024, 1301)],
     "had 1,301 pupils on roll in the 2023/24 KS4 performance tables.", "1,250 (school details, April 2019)"),
    ("Moor Park School", None, [("ks4", "total_pupils", 2018, 1090)],
     "had 1,090 pupils on roll in the 2017/18 KS4 performance tables.", None),
    ("Ringmer Primary School", None, [("ks2", "total_pupils", 2017, 392)],
     "had 392 pupils on roll in the 2016/17 KS2 performance tables.", None),
    ("Sandhill School", (1500, date(2021, 4, 22)), [("census", "pupils_on_roll", 2024, 1767),
                                                    ("ks4", "total_pupils", 2024, 1767)],
     "had 1,767 pupils on roll in the 2023/24 school census.", "1,500 (school details, April 2021)"),
    ("Lakeside School", (1204, date(2025, 4, 1)), [("census", "pupils_on_roll", 2024, 900)],
     "has 1,204 pupils, aged 11–16 (school details, April 2025).", "900 (2023/24 school census)"),
]


@pytest.mark.parametrize("name, gias, figures, lead, earlier", ROLLS)
def test_pupil_numbers_come_from_every_source_newest_first(engine, rec, name, gias, figures, lead, earlier):
    extra = {"pupils": gias[0], "as_of": gias[1]} if gias else {"pupils": None}
    rec.school(100001, name, **extra)
    for ks, measure, year, value in figures:
        rec.fig(100001, ks, measure, year, value)
    rec.done()
    a = ask(engine, f"how many pupils at {name}")
    assert (a.intent, a.schools) == ("pupils", [100001])
    assert a.text.startswith(f"{name} {lead}"), a.text
    assert "don't have" not in a.text
    if earlier:
        assert f"Earlier: {earlier}" in a.text
    card = A.pupils(engine, 100001, today=TODAY)  # the pupils card leads with the same count
    assert card.text.startswith(f"{name} {lead}"), card.text
    year = lead.split(" the ")[1][:7] if " the " in lead else None
    if year:
        assert year in a.text.splitlines()[-1]  # the source line names the count's year


def test_pupil_numbers_not_held_are_said_not_held(engine, rec):
    rec.school(100001, "Quiet Lane School", pupils=None)
    rec.fig(100001, "ks4", "ks4_pupils", 2024, 180)  # a year group, not the school's roll
    rec.done()
    a = ask(engine, "how many pupils at Quiet Lane School")
    assert a.text.startswith("Quiet Lane School: Schoolbot's records don't have its pupil numbers")


# ------------------------------------------------------------------ a grade filter says what it left out
def _secondaries(rec: Records, grades: list[str | None]) -> dict[str | None, list[str]]:
    """Secondary schools 100 m apart going east of GU16's centre, with these GIAS grades (None: no
    grade in the records); their names by grade, nearest first."""
    rec.postcode("GU16", 488000, 158000)
    names: dict[str | None, list[str]] = {}
    for i, g in enumerate(grades):
        name = f"{'Ungraded' if g is None else g.split()[0]} {chr(65 + i)} School"
        rec.school(100001 + i, name, easting=488100 + 100 * i, northing=158000, ofsted_rating=g,
                   ofsted_last_inspection=date(2023, 1, 1) if g else None)
        names.setdefault(g, []).append(name)
    rec.done()
    return names


@pytest.mark.parametrize("grades", [
    ["Good", None, "Outstanding", "Good", None, "Good"],          # enough fit: the ungraded are named
    ["Good", None, "Good", None, "Good", None, None, None],       # ... more than three of them
    [None, "Good", "Requires improvement", None, None],           # too few fit: the others follow
    [None, "Requires improvement", None],                         # none fits: the others follow
])
def test_a_good_filter_never_drops_ungraded_schools_silently(engine, rec, grades):
    names = _secondaries(rec, grades)
    a = ask(engine, "good secondary schools near GU16")
    assert a.intent == "nearby"
    fits = [g in ("Good", "Outstanding") for g in grades]
    ungraded = names.get(None, [])
    if sum(fits) >= 3:
        assert [s - 100000 for s in a.schools] == [i + 1 for i, f in enumerate(fits) if f]
        plural = "school nearby has" if len(ungraded) == 1 else "schools nearby have"
        assert f"{len(ungraded)} secondary {plural} no Ofsted grade in Schoolbot's records, so" in a.text
        assert all(n in a.text for n in ungraded[:3]) and (len(ungraded) <= 3 or
                                                          f"and {len(ungraded) - 3} more." in a.text)
    else:  # the good ones first, then every other school nearby, whatever its grade
        order = [i + 1 for i, f in enumerate(fits) if f] + [i + 1 for i, f in enumerate(fits) if not f]
        assert [c.urn - 100000 for c in a.listed] == order  # a button each
        assert [s - 100000 for s in a.schools] == order[:sum(fits)]  # the answer: those that fit
        assert "Other secondary schools nearby (no good-or-better grade in Schoolbot's records):" in a.text
        if not any(fits):
            assert a.text.startswith("No good-or-better secondary schools found within 5 km of GU16")
        assert all(n in a.text for n in ungraded)
    assert len(a.text) < 1100


def test_a_search_for_weak_schools_says_which_it_could_not_check(engine, rec):
    names = _secondaries(rec, [None, "Good", None, "Requires improvement"])
    a = ask(engine, "inadequate schools near GU16")
    assert a.text.startswith("No inadequate schools found within 5 km of GU16")
    assert a.schools == [] and "Other" not in a.text  # no list of schools nobody asked for
    assert ("2 schools nearby have no Ofsted grade in Schoolbot's records, so are not listed: "
            f"{names[None][0]}, {names[None][1]}.") in a.text


# ------------------------------------------------------------------ what the records cannot say, said first
def _covered(rec: Records) -> None:
    """Council allocation figures for four Surrey schools in two towns (Farnham twice)."""
    fid = rec.file("allocations", 2022, name="2021_936_district_offers_school.csv")
    for i, town in enumerate(["Farnham", "Godalming", "Farnham", "Haslemere"]):
        estab = 3000 + i
        rec.school(200001 + i, f"Covered {chr(65 + i)} School", estab=estab, town=town)
        rec.s.add(Allocation(la_code=936, estab=estab, year=2021, pan=180, preferences=400, offered=180,
                             last_distance=1.25, source_file_id=fid))


@pytest.mark.parametrize("question", ["chances of getting into {name}", "how far did places go at {name}"])
@pytest.mark.parametrize("name, la", [("Tomlin Park School", (936, "Surrey")),
                                      ("Hertford Vale School", (919, "Hertfordshire"))])
def test_a_place_question_says_first_that_no_allocation_figures_are_held(engine, rec, question, name, la):
    _covered(rec)
    rec.school(100001, name, estab=4999, la_code=la[0], la_name=la[1], town="Elsewhere")
    rec.done()
    a = ask(engine, question.format(name=name))
    assert (a.intent, a.schools) == ("admissions", [100001])
    first = a.text.splitlines()[0]
    assert first.startswith(f"{name}: Schoolbot has no allocation figures for this school — only for 4 Surrey "
                            "schools around Farnham, Godalming and Haslemere"), first
    assert a.text.index("no allocation figures") < a.text.index("Apply")
    covered = ask(engine, question.format(name="Covered B School"))  # a school the tables cover
    assert "no allocation figures" not in covered.text and "1.25 miles" in covered.text


SEN_RECORDS = [  # name, census shares, KS4 shares, GIAS provision, the answer's first words
    ("Elm Census School", {"pct_sen_support": 12.5, "pct_ehcp": 2.5}, None, None,
     "At Elm Census School, 12.5% of pupils were on SEN support in 2023/24"),
    ("Ash College", None, {"pct_sen": 14.0, "pct_ehcp": 3.0}, None,
     "Ash College: Schoolbot has no school census SEN figures for it; of its pupils at the end of KS4 in "
     "2023/24, 14% had special educational needs and 3% an EHC plan."),
    ("Birch Free School", None, None, None,
     "Birch Free School: Schoolbot's records don't hold its SEN figures"),
    ("Rowan Free School", None, None, ("Resourced provision", "SLCN"),
     "Rowan Free School: Schoolbot's records don't hold its SEN figures"),
]


@pytest.mark.parametrize("name, census, ks4, provision, first", SEN_RECORDS)
def test_how_many_with_send_gives_the_sen_shares_or_says_they_are_not_held(engine, rec, name, census, ks4,
                                                                          provision, first):
    kind, needs = provision or (None, None)
    rec.school(100001, name, sen_provision=kind, sen_needs=needs, rp_capacity=10 if kind else None)
    if census:
        rec.figs(100001, "census", 2024, **census)
    if ks4:
        rec.figs(100001, "ks4", 2024, **ks4)
    rec.done()
    for question in (f"how many pupils with an ehcp at {name}", f"sen at {name}"):
        a = ask(engine, question)
        assert (a.intent, a.schools) == ("pupils", [100001])
        assert a.text.startswith(first), a.text
        assert not a.text.startswith(("Yes", "No"))  # asked how many, not whether it has a unit
        if provision:
            assert "Resourced provision for speech, language and communication needs: 10 places" in a.text
