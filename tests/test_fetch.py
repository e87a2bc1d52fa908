"""`schoolbot fetch`: every source of knowledge/sources.yaml against a local server that serves the
official formats (bot/demo_site.py) - no test touches the internet."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.db import make_engine
from bot.demo import SCHOOLS
from bot.demo.site import build_site, vary
from bot.fetch import fetch
from bot.settings import Settings, get_settings
from bot.sources import all_sources, csv_header
from tests.helpers.fetch_server import SiteServer

YEARS = (2024, 2025)  # the years the local site publishes; the sources list more


@pytest.fixture
def site():
    with SiteServer() as server:
        server.routes.update(build_site(server.url, years=YEARS))
        yield server


def cli(site: SiteServer, *args: str, env: dict | None = None):
    """Run `schoolbot ARGS` with every source moved to the local site."""
    get_settings.cache_clear()
    try:
        return CliRunner().invoke(main, list(args), env={"SOURCES_BASE_URL": site.url, "COLUMNS": "250", **(env or {})})
    finally:
        get_settings.cache_clear()


def fetch_direct(site: SiteServer, db_url: str | None, dest: Path, *names: str, **kw):
    engine = make_engine(db_url) if db_url else None
    try:
        return fetch(engine, names, dest=dest, backoff=0.01, settings=Settings(
            _env_file=None, sources_base_url=site.url, data_dir=dest.parent), **kw)
    finally:
        if engine is not None:
            engine.dispose()


def stats(site: SiteServer, db_url: str, dest: Path) -> dict:
    result = cli(site, "stats", "--json", "--db", db_url, env={"DATA_DIR": str(dest.parent)})
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def years_of(data: dict, key_stage: str) -> set[int]:
    return {r["year"] for r in data["results"] if r["key_stage"] == key_stage and r["schools"]}


def path_of(source: str, year: int | None = None) -> str:
    """The URL path the local site serves a source (or a year of it) at."""
    s = all_sources()[source]
    for alternatives in s.targets(f"/{s.base}"):
        if year is None or alternatives[0].label.startswith(str(year - 1)):
            return alternatives[0].url
    raise KeyError((source, year))


def ask_gcses(db_url: str, school) -> dict:
    result = CliRunner().invoke(main, ["ask", "--json", "--db", db_url, f"how did {school.name} do in GCSEs?"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


SCHOOL = next(s for s in SCHOOLS if s.ks4 and not s.independent and s.is_open
              and not any(o is not s and s.name.split()[0] in o.name for o in SCHOOLS))


def test_fetch_of_every_source_fills_every_key_stage_and_a_rerun_downloads_nothing(site, db_url, tmp_path):
    dest = tmp_path / "data" / "downloads"
    first = cli(site, "fetch", "--db", db_url, "--dest", str(dest))
    assert first.exit_code == 0, first.output
    for name in all_sources():
        assert name in first.stdout
    data = stats(site, db_url, dest)
    for key_stage in ("ks2", "ks4", "ks5", "destinations"):
        assert years_of(data, key_stage) >= set(YEARS), (key_stage, data["results"])
    england = {(r["key_stage"], r["year"]) for r in data["results"]}
    assert {("ks4", 2026), ("ks5", 2026), ("ks2", 2026)}.isdisjoint(england)  # not published on the site
    assert data["schools"]["total"] == len(SCHOOLS) and data["schools"]["demo"] == 0
    assert sum(i["count"] for i in data["inspections"]) > 0
    kept = {p.name for p in dest.rglob("*.csv")}
    assert {f"{y - 1}-{y}_england_ks5final.csv" for y in YEARS} <= kept
    assert not list(dest.rglob("*.rejected")) and not list((dest / ".partial").glob("*"))

    served = len(site.downloads())
    again = cli(site, "fetch", "--db", db_url, "--dest", str(dest))
    assert again.exit_code == 0, again.output
    assert site.downloads()[served:] == []  # every request answered 304 Not Modified
    assert "Fetched: 0 file(s) downloaded" in again.stdout
    assert stats(site, db_url, dest)["results"] == data["results"]


def test_stats_shows_each_sources_date(site, db_url, tmp_path):
    dest = tmp_path / "data" / "downloads"
    assert cli(site, "fetch", "ks4", "ofsted", "gias", "--db", db_url, "--dest", str(dest)).exit_code == 0
    by_name = {row["source"]: row for row in stats(site, db_url, dest)["sources"]}
    assert by_name["ks4"]["years"] == [f"{y - 1}/{y % 100:02d}" for y in YEARS]
    assert by_name["gias"]["data"] == date.today().isoformat()
    assert "31_Oct_2026" in by_name["ofsted"]["data"]  # the newest of the monthly files listed
    assert by_name["ks4"]["ingested"] and by_name["ks4"]["fetched_at"]
    assert "fetched_at" not in by_name["census"]  # not fetched yet
    table = cli(site, "stats", "--db", db_url, env={"DATA_DIR": str(dest.parent), "COLUMNS": "200"})
    assert "Sources" in table.stdout and "never fetched" in table.stdout and "2024/25" in table.stdout


def test_a_changed_format_is_reported_and_keeps_the_previous_data(site, db_url, tmp_path):
    dest = tmp_path / "data" / "downloads"
    assert fetch_direct(site, db_url, dest).ok
    before = ask_gcses(db_url, SCHOOL)
    assert {"kind": "ks4", "year": "2024/25", "file": "2024-2025_england_ks4final.csv"} in before["sources"]

    path = path_of("ks4", max(YEARS))
    site.routes[path] = site.routes[path].replace(b"ATT8SCR", b"ATT8_SCORE").replace(b"RECTYPE", b"REC_TYPE")
    site.routes[path_of("census", max(YEARS))] = vary(site.routes[path_of("census", max(YEARS))], "NOR", 2031)
    report = fetch_direct(site, db_url, dest)
    by_name = {s.name: s for s in report.sources}
    problem = " ".join(by_name["ks4"].problems)
    assert "format changed" in problem and "RECTYPE" in problem and "ATT8SCR" in problem
    assert by_name["census"].loaded and not by_name["census"].problems  # the rest still load
    assert [s.name for s in report.sources if s.problems] == ["ks4"]
    assert (dest / "ks4" / f"{max(YEARS) - 1}-{max(YEARS)}_england_ks4final.csv.rejected").is_file()
    assert ask_gcses(db_url, SCHOOL)["text"] == before["text"]  # still answering from the previous file


def test_a_failed_ingest_keeps_the_previous_data(site, db_url, tmp_path):
    dest = tmp_path / "data" / "downloads"
    assert fetch_direct(site, db_url, dest, "gias", "ks4").ok
    before = ask_gcses(db_url, SCHOOL)
    path = path_of("ks4", max(YEARS))
    site.routes[path] = site.routes[path] + b'1,999,"cut short'  # a truncated last row
    report = fetch_direct(site, db_url, dest, "ks4")
    assert "ingest failed" in " ".join(report.sources[0].problems)
    assert ask_gcses(db_url, SCHOOL)["text"] == before["text"]


def test_a_download_cut_short_is_resumed_and_checksummed(site, tmp_path):
    dest = tmp_path / "dl"
    path = path_of("ks4", max(YEARS))
    site.faults[path] = ["drop"]
    report = fetch_direct(site, None, dest, "ks4")
    assert report.ok and any("(resumed)" in f for f in report.sources[0].downloaded)
    kept = dest / "ks4" / f"{max(YEARS) - 1}-{max(YEARS)}_england_ks4final.csv"
    assert kept.read_bytes() == site.routes[path]
    manifest = json.loads((dest / "manifest.json").read_text())
    assert any(e.get("sha256") == hashlib.sha256(site.routes[path]).hexdigest() for e in manifest.values())


def test_a_server_without_ranges_is_retried_from_the_start(site, tmp_path):
    site.ranges = False
    path = path_of("ks5", min(YEARS))
    site.faults[path] = ["drop", "500"]
    report = fetch_direct(site, None, tmp_path / "dl", "ks5")
    assert report.ok, report.sources[0].problems
    kept = tmp_path / "dl" / "ks5" / f"{min(YEARS) - 1}-{min(YEARS)}_england_ks5final.csv"
    assert kept.read_bytes() == site.routes[path]


def test_a_broken_download_is_reported_keeps_the_previous_data_and_the_rest_still_load(site, db_url, tmp_path):
    dest = tmp_path / "dl"
    assert fetch_direct(site, db_url, dest, "gias", "ks4").ok
    before = ask_gcses(db_url, SCHOOL)
    path = path_of("ks4", max(YEARS))
    site.routes[path] = vary(site.routes[path], "ATT8SCR", 2031)  # republished ...
    site.faults[path] = ["500"] * 10  # ... but the server fails every time
    report = fetch_direct(site, db_url, dest, "ks4", "ks5", retries=2)
    by_name = {s.name: s for s in report.sources}
    problems = " ".join(by_name["ks4"].problems)
    assert "HTTP 500" in problems and "after 3 tries" in problems and "already loaded stays" in problems
    assert len(by_name["ks5"].loaded) == len(YEARS) and not report.ok
    assert ask_gcses(db_url, SCHOOL)["text"] == before["text"]
    assert not list((dest / ".partial").glob("*"))

    site.faults.clear()  # the server mends: the new figures load
    report = fetch_direct(site, db_url, dest, "ks4")
    assert report.ok and report.sources[0].loaded == [f"{max(YEARS) - 1}-{max(YEARS)}_england_ks4final.csv"]
    assert ask_gcses(db_url, SCHOOL)["text"] != before["text"]


def test_the_newest_ofsted_file_is_picked_and_a_new_month_is_fetched(site, tmp_path):
    dest = tmp_path / "dl"
    first = fetch_direct(site, None, dest, "ofsted")
    assert first.sources[0].downloaded == [
        "Management_information_-_state-funded_schools_-_latest_inspections_as_at_31_Oct_2026.csv"]
    page_path = path_of("ofsted")
    page = json.loads(site.routes[page_path])
    newer = dict(page["details"]["attachments"][-1])
    newer["title"] = newer["title"].replace("31 October 2026", "30 November 2026")
    newer["url"] = newer["url"].replace("31_Oct_2026", "30_Nov_2026")
    site.routes[newer["url"].removeprefix(site.url)] = site.routes[page["details"]["attachments"][-1]["url"]
                                                                   .removeprefix(site.url)] + b"\r\n"
    page["details"]["attachments"].insert(0, newer)
    site.routes[page_path] = json.dumps(page).encode()
    second = fetch_direct(site, None, dest, "ofsted")
    assert second.sources[0].downloaded == [
        "Management_information_-_state-funded_schools_-_latest_inspections_as_at_30_Nov_2026.csv"]


def test_gias_falls_back_to_an_earlier_day_and_a_missing_extract_is_a_problem(site, tmp_path):
    today = date.today()
    gias = path_of("gias")
    body = site.routes.pop(gias)
    site.routes[gias.replace(f"{today:%Y%m%d}", f"{today - timedelta(days=2):%Y%m%d}")] = body
    report = fetch_direct(site, None, tmp_path / "dl", "gias")
    assert report.sources[0].downloaded == [f"edubasealldata{today - timedelta(days=2):%Y%m%d}.csv"]
    report = fetch_direct(site, None, tmp_path / "dl2", "gias", day=today)
    assert "not found (HTTP 404)" in report.sources[0].problems[0]


def test_fetch_cli_lists_sources_and_refuses_unknown_names(site, tmp_path):
    listed = cli(site, "fetch", "--list")
    assert listed.exit_code == 0
    for name, source in all_sources().items():
        assert f"{name}: {source.title}" in listed.stdout
    assert site.url in listed.stdout  # the URLs shown are the ones fetched
    unknown = cli(site, "fetch", "ks9", "--dest", str(tmp_path))
    assert unknown.exit_code == 1 and "unknown source ks9" in unknown.output and "ks4" in unknown.output
    bad = cli(site, "fetch", "gias", "--date", "2026-01-02", "--dest", str(tmp_path))
    assert bad.exit_code == 1 and "YYYYMMDD" in bad.output and "Traceback" not in bad.output
    assert site.log == []  # nothing was requested


def test_gias_base_url_still_moves_the_gias_download(site, tmp_path, db_url):
    day = date(2026, 11, 2)  # after the demo extract's last change (1 October 2026)
    gias = site.routes.pop(path_of("gias"))
    site.routes[f"/elsewhere/edubasealldata{day:%Y%m%d}.csv"] = gias
    result = cli(site, "fetch", "gias", "--date", f"{day:%Y%m%d}", "--dest", str(tmp_path / "dl"), "--db", db_url,
                 env={"GIAS_BASE_URL": f"{site.url}/elsewhere"})
    assert result.exit_code == 0, result.output
    assert (tmp_path / "dl" / "gias" / f"edubasealldata{day:%Y%m%d}.csv").read_bytes() == gias


def test_every_source_is_described_and_served_in_its_own_format():
    """The sources file is complete (what, who, licence, cadence, where it was found, expected
    columns), and the demo site serves every source a file with exactly those columns."""
    routes = build_site("http://site.test", years=tuple(range(2020, 2030)), today=date(2026, 12, 6))
    for name, s in all_sources().items():
        assert s.title and s.publisher and s.licence and s.cadence and s.found and s.columns, name
        assert not s.years or "{academic}" in s.file, name
        if s.load is False:
            assert s.why, name
        path = s.targets(f"/{s.base}", today=date(2026, 12, 6))[-1][0].url
        assert path in routes, name
        if not s.pick and not s.member:
            assert s.format_change(csv_header(routes[path])) is None, name


def test_a_daily_source_keeps_its_newest_files_and_a_deleted_file_is_fetched_again(site, tmp_path):
    dest = tmp_path / "dl"
    body = site.routes[path_of("gias")]
    first = date(2026, 3, 1)
    for n in range(5):
        day = first + timedelta(days=n)
        site.routes[f"/gias/edubasealldata{day:%Y%m%d}.csv"] = body + b"\r\n" * n
        assert fetch_direct(site, None, dest, "gias", today=day).sources[0].downloaded
    kept = sorted(p.name for p in (dest / "gias").iterdir())
    assert kept == [f"edubasealldata{first + timedelta(days=n):%Y%m%d}.csv" for n in (2, 3, 4)]
    assert len(json.loads((dest / "manifest.json").read_text())) == 3

    (dest / "gias" / kept[-1]).unlink()
    again = fetch_direct(site, None, dest, "gias", today=first + timedelta(days=4))
    assert again.sources[0].downloaded == [kept[-1]] and (dest / "gias" / kept[-1]).is_file()


def test_a_server_without_validators_is_checked_by_checksum(site, db_url, tmp_path):
    site.validators = False
    dest = tmp_path / "dl"
    assert fetch_direct(site, db_url, dest, "gias", "ks2").ok
    again = fetch_direct(site, db_url, dest, "gias", "ks2")
    assert site.downloads()  # the server cannot answer "not modified" ...
    assert again.downloaded == 0 and [s.unchanged for s in again.sources] == [1, len(YEARS)]
    assert not any(s.loaded for s in again.sources)  # ... so the checksum shows nothing changed


def test_a_zip_without_the_expected_member_is_a_changed_format_reported_every_time(site, tmp_path):
    path = path_of("admissions_schools")
    site.routes[path] = site.routes[path_of("ks2", min(YEARS))]  # a CSV where a ZIP was expected
    for _ in range(2):
        report = fetch_direct(site, None, tmp_path / "dl", "admissions_schools")
        assert "expected a ZIP" in report.sources[0].problems[0]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("data/offers_by_la.csv", "time_period,school_urn\n202627,990001\n")
    site.routes[path] = buf.getvalue()
    report = fetch_direct(site, None, tmp_path / "dl", "admissions_schools")
    assert "no member like *school*level*.csv" in report.sources[0].problems[0]
    assert "data/offers_by_la.csv" in report.sources[0].problems[0]


def test_the_provisional_tables_load_as_provisional(site, db_url, tmp_path):
    provisional = path_of("ks4_provisional", 2026)  # published; the final 2025/26 tables are not yet
    site.routes[provisional] = build_site(site.url, years=(2026,))[provisional]
    dest = tmp_path / "data" / "downloads"
    assert fetch_direct(site, db_url, dest, "gias", "ks4", "ks4_provisional").ok
    ks4 = {(r["year"], r["provisional"]) for r in stats(site, db_url, dest)["results"] if r["key_stage"] == "ks4"}
    assert ks4 == {(2024, False), (2025, False), (2026, True)}
