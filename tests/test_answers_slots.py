"""The answer first and caveats by relevance, on crafted records (SQLite and PostgreSQL): each
general note is collapsed and shown when the question is about it; a measure, a year and a trend
are answered first; yes/no facts; Ofsted categories; links; combined answers."""

from __future__ import annotations

import re
from datetime import date

import pytest

import bot.answers as A
from bot.render import caveat_text, knowledge
from bot.caveats import Caveat
from tests.helpers.factories import TODAY, Records, ks4_school

LINK = "compare-school-performance.service.gov.uk/school/{urn}"


@pytest.fixture
def rec(engine):
    r = Records(engine)
    yield r
    r.s.close()


def shown_notes(answer) -> list[str]:
    return [ln.removeprefix("Note: ") for ln in answer.text.splitlines() if ln.startswith("Note: ")]


def hidden(answer, fragment: str) -> bool:
    return any(fragment in n for n in answer.notes) and fragment not in answer.text


# ------------------------------------------------------------------ general notes: collapsed unless asked
def test_every_general_caveat_is_listed_and_worded():
    general = knowledge("caveats")["general"]
    assert set(general) == {"no_exams_2020_2021", "no_progress_measure", "report_card_not_comparable", "old_data"}
    assert all(isinstance(knowledge("caveats")[g], str) for g in general)


def test_no_exams_note_is_collapsed_and_shown_when_a_year_without_exams_is_asked(engine, rec):
    ks4_school(rec, 100001, year=2019)
    rec.done()
    plain = A.results(engine, 100001, today=TODAY)
    assert "no_exams_2020_2021" in plain.caveats and hidden(plain, "no tests or exams in 2020 and 2021")
    assert "notes" in plain.follow_ups
    for year in (2020, 2021):
        asked = A.results(engine, 100001, years=[year], today=TODAY)
        assert "no_exams_2020_2021" in asked.caveats
        assert asked.text.startswith(f"There were no exams in {year - 1}/{str(year)[2:]} (COVID)")
        assert not any("no tests or exams" in n for n in asked.notes)
        assert "Progress 8: +0.60" in asked.text and "in 2018/19" in asked.text  # the newest held, labelled


def test_no_progress_measure_note_is_collapsed_and_shown_when_those_years_are_asked(engine, rec):
    ks4_school(rec, 100001, year=2024)
    rec.done()
    plain = A.results(engine, 100001, today=TODAY)
    assert hidden(plain, "no Progress 8 for 2024/25 and 2025/26")
    asked = A.results(engine, 100001, measure="progress_8", years=[2025], today=TODAY)
    assert "no Progress 8 for 2024/25 and 2025/26" in asked.text
    assert "Progress 8: +0.60" in asked.text and "2023/24" in asked.text  # the latest, labelled as such
    trend = A.results(engine, 100001, measure="progress_8", trend=True, today=TODAY)
    assert "no Progress 8 for 2024/25 and 2025/26" in trend.text


def test_old_data_note_is_collapsed_and_shown_when_a_newer_year_is_asked(engine, rec):
    ks4_school(rec, 100001, year=2019)
    rec.done()
    plain = A.results(engine, 100001, measure="attainment_8", today=TODAY)
    assert "old_data" in plain.caveats and hidden(plain, "The DfE has since published")
    asked = A.results(engine, 100001, measure="attainment_8", years=[2023], today=TODAY)
    assert asked.text.startswith("Schoolbot's records hold Test School's Attainment 8 for 2018/19, not 2022/23.")
    assert "DfE has since published 2022/23" in asked.text and LINK.format(urn=100001) in asked.text
    future = A.results(engine, 100001, measure="attainment_8", years=[2031], today=TODAY)
    assert "has not published Attainment 8 for 2030/31 yet" in future.text


def test_report_card_note_only_with_a_report_card_and_shown_when_asked_about(engine, rec):
    rec.school(100001, "Graded School")
    rec.inspection(100001, date(2021, 1, 10), overall="Good")
    rec.school(100002, "Carded School")
    rec.inspection(100002, date(2025, 12, 3), kind="report_card", judgements={"inclusion": "Strong standard"})
    rec.done()
    graded = A.inspection(engine, 100001, today=TODAY)
    assert "report_card_not_comparable" not in graded.caveats and not graded.notes  # no report card, no note
    carded = A.inspection(engine, 100002, today=TODAY)
    assert "report_card_not_comparable" in carded.caveats and hidden(carded, "cannot be compared")
    asked = A.inspection(engine, 100002, measure="report_card", today=TODAY)
    assert "cannot be compared" in asked.text and not asked.notes


