"""Issue 11's answers on crafted records (SQLite and PostgreSQL): getting a place (a council's
allocation figures, the LA's first-preference rate), SEND provision, nearby SEND filters,
distances from each school's own position, "where is X?" and trend charts."""

from __future__ import annotations

import json
import random
import re
import struct

import pytest
from pyproj import Geod, Transformer
from sqlalchemy import select

import bot.answers as A
from bot.answers.chart import series_chart
from bot.core import Schoolbot
from bot.models import Allocation, AllocationCriterion, School
from bot.settings import Settings
from tests.helpers.factories import TODAY, Records, ks4_school

TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
GEOD = Geod(ellps="WGS84")


@pytest.fixture
def rec(engine):
    r = Records(engine)
    yield r
    r.s.close()


def placed(rec: Records, urn: int, name: str, e: int, n: int, **kw) -> School:
    """A school at a grid position, with its latitude/longitude as the ingest stores them."""
    lon, lat = TO_WGS84.transform(e, n)
    return rec.school(urn, name, easting=e, northing=n, latitude=lat, longitude=lon, **kw)


def allocations(rec: Records, la: int, estab: int, rng: random.Random, years: list[int]) -> dict[int, dict]:
    """A council's allocation figures for one school (some years with no last distance)."""
    fid = rec.file("allocations", max(years) + 1, name=f"{max(years)}_{la}_district_offers_school.csv")
    out = {}
    for year in years:
        row = dict(pan=rng.choice([30, 60, 90]), preferences=rng.choice([None, rng.randint(90, 400)]),
                   offered=rng.randint(25, 60), last_distance=rng.choice([None, round(rng.uniform(0.2, 5), 3)]))
        rec.s.add(Allocation(la_code=la, estab=estab, year=year, school_name="Old name", source_file_id=fid, **row))
        out[year] = row
    rec.s.add(AllocationCriterion(la_code=la, estab=estab, year=max(years), priority=1, criterion="Siblings",
                                  category="Family Ties", offers=rng.randint(1, 20), source_file_id=fid))
    rec.s.add(AllocationCriterion(la_code=la, estab=estab, year=max(years), priority=2, criterion="Faith",
                                  category="Faith", offers=0, source_file_id=fid))
    return out


def first_pref(rec: Records, la: int, phase: str, year: int, la_pct: float, eng_pct: float) -> None:
    fid = rec.file("admissions", year, name="offers-by-la.csv")
    rec.fig("la", "admissions", "first_pref_pct", year, la_pct, la_code=la, phase=phase, file=fid)
    rec.fig("england", "admissions", "first_pref_pct", year, eng_pct, phase=phase, file=fid)


@pytest.mark.parametrize("seed", range(4))
def test_last_distances_by_year_from_the_council_said_to_be_the_councils(engine, rec, seed):
    rng = random.Random(seed)
    years = sorted(rng.sample(range(2016, 2024), 3))
    rec.school(100001, "Alder Infant School", phase="Primary", low_age=4, high_age=7, estab=2917)
    got = allocations(rec, 936, 2917, rng, years)
    rec.done()
    a = A.admissions(engine, 100001, measure="last_distance", today=TODAY)
    with_distance = [y for y in years if got[y]["last_distance"] is not None]
    lead = a.text.split("\n")[0]
    if with_distance:
        newest = with_distance[-1]
        assert f"September {newest} entry" in lead and f"{got[newest]['last_distance']:.2f} miles" in lead
    for year in years:
        line = next(ln for ln in a.text.splitlines() if ln.startswith(f"• {year} entry"))
        d = got[year]["last_distance"]
        assert (f"last place {d:.2f} miles" in line) if d is not None else "no last distance" in line
        assert f"{got[year]['pan']} places" in line
    assert "Surrey council's figures" in a.text or not with_distance
    assert "council figures, not DfE" in a.text.splitlines()[-1]
    assert {"distances_change", "council_figures"} <= set(a.caveats)
    assert "Siblings" in a.text and "Faith 0" not in a.text  # criteria with offers only
    assert "catchment maps" in a.text and "31 October" not in a.text and "15 January" in a.text


