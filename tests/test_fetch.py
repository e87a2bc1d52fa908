"""`schoolbot fetch` against a local HTTP server (no test touches the internet)."""

from __future__ import annotations

import functools
import threading
from datetime import date, timedelta
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy.orm import Session

from bot.cli import main
from bot.db import make_engine
from bot.fetch import FetchError, fetch_gias
from bot.models import School
from bot.settings import get_settings

GIAS = (
    '"URN","LA (code)","LA (name)","EstablishmentName","EstablishmentStatus (name)","LastChangedDate"\r\n'
    '"900100","850","Hampshire","Fetched Primary School","Open","02-01-2026"\r\n'
)


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output clean
        pass


@pytest.fixture
def server(tmp_path):
    """A local HTTP server over tmp_path/site; yields (base_url, folder)."""
    site = tmp_path / "site"
    site.mkdir()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/downloads/public", site / "downloads" / "public"
    httpd.shutdown()
    httpd.server_close()


def publish(folder: Path, day: date) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"edubasealldata{day:%Y%m%d}.csv"
    path.write_bytes(GIAS.encode("cp1252"))
    return path


def test_fetch_given_date(server, tmp_path):
    base, folder = server
    publish(folder, date(2026, 1, 2))
    path = fetch_gias(day="20260102", dest=tmp_path / "dl", base_url=base)
    assert path == tmp_path / "dl" / "edubasealldata20260102.csv"
    assert path.read_bytes() == GIAS.encode("cp1252")
    assert not list((tmp_path / "dl").glob("*.part"))


def test_fetch_falls_back_to_an_earlier_day(server, tmp_path):
    base, folder = server
    day = date.today() - timedelta(days=2)
    publish(folder, day)
    path = fetch_gias(dest=tmp_path / "dl", base_url=base)
    assert path.name == f"edubasealldata{day:%Y%m%d}.csv"


def test_fetch_reports_missing_extract(server, tmp_path):
    base, _ = server
    with pytest.raises(FetchError, match="404"):
        fetch_gias(dest=tmp_path / "dl", base_url=base)
    with pytest.raises(FetchError, match="YYYYMMDD"):
        fetch_gias(day="2026-01-02", dest=tmp_path / "dl", base_url=base)


def test_fetch_command_downloads_and_ingests(server, tmp_path, db_url, monkeypatch):
    base, folder = server
    publish(folder, date(2026, 1, 2))
    monkeypatch.setenv("GIAS_BASE_URL", base)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["fetch", "--date", "20260102", "--dest", str(tmp_path / "dl"),
                                           "--db", db_url])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "edubasealldata20260102.csv" in result.output
    engine = make_engine(db_url)
    with Session(engine) as s:
        school = s.get(School, 900100)
    engine.dispose()
    assert school.name == "Fetched Primary School" and str(school.as_of) == "2026-01-02"


def test_fetch_command_fails_cleanly(server, tmp_path, monkeypatch):
    base, _ = server
    monkeypatch.setenv("GIAS_BASE_URL", base)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["fetch", "--date", "20260102", "--dest", str(tmp_path / "dl"),
                                           "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "Download failed" in result.output and "404" in result.output
    assert "Traceback" not in result.output
