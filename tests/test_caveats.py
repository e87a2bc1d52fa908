"""Caveat rules on their own: each rule, each status code, the Progress 8 bands, the wording."""

from __future__ import annotations

from datetime import date

import pytest

from bot import caveats as cv
from bot.render import caveat_text, knowledge

TODAY = date(2026, 11, 27)

STATUS_IDS = [
    ("SUPP", "suppressed"), ("NE", "no_entries"), ("NP", "not_published"), ("NA", "not_applicable"),
    ("LOWCOV", "low_coverage"), ("NEW", "new_school"), ("SP", "small_percentage"), ("RE", "redacted"),
    ("UNAVAIL", "not_available"), ("DNS", "not_available"), ("NR", "not_available"),
    ("LOW", "not_available"), ("c", "suppressed"), ("x", "not_available"), ("z", "not_applicable"),
    (":", "not_applicable"), ("u", "low_reliability"), ("low", "small_percentage"),
    ("ZZZ", "not_available"),
]


@pytest.mark.parametrize("code,cid", STATUS_IDS)
def test_each_status_code_has_a_caveat_with_wording(code, cid):
    c = cv.status_caveat(code, "Progress 8 (2018/19)")
    assert c.id == cid
    text = caveat_text(c)
    assert text.startswith("Progress 8 (2018/19)") and "{" not in text


def test_status_wording_says_why():
    assert "very few pupils" in caveat_text(cv.status_caveat("SUPP"))
    assert "no pupils were entered" in caveat_text(cv.status_caveat("NE"))
    assert "under 0.5%" in caveat_text(cv.status_caveat("SP"))
    assert "new" in caveat_text(cv.status_caveat("NEW"))
    assert cv.status_caveat(None) is None and cv.status_caveat("") is None


def test_every_caveat_id_has_wording():
    ids = {cid for _, cid in STATUS_IDS} | {
        "small_cohort", "ci_includes_average", "old_data", "no_exams_2020_2021", "no_progress_measure",
        "independent_no_p8", "old_inspection", "old_outstanding", "predecessor_inspection",
        "report_card_not_comparable", "no_inspection", "closed_school", "not_checked", "provisional",
        "demo_data", "overlapping_intervals", "no_results", "different_years", "old_grades_listed",
    }
    assert ids <= set(knowledge("caveats"))


@pytest.mark.parametrize("n,applies", [(None, False), (0, False), (1, True), (10, True), (11, False), (200, False)])
def test_small_cohort_is_fewer_than_11(n, applies):
    c = cv.small_cohort(n, "Progress 8")
    assert (c is not None) == applies
    if applies:
        assert (f"only {n} pupils" if n > 1 else "only 1 pupil,") in caveat_text(c)


@pytest.mark.parametrize("low,high,applies", [(-0.2, 0.3, True), (0.0, 0.4, True), (0.1, 0.5, False),
                                              (-0.6, -0.1, False), (None, 0.2, False)])
def test_ci_includes_average(low, high, applies):
    c = cv.ci_includes_average(low, high, "Progress 8")
    assert (c is not None) == applies
    if applies:
        assert "not significantly different" in caveat_text(c)


@pytest.mark.parametrize("score,low,high,band", [
    (0.7, 0.4, 1.0, "well_above"), (0.5, 0.01, 0.99, "well_above"), (0.45, 0.2, 0.7, "above"),
    (0.45, -0.1, 1.0, "average"), (0.0, -0.3, 0.3, "average"), (-0.3, -0.5, -0.1, "below"),
    (-0.5, -0.8, -0.2, "below"), (-0.7, -1.0, -0.4, "well_below"), (-0.6, -1.2, 0.0, "average"),
    (None, 0.1, 0.2, None), (0.3, None, 0.5, None),
])
def test_p8_band_from_score_and_interval(score, low, high, band):
    assert cv.p8_band(score, low, high) == band


def test_same_score_different_band_with_small_cohort():
    # FFT's worked example: two schools both +0.45; the wide interval is "average".
    assert cv.p8_band(0.45, -0.05, 0.95) == "average"
    assert cv.p8_band(0.45, 0.1, 0.8) == "above"


def test_progress_band_for_ks2():
    assert cv.progress_band(1.2, 0.3, 2.1) == "above"
    assert cv.progress_band(-1.2, -2.1, -0.3) == "below"
    assert cv.progress_band(0.4, -0.8, 1.6) == "average"


def test_old_data_names_both_years():
    c = cv.old_data(2019, 2025, "These KS4 results")
    assert c.id == "old_data"
    text = caveat_text(c)
    assert "2018/19" in text and "2024/25" in text
    assert cv.old_data(2025, 2025) is None
    assert cv.old_data(2024, None) is None


def test_no_exams_for_figures_at_or_before_the_covid_years():
    assert cv.no_exams({2019}).id == "no_exams_2020_2021"
    assert cv.no_exams({2021}) is not None
    assert cv.no_exams({2022, 2024}) is None
    assert cv.no_exams(set()) is None


