"""Read-side queries (bot.records) on crafted records, both back-ends."""

from __future__ import annotations

from datetime import date

from sqlalchemy.orm import Session

from bot import records
from tests.helpers.factories import Records, ks4_school


def test_school_lookup_and_former_names(engine):
    r = Records(engine)
    r.school(1, "New Name")
    r.s.add(records.SchoolName(urn=1, name="Old Name", kind="former"))
    r.done()
    with Session(engine) as s:
        assert records.school(s, 1).name == "New Name"
        assert records.school(s, 2) is None
        assert set(records.schools(s, [1, 2, 1])) == {1}
        assert records.former_names(s, 1) == ["Old Name"]


def test_predecessors_and_successors_from_either_direction(engine):
    r = Records(engine)
    r.school(1, "Old A", is_open=False)
    r.school(2, "Old B", is_open=False)
    r.school(3, "Academy")
    r.link(3, 1, "Predecessor", "Old A")  # recorded on the new school
    r.link(2, 3, "Successor", "Academy")  # recorded on the old school
    r.done()
    with Session(engine) as s:
        assert {lk.urn for lk in records.predecessors(s, 3)} == {1, 2}
        assert [lk.urn for lk in records.successors(s, 1)] == [3]
        assert [lk.urn for lk in records.successors(s, 2)] == [3]
        assert records.successors(s, 3) == [] and records.predecessors(s, 1) == []


def test_latest_figure_per_measure_prefers_newest_then_final(engine):
    r = Records(engine)
    r.school(1)
    r.fig(1, "ks4", "att8", 2018, 40.0)
    r.fig(1, "ks4", "att8", 2019, 41.0, provisional=True)
    r.fig(1, "ks4", "att8", 2019, 42.0)
    r.fig(1, "ks4", "p8", 2017, 0.1)
    r.done()
    with Session(engine) as s:
        best = records.latest_by_measure(records.school_figures(s, [1], ["ks4"]))
        assert best[(1, "ks4", "att8")].value == 42.0 and not best[(1, "ks4", "att8")].provisional
        assert best[(1, "ks4", "p8")].year == 2017
        only = records.school_figures(s, [1], ["ks4"], ["p8"])
        assert [f.measure for f in only] == ["p8"]


def test_comparators_for_the_school_la_only(engine):
    r = Records(engine)
    ks4_school(r, 1)
    r.fig("la", "ks4", "att8", 2024, 30.0, la_code=850)
    r.done()
    with Session(engine) as s:
        figs = records.school_figures(s, [1], ["ks4"], ["att8"])
        comps = records.comparators(s, figs, 936)
        f = figs[0]
        assert records.comparator(comps, f, "la").value == 49.0
        assert records.comparator(comps, f, "england_state").value == 46.1
        assert records.comparator(comps, f, "england").value == 45.9
        assert records.comparators(s, [], 936) == {}


def test_latest_years_cache_sees_new_records(engine):
    r = Records(engine)
    ks4_school(r, 1, year=2019)
    r.done()
    with Session(engine) as s:
        assert records.latest_years(s, [("ks4", "p8"), ("ks2", "rwm_exp")]) == {("ks4", "p8"): 2019}
    r = Records(engine)
    r.fig(1, "ks4", "p8", 2024, 0.2)
    r.done()
    with Session(engine) as s:  # a new session notices the new figure
        assert records.latest_years(s, [("ks4", "p8")]) == {("ks4", "p8"): 2024}
        files = records.source_files(s, [f.source_file_id for f in records.school_figures(s, [1], ["ks4"])])
        assert {f.year for f in files.values()} == {2019, 2024}


def test_inspections_newest_first(engine):
    r = Records(engine)
    r.school(1)
    r.inspection(1, date(2015, 1, 1), overall="Good")
    r.inspection(1, date(2022, 1, 1), kind="ungraded", outcome="School remains Good")
    r.done()
    with Session(engine) as s:
        assert [i.start_date.year for i in records.inspections(s, [1])] == [2022, 2015]
        assert records.inspections(s, []) == []


def test_place_centre_and_schools_near(engine):
    r = Records(engine)
    r.postcode("GU16", 488000, 158000)
    r.school(1, "A", easting=488300, northing=158400)  # 500 m
    r.school(2, "B", easting=489000, northing=158000, town="Camberley", la_name="Surrey")  # 1 km
    r.school(3, "C", easting=494000, northing=158000)  # 6 km
    r.done()
    with Session(engine) as s:
        assert records.place_centre(s, "gu16 8py")[:2] == (488000.0, 158000.0)
        assert records.place_centre(s, "GU168PY")[:2] == (488000.0, 158000.0)
        assert records.place_centre(s, "camberley")[:2] == (489000.0, 158000.0)
        assert records.place_centre(s, "surrey") is not None
        assert records.place_centre(s, "Nowhere") is None
        near = records.schools_near(s, 488000, 158000, radius_m=5000)
        assert [(sc.urn, round(d)) for sc, d in near] == [(1, 500), (2, 1000)]
        assert len(records.schools_near(s, 488000, 158000, radius_m=7000, limit=2)) == 2


