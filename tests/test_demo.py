"""The fictional demo area: official formats, loaded through the ordinary ingest, all marked demo."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bot.db import session_scope
from bot.demo import ensure_data, remove_demo_data, write_demo_files
from bot.ingest import ingest_paths
from bot.models import (
    Figure, Inspection, LocalAuthority, Postcode, School, SchoolLink, SchoolName, SourceFile,
)

# Generated file (path under the demo folder) -> (kind the ingest must recognise, year).
EXPECTED_KINDS = {
    "gias/edubasealldata20261101.csv": ("gias", None),
    "gias/links_edubasealldata20261101.csv": ("gias_links", None),
    "ks2/2018-2019_999_ks2final.csv": ("ks2", 2019),
    "ks4/2023-2024_999_ks4final.csv": ("ks4", 2024),
    "census/2023-2024_999_census.csv": ("census", 2024),
    "absence/2023-2024_999_abs.csv": ("absence", 2024),
    "ofsted/Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Oct_2026.csv":
        ("ofsted", None),
    "postcodes/postcodes.csv": ("postcodes", None),
}

# Generated file -> the real published file whose header it must copy exactly.
REAL_COUNTERPART = {
    "gias/edubasealldata20261101.csv": "gias/20220420_gias.csv",
    "gias/links_edubasealldata20261101.csv": "gias/links_edubasealldata20250422.csv",
    "ks2/2018-2019_999_ks2final.csv": "ks2/2018-2019_936_ks2final.csv",
    "ks4/2023-2024_999_ks4final.csv": "ks4/2023-2024_919_ks4final.csv",
    "census/2023-2024_999_census.csv": "census/2023-2024_919_census.csv",
    "absence/2023-2024_999_abs.csv": "absence/2023-2024_919_abs.csv",
    "ofsted/Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Oct_2026.csv":
        "ofsted/ofsted_mi_latest_inspections_sample.csv",
    "postcodes/postcodes.csv": "postcodes/postcodes.csv",
}


def _header(path: Path, encoding: str) -> list[str]:
    with path.open(encoding=encoding, newline="") as f:
        return next(csv.reader(f))


def _encoding(name: str) -> str:
    return "cp1252" if name.startswith("gias/") else "utf-8-sig"


def _figure(session, urn: int, measure: str) -> Figure:
    return session.scalars(
        select(Figure).where(Figure.area_key == f"school:{urn}", Figure.measure == measure)
    ).one()


def test_generation_is_deterministic_and_complete(tmp_path):
    first = write_demo_files(tmp_path / "a")
    second = write_demo_files(tmp_path / "b")
    assert sorted(p.relative_to(tmp_path / "a").as_posix() for p in first) == sorted(EXPECTED_KINDS)
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_files_keep_the_published_conventions(tmp_path):
    write_demo_files(tmp_path)
    gias = (tmp_path / "gias/edubasealldata20261101.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        gias.decode("utf-8")  # Windows-1252, as GIAS publishes it
    assert b"St Mary\x92s Catholic Primary School" in gias
    assert gias.startswith(b'"URN","LA (code)","LA (name)"') and b"\r\n" in gias
    for name in ("ks2/2018-2019_999_ks2final.csv", "ks4/2023-2024_999_ks4final.csv"):
        data = (tmp_path / name).read_bytes()
        assert data.startswith(b"\xef\xbb\xbf") and data.count(b"\r\n") == data.count(b"\n")
    ks4 = list(csv.reader(io.StringIO((tmp_path / "ks4/2023-2024_999_ks4final.csv")
                                      .read_text(encoding="utf-8-sig"))))
    by_urn = {row[3]: row for row in ks4[1:]}
    assert by_urn["990027"][-1] == "NEW" and len(by_urn["990027"]) < 30  # new school, row cut short
    assert len(by_urn["990028"]) == len(ks4[0]) - 1  # independent: no banding field at all
    assert by_urn["990022"][-1] == "Average"
    assert {row[0] for row in ks4[1:]} == {"1", "2", "4", "5", "7"}


@pytest.mark.real
def test_headers_are_copied_from_the_real_files(tmp_path, real_data):
    write_demo_files(tmp_path)
    for ours, theirs in REAL_COUNTERPART.items():
        real_encoding = "cp1252" if "links_" in theirs else "utf-8-sig"
        assert _header(tmp_path / ours, _encoding(ours)) == _header(real_data / theirs, real_encoding), ours


def test_ingest_recognises_every_file_by_its_header(engine, tmp_path):
    folder = tmp_path / "demo"  # beside, not around, the SQLite test database
    write_demo_files(folder)
    report = ingest_paths(engine, [folder], demo=True)
    got = {f.path.relative_to(folder).as_posix(): f for f in report.files}
    assert set(got) == set(EXPECTED_KINDS)
    for name, (kind, year) in EXPECTED_KINDS.items():
        result = got[name]
        assert (result.kind, result.status, result.rows_skipped) == (kind, "loaded", 0), name
        if year:
            assert result.year == year, name


def test_ensure_data_loads_the_demo_once_and_marks_it(engine):
    assert ensure_data(engine) is True
    with session_scope(engine) as s:
        schools = s.scalars(select(School)).all()
        assert len(schools) == 30
        assert all(school.demo for school in schools)
        assert {school.la_name for school in schools} == {"Demoshire (fictional)"}
        files = s.scalars(select(SourceFile)).all()
        assert len(files) == len(EXPECTED_KINDS) and all(f.demo for f in files)
    assert ensure_data(engine) is False
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(SourceFile)) == len(EXPECTED_KINDS)


def test_ensure_data_leaves_a_loaded_database_alone(engine):
    with session_scope(engine) as s:
        s.add(School(urn=100000, name="A Real School", is_open=True))
    assert ensure_data(engine) is False
    with session_scope(engine) as s:
        assert s.scalar(select(func.count()).select_from(School)) == 1
        assert s.scalar(select(func.count()).select_from(SourceFile)) == 0


def test_remove_demo_data_deletes_only_the_demo(engine):
    ensure_data(engine)
    with session_scope(engine) as s:
        s.add(School(urn=100000, name="A Real School", is_open=True))
    assert remove_demo_data(engine) == 30
    with session_scope(engine) as s:
        for model in (Figure, Inspection, SchoolLink, SchoolName, Postcode, LocalAuthority, SourceFile):
            assert s.scalar(select(func.count()).select_from(model)) == 0, model.__name__
        assert [x.urn for x in s.scalars(select(School))] == [100000]
    assert remove_demo_data(engine) == 0


def test_the_demo_cases_are_in_the_store(engine):
    ensure_data(engine)
    with session_scope(engine) as s:
        schools = {x.urn: x for x in s.scalars(select(School))}
        # colliding names in different towns, and an infant/junior pair
        st_johns = [x for x in schools.values() if x.name == "St John the Baptist CofE Primary School"]
        assert sorted(x.town for x in st_johns) == ["Brindlecombe", "Kestlewick"]
        assert (schools[990001].name, schools[990001].low_age, schools[990001].high_age) == (
            "Oakfield Infant School", 4, 7)
        assert (schools[990002].name, schools[990002].low_age, schools[990002].high_age) == (
            "Oakfield Junior School", 7, 11)
        assert schools[990013].name == "St Mary\u2019s Catholic Primary School"
        # the closed school reopened as an academy, the academy showing the predecessor's inspection
        assert not schools[990009].is_open and schools[990009].close_date == date(2024, 8, 31)
        assert schools[990010].is_open and schools[990010].type_name == "Academy converter"
        links = {(x.urn, x.link_urn, x.link_type) for x in s.scalars(select(SchoolLink))}
        assert {(990009, 990010, "Successor"), (990010, 990009, "Predecessor")} <= links
        academy = s.scalars(select(Inspection).where(Inspection.urn == 990010)).one()
        assert (academy.inspected_urn, academy.overall) == (990009, "Good")
        assert not schools[990018].is_open  # closed with no successor
        assert schools[990028].type_name == "Other independent school"
        assert schools[990029].type_name == "Community special school"
        # published codes stored as a status with no value
        for urn, measure, status in [
            (990008, "rwm_exp", "SUPP"), (990029, "read_prog", "LOWCOV"), (990028, "p8", "NP"),
            (990030, "p8", "SUPP"), (990030, "att8", "NE"), (990027, "total_pupils", "NEW"),
            (990012, "confexam", "R"), (990008, "persistent_absence", "SUPP"),
        ]:
            fig = _figure(s, urn, measure)
            assert (fig.status, fig.value) == (status, None), (urn, measure)
        assert _figure(s, 990007, "ks2_pupils").value == 8  # small cohort
        assert _figure(s, 990021, "p8").value == pytest.approx(0.62)
        bands = {urn: _figure(s, urn, "p8_banding").text for urn in range(990021, 990027)}
        assert set(bands.values()) == {
            "Well above average", "Above average", "Average", "Below average", "Well below average"}
        low, high = _figure(s, 990022, "p8_ci_low").value, _figure(s, 990022, "p8_ci_high").value
        assert low < 0 < high
        # comparators from the same files
        assert s.scalars(select(Figure).where(Figure.area_key == "la:999", Figure.measure == "p8")).one()
        assert s.scalars(select(Figure).where(
            Figure.area_key == "england_state", Figure.measure == "att8")).one()
        # Ofsted: report card, 'Not judged', and an Outstanding from before September 2020
        kinds = {(i.urn, i.kind, i.overall) for i in s.scalars(select(Inspection))}
        assert (990006, "report_card", None) in kinds
        assert (990005, "graded", "Not judged") in kinds
        outstanding = s.scalars(select(Inspection).where(
            Inspection.urn == 990003, Inspection.kind == "graded")).one()
        assert outstanding.overall == "Outstanding" and outstanding.start_date < date(2020, 9, 1)
        assert not s.scalars(select(Inspection).where(Inspection.urn == 990027)).all()
        districts = {p.district for p in s.scalars(select(Postcode))}
        assert districts == {f"ZZ{i}" for i in range(1, 10)}


def test_ingesting_real_files_removes_the_demo(engine, tmp_path):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.models import School

    assert ensure_data(engine)
    official = tmp_path / "postcodes.csv"
    official.write_text(
        "postcode,eastings,northings,latitude,longitude,town,region,uk_region,country,country_string\n"
        "GU15,488000,159000,51.33,-0.74,Camberley,Surrey,South East,ENG,England\n"
    )
    db = engine.url.render_as_string(hide_password=False)
    result = CliRunner().invoke(main, ["ingest", "--quiet", "--db", db, str(official)])
    assert result.exit_code == 0, result.output
    assert "Removed the fictional demo data" in result.output
    with engine.connect() as conn:
        assert conn.scalar(select(func.count()).select_from(School).where(School.demo.is_(True))) == 0
