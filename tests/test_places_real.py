"""Issue 11's "must show" over the real data folder: the answers through `schoolbot ask`, each
checked against the official files read here on their own (csv), and distances to every school
within 100 m of those computed from the Easting/Northing in the GIAS extracts."""

from __future__ import annotations

import csv
import json
import math
import random

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from bot import records
from bot.cli import main
from bot.db import make_engine
from tests.devset.realdb import copy_sqlite

pytestmark = pytest.mark.real
GIAS = ("gias/20220420_gias.csv", "gias/2021_936_gias.csv")  # newest extract first


@pytest.fixture(scope="module")
def ask_url(real_db_url, tmp_path_factory):
    """A private SQLite copy of the real database: asking writes the question log."""
    if not real_db_url.startswith("sqlite"):
        pytest.skip("the answers are the same on PostgreSQL; asked on the SQLite copy")
    return copy_sqlite(real_db_url, tmp_path_factory.mktemp("places") / "ask.db")


def ask(url: str, question: str) -> dict:
    result = CliRunner().invoke(main, ["ask", "--json", question, "--db", url], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def gias_rows(real_data) -> dict[int, dict[str, str]]:
    """URN -> the school's row in the newest GIAS extract that has it."""
    out: dict[int, dict[str, str]] = {}
    for name in GIAS:
        with (real_data / name).open(encoding="utf-8-sig", errors="replace") as fh:
            for row in csv.DictReader(fh):
                out.setdefault(int(row["URN"]), row)
    return out


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_last_distances_of_busbridge_infant_school_from_the_council(ask_url, real_data):
    with (real_data / "admissions/2018_936_waverley_offers_school.csv").open(encoding="utf-8") as fh:
        row = next(r for r in csv.DictReader(fh) if r["dfe_no"] == "936/2917")
    a = ask(ask_url, "how far away did the last child get a place at Busbridge Infant School?")
    assert a["intent"] == "admissions" and a["schools"] == [149037]  # the school that replaced 936/2917
    line = next(ln for ln in a["text"].splitlines() if ln.startswith("• 2018 entry"))
    want = f"{float(row['last_distance_offered']):.2f}"
    assert want == "2.17" and f"last place {want} miles" in line
    assert "Surrey council's allocation tables (council figures, not DfE)" in a["text"]
    assert {"distances_change", "council_figures"} <= set(a["caveats"])
    assert any(s["kind"] == "allocations" for s in a["sources"])


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_chances_of_a_first_choice_primary_place_in_hertfordshire(ask_url, real_data):
    with (real_data / "admissions/offers-by-la.csv").open(encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["school_phase"] == "Primary"]
    newest = max(r["time_period"] for r in rows)
    herts = next(r for r in rows if r["time_period"] == newest and r["old_la_code"] == "919")
    england = next(r for r in rows if r["time_period"] == newest and r["geographic_level"] == "National")
    a = ask(ask_url, "what are the chances of a first choice primary place in Hertfordshire?")
    assert (a["intent"], a["schools"], a["outcome"]) == ("admissions", [], "answered")
    lead = a["text"].splitlines()[0]
    assert f"{float(herts['first_preference_offers_percent']):.1f}%" in lead
    assert f"September {newest[:4]} entry" in lead
    assert f"England {float(england['first_preference_offers_percent']):.1f}%" in lead
    assert any(s["kind"] == "admissions" and s["year"] == f"{newest[:4]}/{newest[4:]}" for s in a["sources"])


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_the_grove_primary_academy_has_a_sen_unit_for_slcn(ask_url, real_data):
    row = gias_rows(real_data)[142380]
    assert row["TypeOfResourcedProvision (name)"] == "SEN unit" and row["SEN1 (name)"].startswith("SLCN")
    a = ask(ask_url, "does The Grove Primary Academy have a SEN unit?")
    assert a["schools"] == [142380]
    assert a["text"].startswith("Yes — The Grove Primary Academy has an SEN unit for speech, language and "
                                f"communication needs: {row['SenUnitCapacity']} places, "
                                f"{row['SenUnitOnRoll']} pupils on roll")
    assert any(s["kind"] == "gias" for s in a["sources"])


@pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)
def test_speech_and_language_provision_near_farnborough(ask_url, real_data):
    gias = gias_rows(real_data)
    a = ask(ask_url, "schools with speech and language provision near Farnborough")
    assert a["intent"] == "nearby" and len(a["schools"]) >= 3
    for urn in a["schools"]:
        needs = [gias[urn][f"SEN{i} (name)"] for i in range(1, 14)]
        assert any(n.startswith("SLCN") for n in needs), (urn, needs)
    assert [c["urn"] for c in a["listed"]] == a["schools"]


def test_distances_to_every_school_are_within_100_m_of_its_gias_easting_northing(real_db_url, real_data):
    """From a point near each school of the extracts (a random 0.2-4 km away), the distance
    Schoolbot gives to that school is within 100 m of the straight line between the grid
    references: the school's own Easting/Northing as GIAS publishes it."""
    rng = random.Random(7)
    gias = {u: r for u, r in gias_rows(real_data).items() if r["Easting"] and r["Northing"]}
    engine = make_engine(real_db_url)
    checked, worst = 0, 0.0
    with Session(engine) as session:
        open_now = {s.urn for s in records.schools(session, gias).values()  # children's centres are no schools
                    if s.is_open and s.type_group != "Children's Centres"}
        for urn in sorted(open_now):
            e, n = float(gias[urn]["Easting"]), float(gias[urn]["Northing"])
            far, angle = rng.uniform(200, 4000), rng.uniform(0, 2 * math.pi)
            pe, pn = e + far * math.cos(angle), n + far * math.sin(angle)
            found = dict((s.urn, d) for s, d in records.schools_near(session, pe, pn, radius_m=4500, limit=2000))
            assert urn in found, f"URN {urn} not found {far:.0f} m away"
            worst = max(worst, abs(found[urn] - math.hypot(e - pe, n - pn)))
            checked += 1
    engine.dispose()
    assert checked == len(open_now) > 900 and worst <= 100, (checked, worst)  # worst: about 1.4 m