@pytest.mark.parametrize("n_specific", [0, 1, 2, 3, 4])
def test_at_most_two_specific_notes_are_shown_the_rest_collapsed(n_specific):
    from bot.answers._common import arrange_notes

    specific = [Caveat("small_cohort", {"what": f"Figure {i}", "n": i + 1, "pupils": f"{i + 1} pupils"})
                for i in range(n_specific)]
    general = [Caveat("no_exams_2020_2021"), Caveat("old_data", {"what": "x", "year": "a", "latest": "b"})]
    shown, collapsed = arrange_notes(general + specific)
    assert shown == specific[:2] and collapsed == general + specific[2:]
    wanted, rest = arrange_notes(general + specific, about={"no_exams_2020_2021"})
    assert wanted[0].id == "no_exams_2020_2021" and len(wanted) == min(2, 1 + n_specific)
    assert len(wanted) + len(rest) == len(general) + n_specific  # every caveat is shown or collapsed


def test_a_note_said_about_several_figures_is_one_line(engine, rec):
    rec.school(100001, "All Through", phase="All-through", low_age=4, high_age=16)
    rec.figs(100001, "ks4", 2019, att8=40.0, ks4_pupils=50)
    rec.figs(100001, "ks2", 2019, rwm_exp=60.0, ks2_pupils=40)
    rec.done()
    a = A.overview(engine, 100001, today=TODAY)
    [old] = [n for n in a.notes if "The DfE has since published" in n]
    assert old.startswith("KS2 (SATs, end of primary) results and KS4 (GCSEs) results: from 2018/19")
    assert len(set(a.notes)) == len(a.notes)


def test_the_same_status_on_many_figures_is_said_once(engine, rec):
    rec.school(100001, "Tiny Special School", type_name="Community special school", phase="All-through",
               low_age=4, high_age=16)
    for m in ("p8", "att8", "basics_95", "basics_94", "ebacc_entry"):
        rec.fig(100001, "ks4", m, 2019, status="SUPP")
    for m in ("rwm_exp", "rwm_high", "read_prog", "writ_prog", "mat_prog"):
        rec.fig(100001, "ks2", m, 2019, status="SUPP")
    rec.done()
    a = A.results(engine, 100001, today=TODAY)
    assert a.text.count("very few pupils") == 2  # one line per key stage, not one per figure
    assert "KS4 (GCSEs) results (2018/19): not published because very few pupils" in a.text
    assert "suppressed" in a.caveats and "special_school" in a.caveats


# ------------------------------------------------------------------ the answer first
def test_a_measure_is_answered_first_with_year_meaning_and_comparison(engine, rec):
    ks4_school(rec, 100001, name="Weydon School", year=2019, p8=0.63, low=0.47, high=0.78)
    rec.done()
    a = A.results(engine, 100001, measure="progress_8", today=TODAY)
    first = a.text.splitlines()[0]
    assert first == ("Weydon School's Progress 8 in 2018/19 was +0.63 — well above average (95% CI +0.47 "
                     "to +0.78); Surrey +0.12, England -0.03.")
    assert "similar results at the end of primary school" in a.text  # what it means
    att8 = A.pupils(engine, 100001, measure="attainment_8", today=TODAY)  # any builder answers any measure
    assert att8.text.startswith("Weydon School's Attainment 8 in 2018/19: 52.1 (Surrey 49.0, England 46.1).")
    assert att8.intent == "pupils" and "Progress 8" not in att8.text


def test_an_unknown_measure_gives_the_plain_answer(engine, rec):
    ks4_school(rec, 100001)
    rec.done()
    assert A.results(engine, 100001, measure="quidditch").text == A.results(engine, 100001).text
    assert A.pupils(engine, 100001, measure="").text == A.pupils(engine, 100001).text


