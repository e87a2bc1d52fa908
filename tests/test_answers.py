"""Answer builders on crafted records (SQLite and PostgreSQL): figures, comparators, caveats, HTML."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import event
from sqlalchemy.orm import Session

import bot.answers as A
from tests.helpers.factories import TODAY, Records, ks4_school

ALLOWED_TAGS = re.compile(r"</?(b|i|code|a)(\s+href=\"[^\"]*\")?>")


def html_is_safe(html: str) -> bool:
    """Only Telegram's b/i/code/a tags; every other < is escaped."""
    return "<" not in ALLOWED_TAGS.sub("", html)


@pytest.fixture
def rec(engine):
    r = Records(engine)
    yield r
    r.s.close()


def test_overview_ks4_gives_facts_ofsted_results_and_source(engine, rec):
    ks4_school(rec, 100001, name="Tomlinscote School", year=2024)
    rec.inspection(100001, date(2023, 3, 5), overall="Good")
    rec.done()
    a = A.overview(engine, 100001, today=TODAY)
    assert a.intent == "overview" and a.outcome == "answered" and a.schools == [100001]
    assert "Academy converter, secondary, ages 11–16, Frimley (Surrey)" in a.text
    assert "Ofsted: Good (graded inspection, 5 March 2023)" in a.text
    assert "Progress 8: +0.60, well above average (95% CI +0.30 to +0.90). Surrey +0.12, England -0.03" in a.text
    assert "Attainment 8: 52.1 (Surrey 49.0, England 46.1)" in a.text
    assert "55% of pupils got a grade 5 or above in English and maths (Surrey 50%, England 45.9%)" in a.text
    assert a.text.splitlines()[-1].startswith("Source: ")
    assert "DfE KS4 performance tables 2023/24 (final)" in a.text.splitlines()[-1]
    assert {s.kind for s in a.sources} >= {"ks4", "ofsted", "gias"}
    assert any(s.kind == "ks4" and s.year == "2023/24" and s.file for s in a.sources)
    assert "inspection" in a.follow_ups and "overview" not in a.follow_ups
    assert a.title == "Tomlinscote School"
    assert html_is_safe(a.html) and "<b>Tomlinscote School</b>" in a.html


def test_comparators_come_from_the_same_file_and_year(engine, rec):
    ks4_school(rec, 100001, year=2024)
    other = rec.file("ks4", 2024, name="other-la-file.csv")
    rec.fig("la", "ks4", "att8", 2023, 11.1)  # another year
    rec.fig("la", "ks4", "p8", 2024, 7.77, file=other, la_code=999)  # another LA
    rec.done()
    a = A.results(engine, 100001)
    assert "Surrey +0.12" in a.text and "7.77" not in a.text and "11.1" not in a.text


def test_england_figure_from_another_file_of_the_same_release(engine, rec):
    # Each LA's file repeats the England rows; the store keeps them once, under one file.
    rec.school(100001, la_code=850, la_name="Hampshire")
    own = rec.file("ks4", 2024, name="2023-2024_850_ks4final.csv")
    rec.fig(100001, "ks4", "att8", 2024, 50.0, file=own, la_code=850)
    rec.fig("la", "ks4", "att8", 2024, 48.0, file=own, la_code=850)
    rec.fig("england", "ks4", "att8", 2024, 46.0, file=rec.file("ks4", 2024, name="2023-2024_936_ks4final.csv"))
    rec.fig("england_state", "ks4", "att8", 2024, 1.0, file=rec.file("ks4", 2024, provisional=True),
            provisional=True)  # a provisional release is not the same figure
    rec.done()
    a = A.results(engine, 100001)
    assert "Attainment 8 in 2023/24: 50.0 (Hampshire 48.0, England 46.0)" in a.text


def test_html_escapes_every_dynamic_value(engine, rec):
    ks4_school(rec, 100001, name="St <Anne's> & Co", town="A<b>c", website="https://x.test/?a=1&b=<2>",
               telephone="<script>", head_name="Dr & Mrs <X>")
    rec.done()
    for a in (A.overview(engine, 100001, today=TODAY), A.contact(engine, 100001),
              A.results(engine, 100001), A.pupils(engine, 100001), A.admissions(engine, 100001, today=TODAY)):
        assert html_is_safe(a.html), a.html
        assert "&lt;Anne&#39;s&gt; &amp; Co" in a.html
    c = A.contact(engine, 100001)
    assert '<a href="https://x.test/?a=1&amp;b=&lt;2&gt;">' in c.html and "&lt;script&gt;" in c.html
    assert "Dr & Mrs <X>" in c.text


STATUS_WORDS = [
    ("SUPP", "suppressed", "very few pupils"), ("NE", "no_entries", "no pupils were entered"),
    ("NP", "not_published", "not published"), ("NA", "not_applicable", "not applicable"),
    ("LOWCOV", "low_coverage", "fewer than half"), ("NEW", "new_school", "new"),
    ("c", "suppressed", "very few pupils"), ("x", "not_available", "not available"),
    ("z", "not_applicable", "not applicable"), ("u", "low_reliability", "low reliability"),
    ("SP", "small_percentage", "under 0.5%"), ("RE", "redacted", "withheld"),
    ("DNS", "not_available", "not available"), (":", "not_applicable", "not applicable"),
]


