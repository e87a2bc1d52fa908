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
from bot.models import Figure

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
