"""Answers that say the point of the question, through `ask` on crafted records (SQLite and
PostgreSQL): pupil numbers from every source held, newest first; a filtered nearby list says what
its filter left out; what the records cannot say for a school is said first."""

from __future__ import annotations

from datetime import date

import pytest

import bot.answers as A
from bot.core import Schoolbot
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