def test_each_status_code_on_a_figure_is_said_in_words(engine, rec):
    for n, (code, _cid, _words) in enumerate(STATUS_WORDS):
        rec.school(100001 + n)
        rec.fig(100001 + n, "ks4", "basics_95", 2024, status=code)
        rec.fig(100001 + n, "ks4", "att8", 2024, 40.0)
    rec.done()
    for n, (code, cid, words) in enumerate(STATUS_WORDS):
        a = A.results(engine, 100001 + n, "ks4")
        assert cid in a.caveats, code
        line = next(ln for ln in a.text.splitlines() if "English and maths" in ln)
        assert words in line and "2023/24" in line and "%" not in line.split("(")[0], (code, line)


def test_small_cohort_and_ci_includes_average(engine, rec):
    ks4_school(rec, 100001, p8=0.45, low=-0.05, high=0.95, pupils=8)
    rec.done()
    a = A.results(engine, 100001)
    assert "small_cohort" in a.caveats and "ci_includes_average" in a.caveats
    assert "only 8 pupils" in a.text and "not significantly different" in a.text
    assert ("Progress 8 in 2023/24 was +0.45 — average: not significantly different from the national average "
            "(95% CI -0.05 to +0.95)") in a.text
    assert a.text.count("not significantly different") == 1  # said once, where the figure is


def test_p8_band_is_computed_from_score_and_interval_not_copied(engine, rec):
    ks4_school(rec, 100001, p8=0.45, low=0.1, high=0.8)
    rec.fig(100001, "ks4", "p8_banding", 2024, text="Well above average")
    rec.done()
    a = A.results(engine, 100001)
    assert "Progress 8 in 2023/24 was +0.45 — above average" in a.text and "ci_includes_average" not in a.caveats


def test_published_band_used_only_without_an_interval(engine, rec):
    rec.school(100001)
    rec.figs(100001, "ks4", 2024, p8=0.2)
    rec.fig(100001, "ks4", "p8_banding", 2024, text="Above average")
    rec.done()
    assert "Progress 8 in 2023/24 was +0.20 — above average" in A.results(engine, 100001).text


def test_old_data_names_the_year_and_the_newer_one(engine, rec):
    ks4_school(rec, 100001, year=2019)
    ks4_school(rec, 100002, year=2026, name="Newer")  # the records know a newer year
    rec.done()
    a = A.results(engine, 100001)
    assert "old_data" in a.caveats and "notes" in a.follow_ups  # general notes: collapsed
    assert any("from 2018/19" in n and "2025/26 figures" in n for n in a.notes)
    assert "no_exams_2020_2021" in a.caveats and any("no tests or exams in 2020 and 2021" in n for n in a.notes)
    assert "2025/26" not in a.text and "no tests or exams" not in a.text


def test_latest_year_has_no_old_data_caveat(engine, rec):
    ks4_school(rec, 100001, year=2025)
    rec.done()
    a = A.results(engine, 100001)
    assert "old_data" not in a.caveats and "no_exams_2020_2021" not in a.caveats


def test_no_progress_measure_named_for_ks4_and_ks2(engine, rec):
    ks4_school(rec, 100001, year=2025)
    rec.school(100003, "Oak Primary", phase="Primary", low_age=4, high_age=11)
    rec.figs(100003, "ks2", 2025, rwm_exp=70.0, ks2_pupils=30)
    rec.done()
    ks4 = A.results(engine, 100001)
    assert "no_progress_measure" in ks4.caveats and any("no Progress 8 for 2024/25 and 2025/26" in n for n in ks4.notes)
    ks2 = A.results(engine, 100003)
    assert any("no KS2 progress scores for 2023/24 and 2024/25" in n for n in ks2.notes)
    asked = A.results(engine, 100001, measure="progress_8", years=[2026])  # the question is about it
    assert "no Progress 8 for 2024/25 and 2025/26" in asked.text and "no_progress_measure" in asked.caveats


def test_independent_school_has_no_p8(engine, rec):
    rec.school(100001, "Fee School", type_name="Other independent school", type_group="Independent schools")
    rec.fig(100001, "ks4", "p8", 2024, status="NP")
    rec.figs(100001, "ks4", 2024, att8=60.0)
    rec.done()
    a = A.results(engine, 100001)
    assert "independent_no_p8" in a.caveats and "not_published" not in a.caveats
    assert "Independent schools have no Progress 8" in a.text
    assert "independent_igcse" in a.caveats and "IGCSEs" in a.text


def test_state_school_results_carry_no_independent_caveats(engine, rec):
    rec.school(100002, "State School", type_name="Academy converter", type_group="Academies")
    rec.figs(100002, "ks4", 2024, att8=60.0)
    rec.done()
    a = A.results(engine, 100002)
    assert "independent_igcse" not in a.caveats and "independent_no_p8" not in a.caveats