def test_a_converted_school_has_the_figures_of_the_school_it_replaced(engine, rec):
    rec.school(100001, "Old Busbridge", phase="Primary", estab=2917, is_open=False, status="Closed")
    rec.school(100002, "New Busbridge", phase="Primary", estab=2061)
    rec.link(100002, 100001, "Predecessor")
    allocations(rec, 936, 2917, random.Random(1), [2019, 2020])
    rec.school(100003, "Unrelated Primary", phase="Primary", estab=2500)
    rec.done()
    assert "allocation figures" in A.admissions(engine, 100002, today=TODAY).text
    unrelated = A.admissions(engine, 100003, measure="last_distance", today=TODAY)
    assert "has no allocation figures" in unrelated.text and "distances_change" not in unrelated.caveats


@pytest.mark.parametrize("phase, words, deadline", [("Primary", "primary (Reception)", "15 January"),
                                                    ("Secondary", "secondary (Year 7)", "31 October")])
def test_any_school_gets_its_las_first_preference_rate_for_its_phase(engine, rec, phase, words, deadline):
    rec.school(100001, "Beech School", phase=phase)
    rng = random.Random(phase)
    rates = {y: (round(rng.uniform(70, 95), 1), round(rng.uniform(70, 95), 1)) for y in (2021, 2022)}
    for year, (la, eng) in rates.items():
        first_pref(rec, 936, phase.lower(), year, la, eng)
    first_pref(rec, 936, "secondary" if phase == "Primary" else "primary", 2022, 11.0, 12.0)  # other phase
    rec.done()
    a = A.admissions(engine, 100001, measure="first_preference", today=TODAY)
    la, eng = rates[2022]
    assert f"{la}% of families applying for a {words} place for September 2021 entry" in a.text
    assert f"(England {eng}%)" in a.text and "11%" not in a.text and deadline in a.text
    assert any(s.kind == "admissions" and s.year == "2021/22" for s in a.sources)


def test_an_la_question_is_answered_from_the_la_figures(engine, rec):
    rec.school(100001, "Beech Primary School", phase="Primary", la_name="Surrey", la_code=936)
    first_pref(rec, 936, "primary", 2022, 89.4, 91.8)
    first_pref(rec, 936, "secondary", 2022, 80.4, 81.1)
    first_pref(rec, 936, "primary", 2021, 85.7, 90.2)
    rec.done()
    bot = Schoolbot(engine, Settings(_env_file=None), log=False)
    a = bot.ask("what are the chances of a first choice primary place in Surrey?")
    assert (a.intent, a.outcome, a.schools) == ("admissions", "answered", [])
    assert a.text.startswith("In Surrey, 89.4% of families applying for a primary (Reception) place for "
                             "September 2021 entry got their first-preference school (England 91.8%)")
    assert "80.4%" not in a.text and "2020 85.7%" in a.text
    both = bot.ask("first preference offers in Surrey")
    assert "89.4%" in both.text and "80.4%" in both.text
    trend = bot.ask("first preference offers in Surrey over the years")
    assert trend.chart and trend.chart["years"] == ["2020/21", "2021/22"]


