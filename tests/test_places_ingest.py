"""Ingest of what issue 11 reads: the DfE's applications and offers by LA (every year a file
holds), a council's allocation tables (council figures, kept apart from the DfE's), GIAS's SEND
provision and each school's position, and the admissions policy of schools GIAS has not supplied.
The files are generated in the test's folder (no real rows), with random values and noise."""

from __future__ import annotations

import csv
import random
from pathlib import Path

import pytest
from alembic import command
from pyproj import Transformer
from sqlalchemy import create_engine, inspect, select, text
from sqlalchemy.orm import Session

from bot.db import alembic_config, make_engine
from bot.ingest import IngestError, ingest_paths
from bot.models import Allocation, AllocationCriterion, Figure, School, SourceFile
from tests.helpers.demo_files import CsvFile, demo_file

OFFERS_HEADER = ["time_period", "time_identifier", "geographic_level", "country_code", "country_name",
                 "region_code", "region_name", "new_la_code", "old_la_code", "la_name", "school_phase",
                 "NC_year_admission", "applications_received", "first_preference_offers",
                 "first_preference_offers_percent", "preferred_school_offer_percent", "no_offer_percent"]
SCHOOL_HEADER = ["intake_year", "school_name", "la_code", "estab_code", "dfe_no", "pan",
                 "total_preferences", "total_offered", "last_distance_offered"]
CRIT_HEADER = ["intake_year", "school_name", "la_code", "estab_code", "dfe_no", "criterion",
               "criterion_category", "criterion_description", "priority", "criterion_offers"]