def test_old_inspection_and_pre_2020_outstanding(engine, rec):
    rec.school(100001)
    rec.inspection(100001, date(2013, 1, 10), overall="Outstanding")
    rec.school(100002, "Recent")
    rec.inspection(100002, date(2024, 5, 1), overall="Good")
    rec.done()
    old = A.inspection(engine, 100001, today=TODAY)
    assert "old_inspection" in old.caveats and "exempt" in old.text
    assert "Ofsted: Outstanding (graded inspection, 10 January 2013)" in old.text
    assert "old_inspection" not in A.inspection(engine, 100002, today=TODAY).caveats
    assert "old_inspection" in A.inspection(engine, 100002, today=date(2029, 6, 1)).caveats


def test_report_card_areas_listed_separately_never_one_grade(engine, rec):
    rec.school(100001)
    rec.inspection(100001, date(2021, 1, 10), overall="Good")
    rec.inspection(100001, date(2025, 12, 3), kind="report_card",
                   judgements={"inclusion": "Strong standard", "achievement": "Needs attention",
                               "safeguarding": "Met", "early_years": "Not applicable"})
    rec.done()
    a = A.inspection(engine, 100001, today=TODAY)
    assert "Ofsted report card, 3 December 2025:" in a.text
    assert "• Inclusion: Strong standard" in a.text and "• Achievement: Needs attention" in a.text
    assert "Early years" not in a.text
    assert "report_card_not_comparable" in a.caveats and any("cannot be compared" in n for n in a.notes)
    assert "Earlier: 10 January 2021, Good" in a.text
    about = A.inspection(engine, 100001, measure="report_card", today=TODAY)
    assert "cannot be compared" in about.text and not any("cannot be compared" in n for n in about.notes)
    o = A.overview(engine, 100001, today=TODAY)
    assert "Ofsted: Good" not in o.text and "Inclusion strong standard" in o.text


def test_interim_graded_inspection_has_no_overall_grade(engine, rec):
    rec.school(100001)
    rec.inspection(100001, date(2025, 1, 20), overall="Not judged",
                   judgements={"quality_of_education": "Good", "behaviour_and_attitudes": "Outstanding"})
    rec.done()
    a = A.inspection(engine, 100001, today=TODAY)
    assert "no overall grade" in a.text and "Quality of education: Good" in a.text


def test_ungraded_outcome_is_shown_with_its_date(engine, rec):
    rec.school(100001)
    rec.inspection(100001, date(2018, 1, 10), overall="Good")
    rec.inspection(100001, date(2023, 6, 1), kind="ungraded", outcome="School remains Good")
    rec.done()
    a = A.overview(engine, 100001, today=TODAY)
    assert "ungraded inspection, 1 June 2023: the school remains Good" in a.text
    assert "does not change the grade" in a.text


def test_predecessor_inspection_via_school_links(engine, rec):
    rec.school(200001, "Old Maintained School", is_open=False, close_date=date(2016, 8, 31))
    rec.inspection(200001, date(2014, 2, 1), overall="Requires improvement")
    rec.school(200002, "New Academy")
    rec.link(200002, 200001, "Predecessor", "Old Maintained School")
    rec.done()
    a = A.inspection(engine, 200002, today=TODAY)
    assert "predecessor_inspection" in a.caveats
    assert "Old Maintained School (URN 200001)" in a.text and "Requires improvement" in a.text


def test_predecessor_inspection_via_inspected_urn(engine, rec):
    rec.school(200002, "New Academy")
    rec.inspection(200002, date(2022, 2, 1), overall="Good", inspected_urn=200001, inspected_name="Old School")
    rec.done()
    a = A.overview(engine, 200002, today=TODAY)
    assert "predecessor_inspection" in a.caveats and "Old School (URN 200001)" in a.text


def test_no_inspection(engine, rec):
    rec.school(100001)
    rec.done()
    a = A.inspection(engine, 100001, today=TODAY)
    assert "no_inspection" in a.caveats and "no inspection" in a.text.lower()


def test_gias_rating_used_when_no_inspection_rows(engine, rec):
    rec.school(100001, ofsted_rating="Good", ofsted_last_inspection=date(2022, 3, 1))
    rec.done()
    a = A.inspection(engine, 100001, today=TODAY)
    assert "Ofsted: Good (graded inspection, 1 March 2022)" in a.text and "no_inspection" not in a.caveats


def test_closed_school_names_its_successor(engine, rec):
    rec.school(200001, "Old School", is_open=False, close_date=date(2016, 8, 31))
    rec.school(200002, "New Academy")
    rec.link(200001, 200002, "Successor", "New Academy")
    rec.done()
    a = A.overview(engine, 200001, today=TODAY)
    assert "closed_school" in a.caveats and "closed 31 August 2016" in a.text
    assert "Now replaced by New Academy" in a.text