@pytest.mark.parametrize("kind, unit, on_roll, needs, lead", [
    ("SEN unit", 14, 16, "SLCN", "Yes — Grove Primary has an SEN unit for speech, language and communication "
                                 "needs: 14 places, 16 pupils on roll"),
    ("Resourced provision", 20, 18, "ASD;SEMH", "Yes — Grove Primary has resourced provision for autism "
                                                "(autistic spectrum disorder) and social, emotional and mental "
                                                "health needs: 20 places, 18 pupils on roll"),
    (None, None, None, None, "No — Get Information about Schools records no resourced provision or SEN unit "
                             "at Grove Primary"),
])
def test_does_it_have_a_sen_unit_is_answered_yes_or_no_first(engine, rec, kind, unit, on_roll, needs, lead):
    places = {"sen_unit_capacity": unit, "sen_unit_on_roll": on_roll} if kind == "SEN unit" else \
        {"rp_capacity": unit, "rp_on_roll": on_roll}
    rec.school(100001, "Grove Primary", phase="Primary", sen_provision=kind, sen_needs=needs, **places)
    rec.figs(100001, "census", 2024, pct_ehcp=2.5, pct_sen_support=13.0)
    rec.figs("england", "census", 2024, phase="primary", pct_ehcp=2.6, pct_sen_support=13.6)
    rec.done()
    a = A.pupils(engine, 100001, measure="sen_provision", today=TODAY)
    assert a.text.startswith(lead)
    assert "13% of pupils were on SEN support" in a.text and "England primary 13.6%" in a.text
    assert "2.5% of pupils had an education, health and care plan" in a.text
    card = A.overview(engine, 100001, today=TODAY)
    assert ("SEND: " in card.text) == (kind is not None)


def test_a_special_school_says_so(engine, rec):
    rec.school(100001, "Oak Special School", phase="Not applicable", type_name="Community special school",
               sen_needs="ASD;MLD")
    rec.done()
    a = A.pupils(engine, 100001, measure="sen_provision", today=TODAY)
    assert a.text.startswith("Yes — Oak Special School is a special school for autism (autistic spectrum "
                             "disorder) and moderate learning difficulties")


def test_nearby_send_filters_list_only_schools_with_that_provision(engine, rec):
    rng = random.Random(3)
    codes = ["SLCN", "ASD", "HI", "PMLD", "MLD"]
    have: dict[int, set[str]] = {}
    for i in range(30):
        urn = 100001 + i
        kind = rng.choice([None, "SEN unit", "Resourced provision", "Resourced provision and SEN unit"])
        needs = rng.sample(codes, rng.randint(1, 2)) if kind else []
        placed(rec, urn, f"School {i}", 488000 + rng.randint(-2000, 2000), 158000 + rng.randint(-2000, 2000),
               phase="Primary", sen_provision=kind, sen_needs=";".join(needs) or None)
        have[urn] = {kind or "", *needs}
    rec.postcode("GU16", 488000, 158000)
    rec.done()
    for need in ("SLCN", "MLD", "HI"):  # MLD is inside PMLD: codes match whole
        a = A.nearby(engine, "GU16", need=need, limit=30)
        assert set(a.schools) == {u for u, h in have.items() if need in h}
    unit = A.nearby(engine, "GU16", provision="sen unit", limit=30)
    assert set(unit.schools) == {u for u, h in have.items() if any(k.endswith("SEN unit") for k in h)}
    assert [c.urn for c in unit.listed] == unit.schools and unit.listed[0].label.startswith("1. ")


@pytest.mark.parametrize("seed", range(3))
def test_distances_are_from_each_schools_own_position(engine, rec, seed):
    """Every listed distance is the ellipsoidal distance between the place's centre and the
    school's own position (to the 0.1 km the answer shows), nearest first."""
    rng = random.Random(seed)
    centre = (rng.randint(300000, 600000), rng.randint(100000, 500000))
    rec.postcode("ZZ1", *centre)
    for i in range(12):
        placed(rec, 100001 + i, f"School {i}", centre[0] + rng.randint(-4000, 4000),
               centre[1] + rng.randint(-4000, 4000), phase="Primary")
    rec.done()
    a = A.nearby(engine, "ZZ1", limit=12, radius_km=8)
    clon, clat = TO_WGS84.transform(*centre)
    with engine.connect() as conn:
        pos = {u: (la, lo) for u, la, lo in conn.execute(select(School.urn, School.latitude, School.longitude))}
    shown = [float(m) for m in re.findall(r"(\d+\.\d) km", a.text)]
    expected = [GEOD.inv(clon, clat, pos[u][1], pos[u][0])[2] / 1000 for u in a.schools]
    assert expected == sorted(expected) and len(shown) == len(expected)
    assert all(abs(s - e) <= 0.051 for s, e in zip(shown, expected))