def test_a_year_held_is_answered_from_the_records(engine, rec):
    ks4_school(rec, 100001, year=2017, p8=0.07, low=-0.08, high=0.23)
    rec.figs(100001, "ks4", 2019, p8=0.25, p8_ci_low=0.08, p8_ci_high=0.41, att8=56.3)
    rec.done()
    a = A.results(engine, 100001, measure="progress_8", years=[2017], today=TODAY)
    assert a.text.startswith("Test School's Progress 8 in 2016/17 was +0.07 — average: not significantly different")
    newest = A.results(engine, 100001, measure="progress_8", today=TODAY)
    assert newest.text.startswith("Test School's Progress 8 in 2018/19 was +0.25")
    card = A.results(engine, 100001, years=[2017], today=TODAY)
    assert "2016/17" in card.text.splitlines()[0]


def test_a_trend_lists_every_year_with_the_no_exam_years_and_whether_changes_are_real(engine, rec):
    rec.school(100001, "Rising School")
    for year, p8, low, high in ((2017, 0.07, -0.08, 0.23), (2018, 0.50, 0.33, 0.66), (2019, 0.25, 0.08, 0.41),
                                (2024, 0.30, 0.1, 0.5)):
        rec.figs(100001, "ks4", year, p8=p8, p8_ci_low=low, p8_ci_high=high, att8=50.0 + year - 2017)
    rec.done()
    a = A.results(engine, 100001, trend=True, today=TODAY)  # no measure: the phase's headline
    lines = a.text.splitlines()
    assert lines[0].startswith("Rising School's Progress 8 over the years held: up from +0.07 in 2016/17 to +0.30 in 2023/24")
    series = [ln for ln in lines if ln.startswith("• ")]
    assert [s.split(":")[0] for s in series[:5]] == ["• 2016/17", "• 2017/18", "• 2018/19",
                                                     "• 2019/20 and 2020/21", "• 2023/24"]
    assert "change outside the intervals" in series[1] and "change within the intervals" in series[2]
    assert "no exams (COVID)" in series[3] and "no_exams_2020_2021" in a.caveats
    assert any("DfE changed this measure" in s for s in series)  # P8 changed in 2017/18
    att8 = A.results(engine, 100001, measure="attainment_8", trend=True, today=TODAY)
    assert "over the years held: up from 50.0 in 2016/17 to 57.0 in 2023/24" in att8.text
    assert "intervals" not in att8.text.splitlines()[0]  # no interval, no verdict


def test_several_years_asked_give_the_series_over_them(engine, rec):
    rec.school(100001, "Ranged School")
    for year, att8 in ((2017, 50.0), (2018, 52.0), (2019, 55.0)):
        rec.figs(100001, "ks4", year, att8=att8)
    rec.done()
    a = A.results(engine, 100001, measure="attainment_8", years=[2017, 2018], today=TODAY)
    assert a.text.startswith("Ranged School's Attainment 8 over the years held: up from 50.0 in 2016/17 to 52.0 in 2017/18")
    assert "2018/19" not in a.text.split("Source:")[0] and "no exams" not in a.text
    plain = A.results(engine, 100001, years=[2018, 2019], today=TODAY)  # no measure: a headline it has
    assert plain.text.startswith("Ranged School's Attainment 8 over the years held: up from 52.0 in 2017/18 to 55.0 in 2018/19")


def test_a_key_stage_the_phase_never_has_is_said_plainly(engine, rec):
    rec.school(100001, "Oak Primary", phase="Primary", low_age=4, high_age=11)
    rec.school(100002, "High School", phase="Secondary", low_age=11, high_age=16)
    rec.done()
    assert A.results(engine, 100001, measure="progress_8").text.startswith(
        "Oak Primary is a primary school (ages 4–11), so it has no KS4 (GCSEs) results.")
    assert A.results(engine, 100002, measure="ks2_expected", years=[2019]).text.startswith(
        "High School is a secondary school (ages 11–16), so it has no KS2 (SATs, end of primary) results.")