def write(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerow(header)
        csv.writer(fh).writerows(rows)
    return path


def offers_rows(rng: random.Random, years: list[int], las: dict[int, str]) -> tuple[list[list[str]], dict]:
    """EES rows for England, a region and each LA, both phases; and the expected percentages
    (ending year, area key) -> first-preference percent."""
    rows, expected = [], {}
    for year in years:
        period = f"{year - 1}{str(year)[-2:]}"
        for phase in ("Primary", "Secondary"):
            nc = "R" if phase == "Primary" else "7"
            for level, code, name in [("National", "", ""), ("Regional", "", ""),
                                      *[("Local authority", str(c), n) for c, n in las.items()]]:
                pct = round(rng.uniform(60, 99), 6)
                apps = rng.randint(1000, 20000)
                rows.append([period, "Academic year", level, "E92000001", "England", "", "Region" if level == "Regional" else "",
                             "E10000001" if code else "", code, name, phase, nc if code else ":", str(apps),
                             str(round(apps * pct / 100)), str(pct), rng.choice(["97.5", "c", ":"]), "1.5"])
                if level != "Regional":
                    key = f"la:{code}:{phase.lower()}" if code else f"england:{phase.lower()}"
                    expected[(year, key)] = pct
    return rows, expected


@pytest.mark.parametrize("seed", range(3))
def test_applications_and_offers_keep_every_year_la_and_england_per_phase(engine, tmp_path, seed):
    rng = random.Random(seed)
    las = {rng.randint(800, 940): "Alphashire", rng.randint(300, 399): "Betaborough"}
    years = sorted(rng.sample(range(2015, 2024), 3))
    rows, expected = offers_rows(rng, years, las)
    rng.shuffle(rows)
    write(tmp_path / "files" / "offers.csv", OFFERS_HEADER, rows)
    report = ingest_paths(engine, [tmp_path / "files"])
    assert [f.kind for f in report.files] == ["admissions"] and report.files[0].year == max(years)
    with Session(engine) as s:
        got = {(f.year, f.area_key): f.value for f in s.scalars(
            select(Figure).where(Figure.key_stage == "admissions", Figure.measure == "first_pref_pct"))}
        preferred = {(f.value, f.status) for f in s.scalars(select(Figure).where(Figure.measure == "preferred_pct"))}
    assert got == pytest.approx(expected)
    assert preferred <= {(97.5, None), (None, "c"), (None, ":")}  # a status code is never a zero
    assert all(not key.startswith("region") for _, key in got)


def test_a_broken_offers_row_names_file_line_and_column(engine, tmp_path):
    rows, _ = offers_rows(random.Random(5), [2022], {919: "Hertfordshire"})
    rows[3][OFFERS_HEADER.index("school_phase")] = "Nursery"
    path = write(tmp_path / "offers.csv", OFFERS_HEADER, rows)
    with pytest.raises(IngestError) as err:
        ingest_paths(engine, [path])
    assert err.value.line == 5 and err.value.column == "school_phase"
    with Session(engine) as s:
        assert s.scalar(select(Figure.id).limit(1)) is None  # nothing stored


def allocation_files(folder: Path, rng: random.Random, schools: list[tuple[int, int]], years: list[int]):
    """A council's school table and criteria table per intake year; the expected rows."""
    expected, crit = {}, {}
    for year in years:
        srows, crows = [], []
        for la, estab in schools:
            pan = rng.choice([30, 45, 60, 90])
            prefs = "" if rng.random() < 0.3 else str(rng.randint(pan, pan * 5))
            distance = "" if rng.random() < 0.25 else f"{rng.uniform(0.2, 6):.3f}"
            offered = rng.randint(pan - 5, pan)
            srows.append([str(year), f"School {estab}", str(la), str(estab), f"{la}/{estab:04d}", str(pan),
                          prefs, str(offered), distance])
            expected[(la, estab, year)] = (pan, int(prefs) if prefs else None, offered,
                                           float(distance) if distance else None)
            for priority, (name, cat) in enumerate([("LAC & PLAC", "Priority"), ("Siblings", "Family Ties"),
                                                    ("Others by Distance", "Distance")], 1):
                n = rng.randint(0, 20)
                crows.append([str(year), f"School {estab}", str(la), str(estab), f"{la}/{estab:04d}", name, cat,
                              f"{name}, as the council's policy says, with a comma", str(priority), str(n)])
                crit[(la, estab, year, priority)] = (name, n)
        rng.shuffle(srows)
        write(folder / f"{year}_{schools[0][0]}_district_offers_school.csv", SCHOOL_HEADER, srows)
        write(folder / f"{year}_{schools[0][0]}_district_offers_crit.csv", CRIT_HEADER, crows)
    return expected, crit


@pytest.mark.parametrize("seed", range(3))
def test_council_allocation_tables_are_recognised_by_header_and_kept_as_council_figures(engine, tmp_path, seed):
    rng = random.Random(seed)
    la = rng.randint(800, 940)
    schools = [(la, e) for e in rng.sample(range(2000, 5000), 6)]
    years = sorted(rng.sample(range(2016, 2024), 2))
    expected, crit = allocation_files(tmp_path / "files", rng, schools, years)
    report = ingest_paths(engine, [tmp_path / "files"])
    assert sorted(f.kind for f in report.files) == ["allocation_criteria"] * 2 + ["allocations"] * 2
    with Session(engine) as s:
        got = {(a.la_code, a.estab, a.year): (a.pan, a.preferences, a.offered, a.last_distance)
               for a in s.scalars(select(Allocation))}
        got_crit = {(c.la_code, c.estab, c.year, c.priority): (c.criterion, c.offers)
                    for c in s.scalars(select(AllocationCriterion))}
        kinds = set(s.scalars(select(SourceFile.kind)))
        figures = s.scalar(select(Figure.id).limit(1))
    assert got == expected and got_crit == crit
    assert kinds == {"allocations", "allocation_criteria"} and figures is None  # not DfE figures
    assert {f.status for f in ingest_paths(engine, [tmp_path / "files"]).files} == {"unchanged"}


def test_a_council_row_whose_dfe_number_disagrees_is_refused(engine, tmp_path):
    rng = random.Random(9)
    allocation_files(tmp_path / "files", rng, [(936, 2917), (936, 3407)], [2019])
    path = next((tmp_path / "files").glob("*_school.csv"))
    broken = CsvFile(path)
    broken.set(3, "dfe_no", "936/9999").write()
    with pytest.raises(IngestError) as err:
        ingest_paths(engine, [path])
    assert (err.value.line, err.value.column) == (3, "dfe_no")


def gias_rows(folder: Path) -> tuple[Path, CsvFile]:
    path = demo_file(folder, "gias")
    return path, CsvFile(path)


def test_gias_send_provision_and_types_of_need(engine, tmp_path):
    path, gias = gias_rows(tmp_path / "files")
    lines = gias.data_lines()
    unit, none = lines[0], lines[1]
    gias.set(unit, "TypeOfResourcedProvision (name)", "SEN unit").set(unit, "SenUnitCapacity", "14")
    gias.set(unit, "SenUnitOnRoll", "16").set(unit, "SEN1 (name)", "SLCN - Speech, language and Communication")
    gias.set(unit, "SEN2 (name)", "Not Applicable").set(unit, "SEN3 (name)", "PMLD - Profound and Multiple Learning Difficulty")
    gias.set(none, "TypeOfResourcedProvision (name)", "Not applicable")
    gias.write()
    ingest_paths(engine, [path])
    urn_of = {n: int(gias.cells(n)[gias.header.index("URN")]) for n in (unit, none)}
    with Session(engine) as s:
        a, b = s.get(School, urn_of[unit]), s.get(School, urn_of[none])
        assert (a.sen_provision, a.sen_unit_capacity, a.sen_unit_on_roll, a.sen_needs) == ("SEN unit", 14, 16, "SLCN;PMLD")
        assert b.sen_provision is None


def test_an_unknown_type_of_need_is_refused(engine, tmp_path):
    path, gias = gias_rows(tmp_path / "files")
    line = gias.data_lines()[2]
    gias.set(line, "SEN4 (name)", "XYZ - Something new").write()
    with pytest.raises(IngestError) as err:
        ingest_paths(engine, [path])
    assert (err.value.line, err.value.column) == (line, "SEN4 (name)")


# The Ordnance Survey's worked example ("A guide to coordinate systems in Great Britain"): grid
# 651409.903, 313177.270 is 52°39'27.2531"N, 1°43'4.5177"E on the OSGB36 datum. WGS84 (what is
# stored) differs from OSGB36 by at most about 120 m in Great Britain.
OS_EXAMPLE = ((651409.903, 313177.270), (52 + 39 / 60 + 27.2531 / 3600, 1 + 43 / 60 + 4.5177 / 3600))
TO_WGS84 = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)