def test_not_checked_and_provisional(engine, rec):
    rec.school(100001)
    rec.figs(100001, "ks4", 2019, att8=45.0)
    rec.fig(100001, "ks4", "confexam", 2019, status="R")
    rec.fig(100001, "ks4", "basics_95", 2024, 50.0, provisional=True)
    rec.done()
    a = A.results(engine, 100001)
    assert "not_checked" in a.caveats and "had not checked these 2018/19 results" in a.text
    assert "provisional" in a.caveats and "(provisional)" in a.text


def test_demo_school_is_labelled_fictional(engine, rec):
    ks4_school(rec, 100001, demo=True)
    rec.done()
    for a in (A.overview(engine, 100001, today=TODAY), A.contact(engine, 100001)):
        assert a.demo and "demo_data" in a.caveats and "fictional" in a.text.splitlines()[0]


def test_demo_source_file_is_labelled_fictional(engine, rec):
    rec.school(100001)
    rec.fig(100001, "ks4", "att8", 2024, 50.0, file=rec.file("ks4", 2024, demo=True))
    rec.done()
    a = A.results(engine, 100001)
    assert a.demo and "fictional" in a.text


def test_ks2_primary_overview(engine, rec):
    rec.school(300001, "Oakfield Junior School", phase="Primary", low_age=7, high_age=11, la_code=850,
               la_name="Hampshire", town="Alton")
    rec.figs(300001, "ks2", 2019, rwm_exp=73.0, read_prog=1.2, read_prog_low=0.1, read_prog_high=2.3,
             mat_prog=-0.4, mat_prog_low=-1.5, mat_prog_high=0.7, ks2_pupils=60)
    rec.fig("la", "ks2", "rwm_exp", 2019, 66.0, la_code=850)
    rec.fig("england", "ks2", "rwm_exp", 2019, 65.0)
    rec.done()
    a = A.overview(engine, 300001, today=TODAY)
    assert "KS2 (SATs, end of primary), 2018/19" in a.text
    assert "73% of pupils met the expected standard in reading, writing and maths (Hampshire 66%, England 65%)" in a.text
    assert "Reading progress: +1.2, above average" in a.text
    assert "Maths progress: -0.4, average" in a.text and "ci_includes_average" in a.caveats
    assert "DfE KS2 performance tables 2018/19 (final)" in a.text


def test_secondary_without_results_says_so(engine, rec):
    rec.school(100001)
    ks4_school(rec, 100002, name="Other School")  # the records do hold KS4 results
    rec.done()
    a = A.results(engine, 100001)
    assert "no_results" in a.caveats and "Schoolbot's records have no results for this school" in a.text
    assert "compare-school-performance.service.gov.uk/school/100001" in a.text  # where to see them


def test_pupils_uses_gias_and_census(engine, rec):
    rec.school(100001, pupils=1204, capacity=1300, gender="Mixed", religious_character="Church of England",
               sixth_form="Has a sixth form", fsm_percent=8.4)
    rec.figs(100001, "census", 2024, pct_eal=12.0, pct_sen_support=11.5)
    rec.done()
    a = A.pupils(engine, 100001)
    assert a.text.startswith("Test School has 1,204 pupils, aged 11–16 (school details, April 2025; capacity 1,300).")
    for text in ("Church of England", "8.4%", "has a sixth form",
                 "SEN support 11.5%, first language not English 12% (2023/24)"):  # GIAS facts are dated, as census ones are
        assert text in a.text


def _phase_rows(rec: Records, year: int = 2024) -> None:
    """Census and absence LA/England rows for every phase, with different values per phase."""
    for phase, base in (("primary", 1.0), ("secondary", 2.0), ("special", 90.0)):
        rec.figs("la", "census", year, phase=phase, pct_ehcp=base + 0.4, pupils_on_roll=5000 + base)
        rec.figs("england", "census", year, phase=phase, pct_ehcp=base + 0.3)
        rec.figs("la", "absence", year, phase=phase, overall_absence=base + 5.0)
        rec.figs("england", "absence", year, phase=phase, overall_absence=base + 5.5)


@pytest.mark.parametrize("urn, kind, phase, shown", [
    (100001, {"phase": "Secondary"}, "secondary", ("Surrey secondary 2.4%", "England secondary 2.3%")),
    (100002, {"phase": "Primary", "low_age": 4, "high_age": 11}, "primary",
     ("Surrey primary 1.4%", "England primary 1.3%")),
    (100003, {"phase": "All-through", "type_name": "Community special school"}, "special",
     ("Surrey special 90.4%", "England special 90.3%")),
])
def test_census_and_absence_compare_with_the_schools_own_phase(engine, rec, urn, kind, phase, shown):
    rec.school(urn, **kind)
    rec.figs(urn, "census", 2024, pct_ehcp=2.1, pupils_on_roll=900)
    rec.figs(urn, "absence", 2024, overall_absence=6.1)
    _phase_rows(rec)
    rec.done()
    a = A.pupils(engine, urn)
    ehcp = next(ln for ln in a.text.splitlines() if "EHC plan" in ln)
    assert ehcp.endswith(f"2.1% (2023/24; {shown[0]}; {shown[1]})")
    other = {"primary", "secondary", "special"} - {phase}
    assert not any(f" {p} " in a.text for p in other)
    absence = next(ln for ln in a.text.splitlines() if "sessions missed" in ln)
    assert f"Surrey {phase} " in absence and f"England {phase} " in absence
    roll = next(ln for ln in a.text.splitlines() if "on roll" in ln)
    assert roll.endswith("had 900 pupils on roll in the 2023/24 school census.")  # never compared with an LA total