def test_a_shared_location_lists_the_nearest_schools_and_names_no_position(engine, rec):
    for i, (e, n) in enumerate([(488100, 158100), (489500, 158000), (495000, 158000)]):
        placed(rec, 100001 + i, f"School {i}", e, n, phase="Primary")
    rec.done()
    lon, lat = TO_WGS84.transform(488000, 158000)
    a = A.nearby(engine, None, point=(lat, lon))
    assert a.schools[:2] == [100001, 100002] and a.title == "Schools near you"
    assert f"{lat:.3f}"[:6] not in a.text and "postcodes" not in {s.kind for s in a.sources}


def test_where_is_a_school_carries_its_own_position(engine, rec):
    placed(rec, 100001, "Placed School", 488490, 158736, street="Old Road", postcode="GU15 1AA")
    rec.school(100002, "Unplaced School", easting=None, northing=None, postcode="GU16 1AA")
    rec.postcode("GU16", 488000, 158000)
    rec.done()
    a = A.contact(engine, 100001, measure="address")
    lon, lat = TO_WGS84.transform(488490, 158736)
    assert a.venue["name"] == "Placed School" and "Old Road" in a.venue["address"]
    assert (a.venue["latitude"], a.venue["longitude"]) == pytest.approx((lat, lon), abs=1e-6)
    assert A.contact(engine, 100002, measure="address").venue is None  # a district centre is no pin
    assert A.contact(engine, 100001, measure="phone").venue is None


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and data[12:16] == b"IHDR"
    return struct.unpack(">II", data[16:24])


@pytest.mark.parametrize("seed", range(2))
def test_a_trend_carries_its_series_and_draws_a_small_chart(engine, rec, seed):
    rng = random.Random(seed)
    ks4_school(rec, 100001, name="Elm School", year=2019, p8=0.1)
    values = {2017: round(rng.uniform(-1, 1), 2), 2018: round(rng.uniform(-1, 1), 2)}
    for year, p8 in values.items():
        rec.figs(100001, "ks4", year, p8=p8, p8_ci_low=p8 - 0.2, p8_ci_high=p8 + 0.2)
        rec.figs("la", "ks4", year, p8=0.05)
        rec.figs("england_state", "ks4", year, p8=-0.02)
    rec.done()
    a = A.results(engine, 100001, measure="progress_8", trend=True)
    chart = a.chart
    assert chart["years"] == ["2016/17", "2017/18", "2018/19"] and chart["label"] == "Progress 8"
    assert [s["name"] for s in chart["series"]] == ["Elm School", "Surrey", "England"]
    assert chart["series"][0]["values"] == [values[2017], values[2018], 0.1]
    assert chart["series"][1]["values"] == [0.05, 0.05, 0.12] and "KS4" in chart["source"]
    assert png_size(A.chart_png(chart)) == (640, 380)
    assert A.results(engine, 100001, measure="progress_8").chart is None  # one year: no chart


def test_a_chart_shows_the_no_exam_years_as_a_gap():
    chart = series_chart("X", "Attainment 8", "points",
                                 [(2019, {"X": 50.0}), (2022, {"X": 51.0}), (2023, {"X": 49.5})],
                                 ["X", "LA", "England"], "DfE", no_exam=[2020, 2021])
    assert chart["years"] == ["2018/19", "2019/20", "2020/21", "2021/22", "2022/23"]
    assert chart["series"] == [{"name": "X", "values": [50.0, None, None, 51.0, 49.5]}]
    assert chart["no_exam"] == ["2019/20", "2020/21"]
    assert png_size(A.chart_png(chart)) == (640, 380)
    assert series_chart("X", "A8", "points", [(2019, {"X": 50.0})], ["X"], "DfE") is None


def test_the_json_answer_only_gains_fields(engine, rec):
    placed(rec, 100001, "Placed School", 488490, 158736)
    rec.done()
    data = json.loads(json.dumps(A.contact(engine, 100001, measure="address").to_json()))
    assert {"chart", "venue", "listed"} <= set(data) and data["venue"]["name"] == "Placed School"
