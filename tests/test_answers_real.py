"""Answers on the real data folder (ingested once per back-end by the `real_db_url` fixture)."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

import bot.answers as A
from bot.answers.figures import PUBLISHED_BANDS
from bot.caveats import p8_band
from bot.db import make_engine
from bot.models import Figure, School

pytestmark = pytest.mark.real
TODAY = date(2026, 11, 27)


@pytest.fixture
def real(real_db_url):
    engine = make_engine(real_db_url)
    yield engine
    engine.dispose()


def test_computed_p8_bands_agree_with_every_published_band(real):
    p8, low, high, band = (aliased(Figure) for _ in range(4))

    def same(other, measure):  # the same school, year and release (provisional or final)
        return ((other.area_key == p8.area_key) & (other.year == p8.year) & (other.measure == measure)
                & (other.provisional == p8.provisional))

    stmt = (
        select(p8.value, low.value, high.value, band.text, band.value)
        .join(low, same(low, "p8_ci_low"))
        .join(high, same(high, "p8_ci_high"))
        .join(band, same(band, "p8_banding"))
        .where(p8.measure == "p8", p8.area == "school", p8.value.is_not(None), low.value.is_not(None))
    )
    checked = 0
    with Session(real) as s:
        for score, lo, hi, text, number in s.execute(stmt):
            label = str(text or (number if number is not None else "")).lower().removesuffix(".0")
            published = PUBLISHED_BANDS.get(label)
            if published:
                assert p8_band(score, lo, hi) == published, (score, lo, hi, text, number)
                checked += 1
    assert checked > 3000


def test_tomlinscote_overview(real):
    a = A.overview(real, 140117, today=TODAY)
    assert "Tomlinscote School" in a.text and "Camberley (Surrey)" in a.text
    assert ("Progress 8: +0.13, average: not significantly different from the national average "
            "(95% CI -0.03 to +0.30). Surrey +0.18, England -0.03") in a.text
    assert "DfE KS4 performance tables 2018/19 (final)" in a.text.splitlines()[-1]
    assert {"old_data", "no_exams_2020_2021", "no_progress_measure", "ci_includes_average"} <= set(a.caveats)


def test_hertfordshire_2023_24_ks4(real):
    a = A.results(real, 145430)
    assert "Progress 8 in 2023/24 was -0.97 — well below average" in a.text
    assert "Hertfordshire" in a.text and "2023/24 (final)" in a.text
    fee = A.results(real, 117600)
    assert "independent_no_p8" in fee.caveats


def test_hampshire_ks2_with_la_and_england(real):
    a = A.overview(real, 115851, today=TODAY)
    assert "63% of pupils met the expected standard in reading, writing and maths (Hampshire 68%, England 65%)" in a.text
    assert "no_progress_measure" in a.caveats


def test_report_card_school(real):
    a = A.inspection(real, 140220, today=TODAY)
    assert "Ofsted report card, 6 January 2026:" in a.text and "• Inclusion: Strong standard" in a.text
    assert "report_card_not_comparable" in a.caveats


# ------------------------------------------------------------------ slots over the real records
GLYN = 136534


def test_a_year_asked_is_answered_from_the_records(real):
    a = A.results(real, GLYN, measure="progress_8", years=[2017], today=TODAY)
    assert a.text.startswith("Glyn School's Progress 8 in 2016/17 was +0.07")
    assert "2016/17" in a.text.splitlines()[-1]  # and its source is that year's file


def test_is_it_getting_better_lists_the_years_with_the_no_exam_years(real):
    a = A.results(real, GLYN, trend=True, today=TODAY)
    lines = a.text.splitlines()
    assert lines[0].startswith("Glyn School's Progress 8 over the years held: up from +0.07 in 2016/17 to +0.25 in 2018/19")
    assert "within the confidence intervals" in lines[0]
    assert "• 2019/20 and 2020/21: no exams (COVID)" in lines and "no_exams_2020_2021" in a.caveats


def test_where_pupils_go_after_year_11(real):
    a = A.results(real, GLYN, measure="destinations", today=TODAY)
    assert a.text.startswith("Of Glyn School's pupils who finished Year 11, 98% stayed in education, an "
                             "apprenticeship or a job (DfE destination measures, 2018/19; Surrey 95%, England 94%).")
    assert "Disadvantaged pupils:" in a.text and "sixth forms" in a.text


def test_how_disadvantaged_pupils_do(real):
    a = A.results(real, GLYN, measure="disadvantaged", today=TODAY)
    first = a.text.splitlines()[0]
    assert first.startswith("At Glyn School in 2018/19, disadvantaged pupils' Attainment 8 was 43.7, against 57.6 "
                            "for other pupils (a gap of 13.9 points); other pupils nationally: 50.3")
    ks2 = A.results(real, 115851, measure="disadvantaged", today=TODAY)
    assert "of disadvantaged pupils met the expected standard" in ks2.text.splitlines()[0]


def test_inadequate_categories_and_ofsted_codes_in_words(real):
    sw = A.overview(real, 115921, today=TODAY)  # GIAS: Serious Weaknesses
    assert "Ofsted: Inadequate (Serious Weaknesses)" in sw.text
    assert "one of the two categories of an Inadequate judgement (the other is Special Measures)" in sw.text
    coded = A.inspection(real, 140196, today=TODAY)  # "School remains Good (Concerns) - S5 Next"
    assert "the school remains Good, but inspectors had some concerns" in coded.text
    assert "S5" not in coded.text and "(Concerns)" not in coded.text


def test_a_supp_band_is_not_worked_out(real):
    a = A.results(real, 139416, today=TODAY)  # a 14-19 UTC: the DfE published SUPP for its band
    first = a.text.splitlines()[0]
    assert first.startswith("Elstree Screen Arts Academy's Progress 8 in 2023/24 was -0.79 (95% CI")
    assert "below average" not in first and "not_banded" in a.caveats and "here at 14" in a.text


def test_a_special_school_with_every_figure_suppressed_says_it_once_per_key_stage(real):
    a = A.results(real, 125474, today=TODAY)
    assert a.text.count("very few pupils") <= 2 and len(a.text) < 900


def test_answers_over_real_schools_keep_their_notes_short_and_never_repeat(real):
    import random

    from sqlalchemy import select as sel

    with Session(real) as s:
        urns = sorted(s.scalars(sel(Figure.urn).join(School, School.urn == Figure.urn)
                                .where(Figure.area == "school").distinct()))
    rng = random.Random(5)
    for urn in rng.sample(urns, 25):
        for a in (A.overview(real, urn, today=TODAY), A.results(real, urn, today=TODAY),
                  A.pupils(real, urn, today=TODAY), A.inspection(real, urn, today=TODAY),
                  A.results(real, urn, trend=True, today=TODAY)):
            lines = [ln for ln in a.text.splitlines() if ln]
            notes = [ln for ln in lines if ln.startswith("Note: ")]
            assert len(notes) <= 2, a.text
            assert len(lines) == len(set(lines)), a.text
            assert not {n.removeprefix("Note: ") for n in notes} & set(a.notes)
            assert len(a.text) <= 1600, a.text
            assert f"compare-school-performance.service.gov.uk/school/{urn}" in a.text