def test_census_rows_of_another_la_or_year_are_not_comparators(engine, rec):
    rec.school(100001)
    rec.figs(100001, "census", 2024, pct_ehcp=2.1)
    rec.fig("la", "census", "pct_ehcp", 2024, 7.7, la_code=850, phase="secondary")
    rec.fig("england", "census", "pct_ehcp", 2019, 8.8, phase="secondary")
    rec.done()
    a = A.pupils(engine, 100001)
    assert "7.7%" not in a.text and "8.8%" not in a.text and "2.1%" in a.text


def test_independent_school_census_has_no_state_funded_comparators(engine, rec):
    rec.school(100001, type_name="Other independent school", type_group="Independent schools")
    rec.figs(100001, "census", 2024, pct_ehcp=2.1)
    _phase_rows(rec)
    rec.done()
    a = A.pupils(engine, 100001)
    assert "2.1%" in a.text and "England" not in a.text.split("Source:")[0]


def test_admissions_deadlines_and_what_data_cannot_say(engine, rec):
    rec.school(100001, capacity=1000, pupils=990, admissions_policy="Non-selective")
    rec.school(100002, "Oak Primary", phase="Primary")
    rec.done()
    sec = A.admissions(engine, 100001, today=date(2026, 9, 1))
    assert "31 October 2026" in sec.text and "nearly full" in sec.text and "Non-selective" in sec.text
    assert "catchment" in sec.text and "chances of a place" in sec.text
    prim = A.admissions(engine, 100002, today=date(2026, 11, 27))
    assert "15 January 2027" in prim.text and "home council" in prim.text


def test_contact(engine, rec):
    rec.school(100001, street="Tomlinscote Way", telephone="01276 709000", website="www.t.sch.uk",
               head_name="Mrs A Head")
    rec.done()
    a = A.contact(engine, 100001)
    assert "Tomlinscote Way, Frimley, GU16 8PY" in a.text and "01276 709000" in a.text
    assert '<a href="https://www.t.sch.uk">' in a.html and "Mrs A Head" in a.text


def test_compare_overlapping_intervals(engine, rec):
    ks4_school(rec, 100001, name="Alpha", p8=0.3, low=0.05, high=0.55)
    ks4_school(rec, 100002, name="Beta", p8=0.1, low=-0.2, high=0.4)
    rec.done()
    a = A.compare(engine, [100001, 100002], today=TODAY)
    assert a.intent == "compare" and a.schools == [100001, 100002]
    assert "overlapping_intervals" in a.caveats
    line = next(ln for ln in a.text.splitlines() if ln.startswith("• Progress 8:"))
    assert line == "• Progress 8: Alpha +0.30, Beta +0.10 — not significantly different"
    assert any("Alpha +0.05 to +0.55; Beta -0.20 to +0.40" in n for n in a.notes)  # the detail, a tap away
    assert a.title == "Alpha vs Beta" and "notes" in a.follow_ups


def test_compare_separated_intervals(engine, rec):
    ks4_school(rec, 100001, name="Alpha", p8=0.8, low=0.6, high=1.0)
    ks4_school(rec, 100002, name="Beta", p8=-0.6, low=-0.8, high=-0.4)
    rec.done()
    a = A.compare(engine, [100001, 100002], today=TODAY)
    assert "overlapping_intervals" not in a.caveats
    assert "• Progress 8: Alpha +0.80, Beta -0.60 — a real difference: Alpha above Beta" in a.text


def test_nearby_by_postcode_district_with_filters(engine, rec):
    rec.postcode("GU16", 488000, 158000)
    rec.school(1, "Near Secondary", easting=488100, northing=158000, ofsted_rating="Good",
               ofsted_last_inspection=date(2022, 1, 1))
    rec.school(2, "Nearer Primary", phase="Primary", easting=488050, northing=158000,
               religious_character="Roman Catholic")
    rec.school(3, "Far Secondary", easting=500000, northing=170000, town="Guildford")
    rec.school(4, "Closed Secondary", easting=488010, northing=158000, is_open=False)
    rec.school(5, "RI Secondary", easting=488200, northing=158000, ofsted_rating="Requires improvement",
               ofsted_last_inspection=date(2022, 1, 1))
    rec.done()
    a = A.nearby(engine, "gu16")
    assert a.schools == [2, 1, 5] and "not catchment" in a.text and "0.1 km" in a.text
    assert A.nearby(engine, "GU16", phase="secondary").schools == [1, 5]
    assert A.nearby(engine, "GU16", faith=True).schools == [2]
    assert A.nearby(engine, "GU16", phase="secondary", rating="good").schools == [1]
    assert A.nearby(engine, "Frimley").schools[:1] == [1]  # the centre of its open schools
    missing = A.nearby(engine, "Atlantis")
    assert missing.outcome == "not_found" and missing.schools == []