@pytest.mark.parametrize("field, value, measure, first", [
    ("sixth_form", "Has a sixth form", "sixth_form", "Yes — Glyn School has a sixth form"),
    ("sixth_form", "Does not have a sixth form", "sixth_form", "No — Glyn School does not have a sixth form"),
    ("sixth_form", None, "sixth_form", "No — Glyn School does not have a sixth form (ages 11–16"),
    ("admissions_policy", "Selective", "admissions_policy", "Yes — Glyn School is selective (a grammar school)"),
    ("admissions_policy", "Non-selective", "admissions_policy", "No — Glyn School is not selective"),
    ("religious_character", "Roman Catholic", "religious_character",
     "Yes — Glyn School has a religious character: Roman Catholic"),
    ("religious_character", "Does not apply", "religious_character", "No — Glyn School has no religious character"),
    ("gender", "Boys", "gender", "Glyn School is a boys' school"),
    ("gender", "Mixed", "gender", "Glyn School is mixed"),
    ("pupils", 1700, "pupil_numbers", "Glyn School has 1,700 pupils"),
    ("capacity", 1680, "capacity", "Glyn School has places for 1,680 pupils"),
    ("head_name", "Mr M Duffield", "headteacher", "Glyn School's headteacher is Mr M Duffield."),
    ("telephone", "02087164949", "phone", "Glyn School's phone number is 02087164949."),
])
def test_a_fact_is_said_first_and_yes_no_questions_get_yes_or_no(engine, rec, field, value, measure, first):
    rec.school(100001, "Glyn School", **{field: value})
    rec.done()
    for builder in (A.pupils, A.admissions, A.contact):
        a = builder(engine, 100001, measure=measure, today=TODAY)
        assert a.text.startswith(first), (builder.__name__, a.text)
        assert len(a.text) < 600 and a.title == "Glyn School"


def test_without_school_details_the_age_range_and_name_still_answer(engine, rec):
    rec.school(100001, "Watford Grammar School for Girls", high_age=18)
    rec.school(100002, "Ungraded School", high_age=None)
    rec.done()
    sixth = A.pupils(engine, 100001, measure="sixth_form", today=TODAY)
    assert sixth.text.startswith("Most likely: Watford Grammar School for Girls teaches pupils up to 18")
    grammar = A.admissions(engine, 100001, measure="admissions_policy", today=TODAY)
    assert grammar.text.startswith("Most likely: its name says Watford Grammar School for Girls is a grammar school")
    assert A.pupils(engine, 100002, measure="sixth_form").text.startswith(
        "Schoolbot's records don't say whether Ungraded School has a sixth form")


def test_free_school_meals_census_first_then_the_current_figure(engine, rec):
    rec.school(100001, fsm_percent=5.2)
    rec.figs(100001, "census", 2019, pct_fsm_ever=9.6)
    rec.figs("england", "census", 2019, phase="secondary", pct_fsm_ever=27.7)
    rec.done()
    a = A.pupils(engine, 100001, measure="fsm", today=TODAY)
    assert a.text.startswith("At Test School, 9.6% of pupils were eligible for free school meals at some point "
                             "in the last 6 years in 2018/19 (England secondary 27.7%).")
    assert "Eligible for free school meals now: 5.2%" in a.text


def test_inspection_date_is_said_first(engine, rec):
    rec.school(100001)
    rec.inspection(100001, date(2018, 1, 10), overall="Good")
    rec.inspection(100001, date(2023, 6, 1), kind="ungraded", outcome="School remains Good (Concerns) - S5 Next")
    rec.done()
    a = A.inspection(engine, 100001, measure="inspection_date", today=TODAY)
    assert a.text.startswith("Test School was last inspected by Ofsted on 1 June 2023 (an ungraded inspection: "
                             "the school remains Good, but inspectors had some concerns, so its next inspection "
                             "will be a full graded one).")
    assert "S5" not in a.text and "(Concerns)" not in a.text  # Ofsted's codes never reach a parent


# ------------------------------------------------------------------ Ofsted words, P8 bands
@pytest.mark.parametrize("rating, other", [("Serious Weaknesses", "Special Measures"),
                                           ("Special Measures", "Serious Weaknesses")])
def test_an_inadequate_category_is_said_to_be_one_of_the_two(engine, rec, rating, other):
    rec.school(100001, ofsted_rating=rating, ofsted_last_inspection=date(2022, 3, 1))
    rec.done()
    for a in (A.inspection(engine, 100001, today=TODAY), A.overview(engine, 100001, today=TODAY)):
        assert f"Ofsted: Inadequate ({rating}) (graded inspection, 1 March 2022)" in a.text
        assert f"{rating} is one of the two categories of an Inadequate judgement (the other is {other})" in a.text
        assert "ofsted_category" in a.caveats