def wgs84(e: float, n: float) -> tuple[float, float]:
    lon, lat = TO_WGS84.transform(e, n)
    return lat, lon


@pytest.mark.parametrize("seed", range(3))
def test_each_school_is_placed_from_its_easting_and_northing(engine, tmp_path, seed):
    rng = random.Random(seed)
    path, gias = gias_rows(tmp_path / "files")
    lines = gias.data_lines()
    placed = {lines[0]: OS_EXAMPLE[0]}
    for line in rng.sample(lines[1:], 5):  # anywhere in England
        placed[line] = (rng.randint(140000, 650000), rng.randint(20000, 650000))
    for line, (e, n) in placed.items():
        gias.set(line, "Easting", str(int(e))).set(line, "Northing", str(int(n)))
    blank = next(n for n in lines if n not in placed)
    gias.set(blank, "Easting", "").set(blank, "Northing", "").write()
    ingest_paths(engine, [path])
    urn = gias.header.index("URN")
    with Session(engine) as s:
        for line, (e, n) in placed.items():
            school = s.get(School, int(gias.cells(line)[urn]))
            assert (school.latitude, school.longitude) == pytest.approx(wgs84(int(e), int(n)), abs=1e-6)
        os_school = s.get(School, int(gias.cells(lines[0])[urn]))
        assert abs(os_school.latitude - OS_EXAMPLE[1][0]) < 0.002 and abs(os_school.longitude - OS_EXAMPLE[1][1]) < 0.003
        unplaced = s.get(School, int(gias.cells(blank)[urn]))
        assert unplaced.latitude is None and unplaced.longitude is None


def test_schools_gias_has_not_supplied_take_the_admissions_policy_of_their_results_file(engine, tmp_path):
    path = demo_file(tmp_path / "files", "ks4")
    ks4 = CsvFile(path)
    words = {"SEL": "Selective", "OTHER NON SEL": "Non-selective", "NA": None, "": None}
    want = {}
    for line in ks4.data_lines():
        cells = dict(zip(ks4.header, ks4.cells(line)))
        if cells["RECTYPE"] in ("1", "2"):
            want[int(cells["URN"])] = words[cells["ADMPOL_PT"]]
    assert "Selective" in want.values() and "Non-selective" in want.values()
    ingest_paths(engine, [path])
    with Session(engine) as s:
        got = dict(s.execute(select(School.urn, School.admissions_policy)).all())
    assert {u: got[u] for u in want} == want


def test_an_unknown_admissions_policy_code_is_refused(engine, tmp_path):
    path = demo_file(tmp_path / "files", "ks4")
    ks4 = CsvFile(path)
    line = next(n for n in ks4.data_lines() if ks4.cells(n)[ks4.header.index("RECTYPE")] == "1")
    ks4.set(line, "ADMPOL_PT", "LOTTERY").write()
    with pytest.raises(IngestError) as err:
        ingest_paths(engine, [path])
    assert (err.value.line, err.value.column) == (line, "ADMPOL_PT")


def test_migration_0004_places_the_schools_already_stored(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    engine = make_engine(url)
    command.upgrade(alembic_config(engine), "0003")
    with engine.begin() as conn:
        conn.execute(text("INSERT INTO schools (urn, name, is_open, demo, easting, northing) "
                          "VALUES (1, 'Old', 1, 0, :e, :n), (2, 'Unplaced', 1, 0, NULL, NULL)"),
                     {"e": 530000, "n": 180000})
    command.upgrade(alembic_config(engine), "head")
    with engine.connect() as conn:
        rows = dict(((u, (la, lo)) for u, la, lo in conn.execute(text("SELECT urn, latitude, longitude FROM schools"))))
    assert rows[1] == pytest.approx(wgs84(530000, 180000), abs=1e-6) and rows[2] == (None, None)
    command.downgrade(alembic_config(engine), "0003")  # and back
    engine.dispose()
    assert "latitude" not in {c["name"] for c in inspect(create_engine(url)).get_columns("schools")}