def test_not_found_and_clarify(engine, rec):
    rec.school(1, "St Mary's CofE Primary", phase="Primary", town="Alton")
    rec.school(2, "St Mary's CofE Primary", phase="Primary", town="Epsom", is_open=False)
    rec.done()
    nf = A.overview(engine, 999999, today=TODAY)
    assert nf.outcome == "not_found" and nf.schools == []
    c = A.clarify(engine, [1, 2], query="st marys")
    assert c.outcome == "clarified" and c.clarify == [1, 2]
    assert [ch.label for ch in c.choices] == [
        "St Mary's CofE Primary — Alton, primary", "St Mary's CofE Primary — Epsom, primary (closed)"]
    assert "1. St Mary's CofE Primary — Alton, primary" in c.text


def test_explain_unanswerable_help_privacy():
    p8 = A.explain("what's progress 8")
    assert p8.intent == "explain" and "confidence interval" in p8.text and p8.topic == "progress_8"
    assert "scaled" in A.explain("scaled scores").text
    assert A.explain("quantum flux").outcome == "not_understood"
    u = A.unanswerable("term_dates", "Oak Primary")
    assert u.outcome == "unanswerable" and u.topic == "term_dates" and "Term dates" in u.text
    assert A.unanswerable("uniform cost").topic == "uniform cost"
    assert "not something national open data covers" in A.unanswerable("weird").text
    assert A.help().intent == "help" and "Progress 8" in A.help().text
    text = A.privacy("every week", 30).text
    assert "for 30 days" in text and "changes every week" in text and "/forget" in text


def test_an_answer_takes_a_handful_of_queries(engine, rec):
    ks4_school(rec, 100001)
    rec.inspection(100001, date(2023, 3, 5), overall="Good")
    rec.done()
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    A.overview(engine, 100001, today=TODAY)
    assert len(statements) <= 10, statements


def test_every_term_and_topic_of_the_understanding_has_words():
    from bot.render import knowledge

    intents = knowledge("intents")
    for term in intents["terms"]:
        a = A.explain(term)
        assert a.outcome == "answered" and a.topic == term, term
    for topic in intents["topics"]:
        a = A.unanswerable(topic)
        assert a.topic == topic and "not something national open data covers" not in a.text, topic


def test_compare_figures_from_different_years_are_flagged(engine, rec):
    ks4_school(rec, 100001, name="Alpha", year=2019)
    ks4_school(rec, 100002, name="Beta", year=2024)
    rec.done()
    a = A.compare(engine, [100001, 100002], today=TODAY)
    assert "different_years" in a.caveats and "overlapping_intervals" not in a.caveats
    assert "2018/19, 2023/24" in a.text and "Alpha +0.60 (2018/19), Beta +0.60 (2023/24)" in a.text
    assert "not significantly different" not in a.text  # no verdict across years


def test_school_details_without_a_gias_file_say_so(engine, rec):
    rec.school(100001, source_file_id=None)
    rec.done()
    a = A.contact(engine, 100001)
    assert [s.kind for s in a.sources] == ["school_details"]
    assert "GIAS" not in a.text and a.text.splitlines()[-1].startswith("Source: school details")


def test_builders_accept_a_session(engine, rec):
    ks4_school(rec, 100001)
    rec.done()
    with Session(engine) as session:
        assert A.overview(session, 100001, today=TODAY).text == A.overview(engine, 100001, today=TODAY).text


def test_nearby_rating_filter_leaves_out_report_cards_and_says_why(engine, rec):
    rec.postcode("GU16", 488000, 158000)
    rec.school(1, "Graded Good", easting=488100, northing=158000)
    rec.inspection(1, date(2023, 1, 1), overall="Good")
    rec.school(2, "Report Card", easting=488050, northing=158000)
    rec.inspection(2, date(2025, 12, 1), kind="report_card", judgements={"inclusion": "Strong standard"})
    rec.done()
    a = A.nearby(engine, "GU16", rating="good")
    assert a.schools == [1] and "report_card_not_comparable" in a.caveats
    plain = A.nearby(engine, "GU16", today=TODAY)
    assert plain.schools == [2, 1] and "Ofsted report card Dec 2025" in plain.text
    assert "old_inspection" not in plain.caveats
    later = A.nearby(engine, "GU16", today=date(2030, 1, 1))
    assert "old_inspection" in later.caveats and "more than 5 years old" in later.text