@pytest.mark.parametrize("outcome, words", [
    ("School remains Good", "the school remains Good"),
    ("School remains Outstanding (Improving) - S5 Next", "the school remains Outstanding, and inspectors saw signs"),
    ("Standards maintained", "standards maintained"),
    ("Some aspects not as strong", "some aspects not as strong as at the last graded inspection"),
    ("Something new (X) - S8 Next", "something new (X)"),
])
def test_ungraded_outcomes_are_in_parents_words(engine, rec, outcome, words):
    rec.school(100001)
    rec.inspection(100001, date(2018, 1, 10), overall="Good")
    rec.inspection(100001, date(2023, 6, 1), kind="ungraded", outcome=outcome)
    rec.done()
    a = A.inspection(engine, 100001, today=TODAY)
    assert words in a.text and not re.search(r"\bS[58]\b", a.text)


def test_a_p8_band_the_dfe_published_as_supp_is_not_worked_out(engine, rec):
    ks4_school(rec, 100001, name="Tech UTC", low_age=14, high_age=19, p8=-0.79, low=-1.1, high=-0.5)
    rec.fig(100001, "ks4", "p8_banding", 2024, status="SUPP")
    rec.done()
    a = A.results(engine, 100001, today=TODAY)
    assert "below average" not in a.text and "not_banded" in a.caveats
    assert "The DfE published no band for this school's Progress 8" in a.text and "here at 14" in a.text


# ------------------------------------------------------------------ links, compare, combined
def test_every_school_answer_links_the_dfe_page_and_ofsted_reports(engine, rec):
    ks4_school(rec, 100001)
    rec.done()
    for name in ("overview", "inspection", "results", "pupils", "contact", "admissions"):
        a = getattr(A, name)(engine, 100001, today=TODAY)
        assert LINK.format(urn=100001) in a.text and "reports.ofsted.gov.uk/provider/21/100001" in a.text, name
        assert '<a href="https://www.compare-school-performance.service.gov.uk/school/100001">' in a.html


def test_compare_is_one_line_per_measure_with_the_detail_behind_notes(engine, rec):
    for urn, name, p8 in ((100001, "Alpha School", 0.3), (100002, "Beta School", 0.1), (100003, "Gamma School", -0.7)):
        ks4_school(rec, urn, name=name, p8=p8, low=p8 - 0.2, high=p8 + 0.2)
    rec.done()
    a = A.compare(engine, [100001, 100002, 100003], today=TODAY)
    p8 = next(ln for ln in a.text.splitlines() if ln.startswith("• Progress 8:"))
    assert p8 == "• Progress 8: Alpha +0.30, Beta +0.10, Gamma -0.70 — a real difference: Alpha above Gamma; Beta above Gamma"
    assert any("95% confidence intervals" in n for n in a.notes) and "notes" in a.follow_ups
    one = A.compare(engine, [100001, 100002], measure="attainment_8", today=TODAY)
    assert [ln for ln in one.text.splitlines() if ln.startswith("• ") and "Ofsted" not in ln] == [
        "• Attainment 8: Alpha 52.1, Beta 52.1"]


def test_combined_says_each_part_first_then_the_follow_ups(engine, rec):
    ks4_school(rec, 100001, name="Weydon School", year=2019)
    rec.inspection(100001, date(2013, 1, 10), overall="Outstanding")
    rec.done()
    ofsted = A.inspection(engine, 100001, today=TODAY)
    results = A.results(engine, 100001, today=TODAY)
    both = A.combined([ofsted, results])
    lines = both.text.splitlines()
    assert lines[0] == "Weydon School — Ofsted" or "Outstanding" in lines[0] or "Outstanding" in lines[1]
    assert any(ln.startswith("Weydon School's Progress 8 in 2018/19 was +0.60") for ln in lines)
    assert set(both.caveats) == set(ofsted.caveats) | set(results.caveats)
    assert "inspection" not in both.follow_ups and "results" not in both.follow_ups and "notes" in both.follow_ups
    assert len(shown_notes(both)) <= 2 and len(set(lines) - {""}) == len([ln for ln in lines if ln])
    assert A.combined([results]) is results


def test_notes_for_gives_the_collapsed_notes_of_an_answer(engine, rec):
    ks4_school(rec, 100001, year=2019)
    rec.done()
    notes = A.notes_for(engine, [100001], "results", today=TODAY)
    assert notes.notes == A.results(engine, 100001, today=TODAY).notes
    assert all(n in notes.text for n in notes.notes) and notes.text.startswith("Notes — Test School")


def test_caveat_wordings_fill_their_facts():
    c = Caveat("ofsted_category", {"category": "Special Measures", "other": "Serious Weaknesses"})
    assert caveat_text(c).startswith("Special Measures is one of the two categories")
