"""`schoolbot stats` on a small loaded database and on an empty one."""

from __future__ import annotations

import json

from click.testing import CliRunner

from bot.cli import main
from bot.db import make_engine
from bot.ingest import ingest_paths
from bot.stats import collect

from tests.helpers.small_files import gias_file, ks4_file


def test_stats_counts(db_url, tmp_path):
    engine = make_engine(db_url)
    ingest_paths(engine, [ks4_file(tmp_path / "a", "2017-2018", p8="0.1"), ks4_file(tmp_path / "b", "2018-2019")])
    gias_file(tmp_path / "g" / "g.csv", [
        '"900050","850","Hampshire","Open School","Open","Primary","Alton","GU34 1AA","01-03-2022"',
        '"900051","850","Hampshire","Shut School","Closed","Primary","Alton","GU34 1AA","01-03-2022"',
    ])
    ingest_paths(engine, [tmp_path / "g"])
    data = collect(engine)
    engine.dispose()
    assert data["schools"]["total"] == 5
    assert data["schools"]["closed"] == 1
    primary = [r for r in data["schools"]["by_la_phase"] if r["phase"] == "Primary"]
    assert primary == [{"la_code": 850, "la_name": "Hampshire", "phase": "Primary", "open": 1, "closed": 1}]
    assert [(r["key_stage"], r["year"]) for r in data["results"]] == [("ks4", 2018), ("ks4", 2019)]
    assert all(r["schools"] == 3 and r["with_status"] > 0 for r in data["results"])
    assert len(data["files"]) == 3

    result = CliRunner().invoke(main, ["stats", "--db", db_url])
    assert result.exit_code == 0
    assert "2017/18" in result.output and "2018/19" in result.output and "Hampshire" in result.output
    as_json = CliRunner().invoke(main, ["stats", "--json", "--db", db_url])
    assert json.loads(as_json.output)["schools"]["total"] == 5


def test_stats_on_empty_database(db_url):
    result = CliRunner().invoke(main, ["stats", "--json", "--db", db_url])
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["schools"]["total"] == 0 and data["results"] == [] and data["postcodes"] == 0


def test_ingest_command_prints_summary(db_url, tmp_path):
    ks4_file(tmp_path / "data")
    (tmp_path / "data" / "notes.md").write_text("x")
    result = CliRunner().invoke(main, ["ingest", str(tmp_path / "data"), "--db", db_url])
    assert result.exit_code == 0, result.output
    assert "ks4" in result.output and "2019" in result.output and "not a CSV file" in result.output
    again = CliRunner().invoke(main, ["ingest", str(tmp_path / "data"), "--db", db_url])
    assert "unchanged" in again.output