def test_academy_without_results_offers_its_predecessors_labelled(engine, rec):
    ks4_school(rec, 200001, name="Old Maintained School", year=2019, is_open=False,
               close_date=date(2020, 8, 31))
    rec.school(200002, "New Academy")
    rec.link(200001, 200002, "Successor", "New Academy")
    rec.done()
    a = A.results(engine, 200002, today=TODAY)
    assert a.schools == [200002] and "predecessor_results" in a.caveats and "no_results" not in a.caveats
    assert a.text.startswith("Old Maintained School's Progress 8 in 2018/19 was +0.60")
    assert "predecessor school, Old Maintained School (URN 200001)" in a.text and "closed_school" not in a.caveats
    assert "DfE KS4 performance tables 2018/19 (final)" in a.text.splitlines()[-1]


def test_the_overview_offers_the_same_predecessor_results_as_the_results_answer(engine, rec):
    ks4_school(rec, 200001, name="Old Maintained School", year=2019, is_open=False,
               close_date=date(2020, 8, 31))
    rec.inspection(200001, date(2019, 1, 10), overall="Good")
    rec.school(200002, "New Academy")
    rec.link(200001, 200002, "Successor", "New Academy")
    rec.done()
    a = A.overview(engine, 200002, today=TODAY)
    assert "Progress 8: +0.60" in a.text and "no_results" not in a.caveats
    notes = [line for line in a.text.splitlines() if "Old Maintained School (URN 200001)" in line]
    assert len(notes) == 1 and "inspection and results" in notes[0]  # one note for both


def test_predecessor_results_only_when_the_school_has_none(engine, rec):
    ks4_school(rec, 200001, name="Old Maintained School", year=2019)
    ks4_school(rec, 200002, name="New Academy", p8=-0.2, low=-0.5, high=0.1)
    rec.link(200002, 200001, "Predecessor", "Old Maintained School")
    rec.school(200003, "Lonely Academy")
    rec.done()
    own = A.results(engine, 200002, today=TODAY)
    assert "predecessor_results" not in own.caveats and "New Academy's Progress 8 in 2023/24 was -0.20" in own.text
    none = A.results(engine, 200003, today=TODAY)
    assert "no_results" in none.caveats and "predecessor_results" not in none.caveats


def test_new_school_status_says_new_not_missing(engine, rec):
    rec.school(100001, "Kestle Free School", open_date=date(2023, 9, 1))
    rec.fig(100001, "ks4", "total_pupils", 2024, status="NEW")
    rec.done()
    a = A.results(engine, 100001, today=TODAY)
    assert "new_school" in a.caveats and "no_results" not in a.caveats
    assert "Kestle Free School: the school is new, so it had no results to publish in 2023/24." in a.text
    assert "no results for this school" not in a.text
    assert a.text.splitlines()[-1] == "Source: DfE KS4 performance tables 2023/24 (final)"


def test_gias_source_is_labelled_by_extract_date(engine, rec):
    rec.school(100001, is_open=False, close_date=date(2022, 8, 31), as_of=date(2022, 4, 20),
               source_file_id=rec.file("gias", 2023, name="20220420_gias.csv"))
    rec.school(100002, source_file_id=rec.file("gias", None, name="edubasealldata20250422.csv"))
    rec.school(100003, source_file_id=rec.file("ks4", 2019))
    rec.done()
    closed = A.contact(engine, 100001)
    assert [(s.kind, s.year) for s in closed.sources] == [("gias", "2022-04-20")]
    assert closed.text.splitlines()[-1] == "Source: Get Information about Schools, 20 April 2022"
    from_name = A.contact(engine, 100002)
    assert from_name.text.splitlines()[-1].endswith("Get Information about Schools, 22 April 2025")
    other = A.contact(engine, 100003)
    assert [(s.kind, s.year) for s in other.sources] == [("school_details", "2018/19")]
    assert other.text.splitlines()[-1] == "Source: school details from a DfE results file of 2018/19"


def test_nearby_places_a_school_without_coordinates_at_its_district_centre(engine):
    from bot.models import Postcode, School

    with Session(engine) as s:
        s.add_all([
            Postcode(district="GU34", easting=471000, northing=139000, town="Alton"),
            School(urn=900101, name="Placed Secondary School", phase="Secondary", is_open=True,
                   town="Alton", postcode="GU34 1AA", easting=471500, northing=139000),
            School(urn=900102, name="Unplaced Secondary School", phase="Secondary", is_open=True,
                   town="Alton", postcode="GU34 2BB"),
            School(urn=900103, name="Nowhere Secondary School", phase="Secondary", is_open=True),
            School(urn=900104, name="Alton Sure Start Children's Centre", is_open=True, town="Alton",
                   type_name="Children's centre", easting=471000, northing=139000),
        ])
        s.commit()
    answer = A.nearby(engine, "GU34", phase="secondary")
    assert answer.schools == [900102, 900101]
    assert 900104 not in A.nearby(engine, "GU34").schools  # a children's centre is not a school
    assert "Unplaced Secondary School" in answer.text and "same postcode district" in answer.text
    assert "0.5 km" in answer.text and "approximate_distance" in answer.caveats