def test_no_progress_measure_in_hiatus_years():
    hiatus = knowledge("measures")["progress_hiatus"]
    c = cv.no_progress_measure("ks4", 2025, hiatus, "Progress 8")
    assert c.id == "no_progress_measure"
    assert "2024/25 and 2025/26" in caveat_text(c)
    ks2 = cv.no_progress_measure("ks2", 2025, hiatus, "KS2 progress scores")
    assert "2023/24 and 2024/25" in caveat_text(ks2)
    assert cv.no_progress_measure("ks4", 2024, hiatus, "Progress 8") is None
    assert cv.no_progress_measure("ks5", 2025, hiatus, "x") is None


def test_independent_no_p8():
    assert cv.independent_no_p8("Other independent school", "Independent schools").id == "independent_no_p8"
    assert cv.independent_no_p8("Academy converter", "Academies") is None


def test_old_inspection_more_than_five_years():
    c = cv.old_inspection(date(2019, 3, 1), "Good", TODAY)
    assert c.id == "old_inspection" and "7 years ago" in caveat_text(c)
    assert cv.old_inspection(date(2023, 3, 1), "Good", TODAY) is None
    assert cv.old_inspection(None, "Good", TODAY) is None


def test_outstanding_before_september_2020_is_old_even_if_recent():
    c = cv.old_inspection(date(2020, 3, 1), "Outstanding", date(2022, 1, 1))
    assert c.id == "old_inspection" and "exempt" in caveat_text(c)
    assert cv.old_inspection(date(2021, 10, 1), "Outstanding", date(2024, 1, 1)) is None


def test_a_later_ungraded_inspection_that_keeps_the_grade_counts_as_its_date():
    assert cv.old_inspection(date(2017, 7, 12), "Good", TODAY, confirmed=date(2023, 1, 25)) is None
    assert cv.old_inspection(date(2019, 10, 15), "Outstanding", TODAY, confirmed=date(2025, 1, 29)) is None
    c = cv.old_inspection(date(2012, 1, 1), "Good", TODAY, confirmed=date(2016, 5, 1))
    assert c.wording == "old_confirmation" and "last confirmed on 1 May 2016" in caveat_text(c)
    assert cv.confirms_grade("School remains Good (Concerns) - S5 Next")
    assert cv.confirms_grade("Standards maintained") and not cv.confirms_grade("Improved significantly")


def test_no_inspection_points_independent_schools_to_the_isi_too():
    assert "reports.ofsted.gov.uk" in caveat_text(cv.no_inspection(0))
    assert "isi.net" in caveat_text(cv.no_inspection(0, independent=True))
    assert cv.no_inspection(1, independent=True) is None


def test_predecessor_inspection():
    c = cv.predecessor_inspection(111, 222, "Old School")
    assert c.id == "predecessor_inspection" and "Old School" in caveat_text(c)
    assert cv.predecessor_inspection(222, 222, None) is None


def test_report_card_not_comparable_only_where_a_report_card_is_shown():
    assert cv.report_card_not_comparable(["report_card"], date(2025, 12, 1)).id == "report_card_not_comparable"
    assert cv.report_card_not_comparable(["graded", "report_card"], TODAY) is not None
    assert cv.report_card_not_comparable(["graded"], TODAY) is None  # a school with no report card
    assert cv.report_card_not_comparable([], TODAY) is None


def test_no_inspection_closed_demo_checked_provisional():
    assert cv.no_inspection(0).id == "no_inspection" and cv.no_inspection(1) is None
    c = cv.closed_school(False, date(2015, 8, 31))
    assert c.id == "closed_school" and "31 August 2015" in caveat_text(c)
    assert cv.closed_school(True, None) is None
    assert "fictional" in caveat_text(cv.demo_data(True)) and cv.demo_data(False) is None
    assert cv.not_checked("R", 2018).id == "not_checked" and cv.not_checked(None, 2018) is None
    assert "2017/18" in caveat_text(cv.not_checked("R", 2018))
    assert cv.provisional(True, 2019).id == "provisional" and cv.provisional(False, 2019) is None


def test_low_coverage_below_half():
    assert cv.low_coverage(45.0).id == "low_coverage"
    assert cv.low_coverage(50.0) is None and cv.low_coverage(None) is None


def test_overlapping_intervals():
    c = cv.overlapping_intervals({"A": (0.1, 0.6), "B": (0.4, 0.9)}, "Progress 8")
    assert c.id == "overlapping_intervals"
    assert "can't separate" in caveat_text(c) and "A and B" in caveat_text(c)
    assert cv.overlapping_intervals({"A": (0.1, 0.3), "B": (0.4, 0.9)}, "Progress 8") is None
    assert cv.overlapping_intervals({"A": (0.1, 0.3)}, "Progress 8") is None


def test_dedupe_and_ids_keep_order():
    a, b = cv.demo_data(True), cv.no_inspection(0)
    assert cv.ids(cv.dedupe([a, None, b, a])) == ["demo_data", "no_inspection"]


def test_academic_year():
    assert cv.academic_year(2024) == "2023/24" and cv.academic_year(2000) == "1999/00"