def test_a_place_whose_schools_have_only_postcodes_is_centred_on_their_districts(engine):
    r = Records(engine)
    r.postcode("AL1", 515000, 207000)
    r.postcode("AL10", 522000, 209000)
    r.school(1, "A", easting=None, northing=None, postcode="AL1 3AA", la_name="Hertfordshire",
             locality="Marshalswick", town="St Albans")
    r.school(2, "B", easting=None, northing=None, postcode="AL10 9AB", la_name="Hertfordshire",
             town="Hatfield")
    r.done()
    with Session(engine) as s:
        assert records.place_centre(s, "Hertfordshire")[:2] == (518500.0, 208000.0)
        assert records.place_centre(s, "marshalswick")[:2] == (515000.0, 207000.0)  # a locality


def test_schools_near_filters_take_the_understanding_words(engine):
    r = Records(engine)
    base = dict(easting=488000, northing=158000)
    r.school(1, "Oak Infant School", phase="Primary", low_age=4, high_age=7, **base)
    r.school(2, "Oak Junior School", phase="Primary", low_age=7, high_age=11, **base)
    r.school(3, "St Mary's RC Primary", phase="Primary", low_age=4, high_age=11,
             religious_character="Roman Catholic", **base)
    r.school(4, "Girls' Grammar", gender="Girls", admissions_policy="Selective", type_group="Academies", **base)
    r.school(5, "Fee School", type_group="Independent schools", type_name="Other independent school", **base)
    r.school(6, "Council High", type_group="Local authority maintained schools", type_name="Community school",
             religious_character="Does not apply", sixth_form="Has a sixth form", **base)
    r.school(7, "Bridge Special", type_name="Community special school", phase="Not applicable", **base)
    r.done()

    def near(**kw):
        with Session(engine) as s:
            return sorted(sc.urn for sc, _ in records.schools_near(s, 488000, 158000, **kw))

    assert near(phase="infant") == [1]
    assert near(phase="junior") == [2]
    assert near(phase="special") == [7]
    assert near(phase="sixth form") == [6]
    assert near(faith="roman catholic") == [3] and near(faith="any") == [3]
    assert 6 in near(faith="none") and 3 not in near(faith="none")
    assert near(type_group="grammar") == [4] and near(gender="girls") == [4]
    assert near(type_group="independent") == [5] and near(type_group="maintained") == [6]
    assert 4 in near(type_group="academy") and 5 not in near(type_group="academy")


def test_comparator_cache_sees_new_records_and_keeps_las_apart(engine):
    r = Records(engine)
    ks4_school(r, 1)
    r.done()
    with Session(engine) as s:
        figs = records.school_figures(s, [1], ["ks4"], ["att8"])
        assert records.comparator(records.comparators(s, figs, 936), figs[0], "la").value == 49.0
        assert records.comparator(records.comparators(s, figs, 850), figs[0], "la") is None
    r = Records(engine)
    r.fig("la", "ks4", "att8", 2024, 30.0, la_code=850, file=r.file("ks4", 2024, name="later.csv"))
    r.done()
    with Session(engine) as s:  # a new source file: the cached comparators are reloaded
        assert records.comparator(records.comparators(s, figs, 850), figs[0], "la").value == 30.0
        assert records.comparator(records.comparators(s, figs, 936), figs[0], "la").value == 49.0


def test_census_phase_from_type_phase_then_ages(engine):
    r = Records(engine)
    cases = {
        1: dict(phase="Primary"), 2: dict(phase="Secondary"), 3: dict(phase="All-through"),
        4: dict(phase="Not applicable", type_name="Foundation special school"),
        5: dict(phase="Not applicable", type_name="Non-maintained special school"),
        6: dict(phase="Secondary", type_name="Other independent school", type_group="Independent schools"),
        7: dict(phase=None, type_name="Pupil referral unit"),
        8: dict(phase=None, low_age=3, high_age=11), 9: dict(phase=None, low_age=11, high_age=16),
        10: dict(phase="Middle deemed primary"),
    }
    for urn, kw in cases.items():
        r.school(urn, **kw)
    r.done()
    with Session(engine) as s:
        got = {urn: records.census_phase(records.school(s, urn)) for urn in cases}
    assert got == {1: "primary", 2: "secondary", 3: "secondary", 4: "special", 5: "special", 6: None,
                   7: None, 8: "primary", 9: "secondary", 10: "primary"}