def test_compare_gives_a_note_shared_by_several_schools_once(engine, rec):
    ks4_school(rec, 100001, name="Alpha", year=2019)
    ks4_school(rec, 100002, name="Beta", year=2019)
    ks4_school(rec, 100003, name="Gamma", year=2024)
    rec.done()
    a = A.compare(engine, [100001, 100002, 100003], today=TODAY)
    assert any(n.startswith("Alpha and Beta: KS4 (GCSEs) results: from 2018/19") for n in a.notes)
    assert "• Ofsted: Alpha no inspection on record; Beta no inspection on record; Gamma no inspection on record" in a.text
    lines = [ln for ln in a.text.splitlines() if ln] + a.notes
    assert len(lines) == len(set(lines)) and not set(a.notes) & set(a.text.splitlines())


def test_ks2_progress_shows_the_published_band_of_five(engine, rec):
    rec.school(300002, name="Lockerley Primary", phase="Primary")
    rec.figs(300002, "ks2", 2019, mat_prog=-6.7, mat_prog_low=-10.7, mat_prog_high=-2.7,
             read_prog=-3.6, read_prog_low=-8.2, read_prog_high=1.0, ks2_pupils=30)
    rec.fig(300002, "ks2", "mat_prog_band", 2019, value=5.0, text="Well below average")
    rec.done()
    a = A.results(engine, 300002)
    assert "Maths progress: -6.7, well below average (95% CI -10.7 to -2.7)" in a.text
    assert "reading progress in 2018/19 was -3.6 — average" in a.text  # no published band: from the interval


def test_an_old_grade_confirmed_by_a_recent_ungraded_inspection_is_not_called_old(engine, rec):
    rec.school(100001, name="Berewood Primary School", phase="Primary")
    rec.inspection(100001, date(2017, 7, 12), overall="Good")
    rec.inspection(100001, date(2023, 1, 25), kind="ungraded", outcome="School remains Good")
    rec.school(100002, name="Concerned Primary School", phase="Primary")
    rec.inspection(100002, date(2017, 7, 12), overall="Good")
    rec.inspection(100002, date(2023, 1, 25), kind="ungraded", outcome="Some aspects not as strong")
    rec.done()
    assert "old_inspection" not in A.inspection(engine, 100001, today=TODAY).caveats
    assert "old_inspection" in A.inspection(engine, 100002, today=TODAY).caveats


@pytest.mark.parametrize("with_section", [False, True])
def test_an_infant_school_asked_for_sats_is_told_why_there_are_none(engine, rec, with_section):
    rec.school(300010, name="Alton Infant School", phase="Primary", low_age=4, high_age=7)
    if with_section:  # a KS2 file row with nothing but a pupil count
        rec.figs(300010, "ks2", 2019, ks2_pupils=0)
    rec.done()
    a = A.results(engine, 300010, "ks2")
    assert "infant schools take no ks2 tests" in a.text.lower()


def test_a_newer_published_progress_band_is_shown_beside_an_older_score(engine, rec):
    ks4_school(rec, 100001, name="Vyne School", year=2019, p8=-0.11, low=-0.34, high=0.12)
    rec.fig(100001, "ks4", "p8_banding", 2024, value=5.0, text="Well below average")
    rec.done()
    a = A.results(engine, 100001, today=TODAY)
    assert "Progress 8 in 2018/19 was -0.11 — average" in a.text
    assert "Progress 8 in 2023/24: well below average (the DfE's band" in a.text
    assert "newer_band" in a.caveats and "2023/24" in a.text.splitlines()[-1]


def test_a_special_schools_results_say_first_that_they_are_not_comparable(engine, rec):
    ks4_school(rec, 100001, name="Osborne School", year=2019, p8=-1.68, low=-2.26, high=-1.1,
               type_name="Community special school")
    rec.done()
    a = A.results(engine, 100001, today=TODAY)
    notes = [line for line in a.text.splitlines() if line.startswith("Note:")]
    assert "special_school" in a.caveats and "special school" in notes[0]


def test_a_key_stage_no_school_has_is_said_to_be_missing_from_the_records(engine, rec):
    ks4_school(rec, 100001, name="Owen School", year=2019)
    rec.done()
    text = A.results(engine, 100001, "ks5").text
    assert "no 16-18 (A levels) results for schools in this area yet" in text and "loaded" not in text


def test_a_key_stage_other_schools_have_is_missing_for_this_school_only(engine, rec):
    ks4_school(rec, 100001, name="Owen School", year=2019)
    ks4_school(rec, 100002, name="Other School", year=2019)
    rec.figs(100002, "ks5", 2019, a_level_aps=35.0)
    rec.done()
    assert "for this school" in A.results(engine, 100001, "ks5").text


def test_nearby_good_schools_where_no_grade_is_known_lists_them_and_says_why(engine, rec):
    rec.postcode("AL5", 513000, 214000)
    rec.school(1, "Roundwood Park School", easting=513100, northing=214000)
    rec.school(2, "Sir John Lawes School", easting=513300, northing=214000)
    rec.done()
    a = A.nearby(engine, "AL5", rating="Good", today=TODAY)
    assert a.schools == [1, 2] and "no_grades_near" in a.caveats
    assert "cannot pick the good-or-better ones" in a.text and not a.text.startswith("Good")
