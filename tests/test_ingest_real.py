"""The real official files (../shared/data/real), ingested once per back-end by `real_db_url`."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.db import make_engine
from bot.ingest import ingest_paths
from bot.models import Figure, Inspection, School, SchoolLink, SourceFile

LOADED = {
    "la_and_region_codes_meta.csv": ("la_codes", None),
    "2021_936_gias.csv": ("gias", None),
    "20220420_gias.csv": ("gias", None),
    "links_edubasealldata20250422.csv": ("gias_links", None),
    "postcodes.csv": ("postcodes", None),
    **{f"{y - 1}-{y}_{la}_ks2final.csv": ("ks2", y) for y in (2017, 2018, 2019) for la in (850, 936)},
    "2016-2017_850_ks4final.csv": ("ks4", 2017), "2016-2017_936_ks4final.csv": ("ks4", 2017),
    "2017-2018_850_ks4final.csv": ("ks4", 2018), "2017-2018_936_ks4final.csv": ("ks4", 2018),
    "2018-2019_936_ks4final.csv": ("ks4", 2019), "2023-2024_919_ks4final.csv": ("ks4", 2024),
    "england_ks4provisional_2018-2019_column_subset.csv": ("ks4", 2019),
    "ks4_school_info_2024.csv": ("ees_ks4", 2024),
    "england_census.csv": ("census", 2019), "2023-2024_919_census.csv": ("census", 2024),
    "england_abs.csv": ("absence", 2019), "2023-2024_919_abs.csv": ("absence", 2024),
    "england_ks4-pupdest.csv": ("destinations", 2019),
    "ofsted_mi_latest_inspections_sample.csv": ("ofsted", None),
    "AppsandOffers_2020.csv": ("admissions", 2021), "offers-by-la.csv": ("admissions", 2022),
    **{f"{y}_936_waverley_offers_school.csv": ("allocations", y + 1) for y in (2018, 2019, 2020, 2021)},
    **{f"{y}_936_waverley_offers_crit.csv": ("allocation_criteria", y + 1) for y in (2018, 2019, 2020, 2021)},
}
# Key stages and academic years (ending year) listed in PROVENANCE.md.
PROVENANCE_YEARS = {
    "ks2": {2017, 2018, 2019}, "ks4": {2017, 2018, 2019, 2024}, "census": {2019, 2024},
    "absence": {2019, 2024}, "destinations": {2019},
    "admissions": set(range(2015, 2023)),  # LA-level applications and offers, 2014/15 to 2021/22
}

pytestmark = pytest.mark.real


@pytest.fixture(scope="module")
def real_engine(real_db_url):
    engine = make_engine(real_db_url)
    yield engine
    engine.dispose()


def test_every_recognised_file_loaded(real_engine):
    with Session(real_engine) as s:
        files = {f.name: (f.kind, f.year) for f in s.scalars(select(SourceFile))}
    assert files == LOADED


def test_reingest_changes_nothing_and_skips_with_reasons(real_engine, real_data):
    report = ingest_paths(real_engine, [real_data])
    status = {f.path.name: f.status for f in report.files}
    assert {n for n, st in status.items() if st == "unchanged"} == set(LOADED)
    skipped = {f.path.name: f.reason for f in report.files if f.status == "skipped"}
    assert "metadata" in skipped["2018-2019_ks4_final_meta.csv"]
    assert "unrecognised header" in skipped["2018-2019_ks4_meta_methodology.csv"]
    assert "not a CSV" in skipped["PROVENANCE.md"]


def test_stats_shows_all_key_stages_and_years(real_db_url):
    result = CliRunner().invoke(main, ["stats", "--json", "--db", real_db_url])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    years: dict[str, set[int]] = {}
    for r in data["results"]:
        years.setdefault(r["key_stage"], set()).add(r["year"])
    assert years == PROVENANCE_YEARS
    assert data["postcodes"] == 2856
    assert data["schools"]["closed"] > 300 and data["schools"]["open"] > 1000
    frameworks = {(r["framework"], r["kind"]) for r in data["inspections"]}
    assert {("reportcard2025", "report_card"), ("EIF2019", "graded"), ("interim2024", "graded")} <= frameworks
    table = CliRunner().invoke(main, ["stats", "--db", real_db_url])
    assert table.exit_code == 0 and "2023/24" in table.output and "destinations" in table.output


def fig(engine, area_key, measure, year, key_stage="ks4", provisional=False) -> Figure:
    with Session(engine) as s:
        return s.scalars(select(Figure).filter_by(area_key=area_key, measure=measure, year=year,
                                                  key_stage=key_stage, provisional=provisional)).one()


def test_hertfordshire_quirks(real_engine):
    # Truncated rows ending in NEW (new schools) load; the missing fields give no figure.
    assert fig(real_engine, "school:150656", "total_pupils", 2024).status == "NEW"
    with Session(real_engine) as s:
        assert s.scalars(select(Figure).filter_by(area_key="school:150656", measure="att8", year=2024)).first() is None
        assert s.get(School, 149078).name == "Avanti Grange Secondary School"
    banding = fig(real_engine, "la:919", "p8_banding", 2024)
    assert banding.text and banding.value in {1.0, 2.0, 3.0, 4.0, 5.0}
    assert fig(real_engine, "england_state", "att8", 2024).value is not None


def test_provisional_numeric_banding_gets_its_label(real_engine):
    with Session(real_engine) as s:
        bands = s.scalars(select(Figure).filter_by(measure="p8_banding", year=2019, provisional=True)
                          .where(Figure.value.is_not(None))).all()
    assert bands and all(b.text for b in bands)
    assert {b.text for b in bands if b.value == 1.0} == {"Well above average"}


def test_national_rows_and_percentages(real_engine):
    assert fig(real_engine, "england", "rwm_exp", 2019, key_stage="ks2").value == 65.0
    assert fig(real_engine, "england:primary", "persistent_absence", 2019, key_stage="absence").value == 8.2
    assert fig(real_engine, "la:919:secondary", "overall_absence", 2024, key_stage="absence").value == 8.0
    assert fig(real_engine, "england:primary", "pct_girls", 2024, key_stage="census").value == 49.1
    assert fig(real_engine, "england", "dest_overall", 2019, key_stage="destinations").value == 94.0


def test_links_and_former_names_and_inspections(real_engine):
    with Session(real_engine) as s:
        names = {lk.link_name for lk in s.scalars(select(SchoolLink).where(SchoolLink.link_name.like("%Becket%")))}
        assert any("à" in n for n in names)  # cp1252 decoded
        graded = s.scalars(select(Inspection).filter_by(urn=100000, kind="graded")).one()
        assert (graded.framework, graded.overall) == ("EIF2019", "Outstanding")
        cards = s.scalars(select(Inspection).filter_by(kind="report_card")).all()
        assert {c.urn for c in cards} == {100025, 140196, 140220, 140229, 140245}
        assert all(c.judgements.get("safeguarding") == "Met" for c in cards)
