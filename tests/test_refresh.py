"""Kept fresh while running (REFRESH_AT): a running bot fetches what changed on its schedule,
ingests it and answers from it with no restart; several instances on one database refresh
once; a refresh that fails keeps the records already loaded answering."""

from __future__ import annotations

import asyncio
import csv
import gc
import io
import json
import threading
import weakref
from contextlib import asynccontextmanager
from datetime import UTC, date, datetime, time
from pathlib import Path
from time import monotonic, sleep

import pytest
from click.testing import CliRunner
from sqlalchemy import select

from bot import startup_cache
from bot.cli import main
from bot.core import Schoolbot
from bot.db import make_engine
from bot.demo.site import build_site
from bot.fetch import fetch
from bot.models import SourceFile
from bot.refresh import Refresher, refresh_lock
from bot.settings import Settings, get_settings
from bot.telegram import build_application
from tests.helpers.fake_telegram import TOKEN, FakeTelegram, visible_text
from tests.helpers.bot_process import running_bot
from tests.helpers.fetch_server import SiteServer

SOURCES = "gias,ofsted"
RATING = "What is the Ofsted rating of Oakfield Junior School?"
NEW_SCHOOL = "Kestrel Brook Academy"


@pytest.fixture
def site():
    with SiteServer() as server:
        server.routes.update(build_site(server.url))
        yield server


def settings_for(site: SiteServer, tmp_path: Path, **more) -> Settings:
    return Settings(_env_file=None, sources_base_url=site.url, data_dir=tmp_path / "data", refresh_at="03:30",
                    refresh_sources=SOURCES, log_hash_key="refresh-" + "k" * 40, **more)


@pytest.fixture
def loaded(site, db_url, tmp_path):
    """An engine on records fetched from the site (GIAS and Ofsted), and the settings to refresh them."""
    settings = settings_for(site, tmp_path)
    engine = make_engine(db_url)
    assert fetch(engine, settings.refresh_source_names, settings=settings, backoff=0.01).ok
    yield engine, settings
    engine.dispose()


def _csv_rows(text: str) -> tuple[list[str], list[dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text))
    return list(reader.fieldnames or []), list(reader)


def _csv_text(header: list[str], rows: list[dict[str, str]]) -> str:
    buf = io.StringIO()
    csv.DictWriter(buf, fieldnames=header, lineterminator="\r\n").writerows([dict(zip(header, header)), *rows])
    return buf.getvalue()


def publish_new_ofsted_month(site: SiteServer) -> None:
    """Ofsted publishes a newer monthly file (as at 30 November 2026) in which Oakfield Junior
    School (Requires improvement in 2023) has a report card inspection of 4 November 2026."""
    page_path = next(p for p in site.routes if "monthly-management-information" in p)
    page = json.loads(site.routes[page_path])
    newest = page["details"]["attachments"][-1]
    header, rows = _csv_rows(site.routes[newest["url"].removeprefix(site.url)].decode("utf-8-sig"))
    carded = next(r for r in rows if r["Inclusion"] not in ("", "NULL"))
    for row in rows:
        if row["URN"] == "990002":
            for column in header[header.index("Inspection number of latest full inspection"):
                                 header.index("Leadership and governance - date of grade") + 1]:
                row[column] = carded[column]
            row.update({"Inspection number of latest full inspection": "10460002",
                        "Inspection start date": "04/11/2026", "Publication date": "25/11/2026",
                        "URN at time of latest full inspection": "990002",
                        "LAESTAB at time of latest full inspection": row["LAESTAB"],
                        "School name at time of latest full inspection": row["School name"],
                        "Achievement": "Strong standard", "Leadership and governance": "Exceptional"})
            for column in header:
                if column.endswith("- date of grade"):
                    row[column] = "04/11/2026"
    newer = {"title": newest["title"].replace("31 October 2026", "30 November 2026"),
             "url": newest["url"].replace("31_Oct_2026", "30_Nov_2026"), "content_type": "text/csv"}
    site.routes[newer["url"].removeprefix(site.url)] = b"\xef\xbb\xbf" + _csv_text(header, rows).encode("utf-8")
    page["details"]["attachments"].append(newer)
    site.routes[page_path] = json.dumps(page).encode()


def open_a_new_school(site: SiteServer) -> None:
    """Today's GIAS extract is republished with one more school."""
    gias = next(p for p in site.routes if p.startswith("/gias/edubasealldata"))
    header, rows = _csv_rows(site.routes[gias].decode("cp1252"))
    new = dict(next(r for r in rows if r["EstablishmentName"] == "Oakfield Junior School"))
    new.update({"URN": "990099", "EstablishmentName": NEW_SCHOOL, "EstablishmentNumber": "2099"})
    site.routes[gias] = _csv_text(header, [*rows, new]).encode("cp1252")


@asynccontextmanager
async def polling_bot(fake: FakeTelegram, core: Schoolbot, settings: Settings):
    """The Application `schoolbot run` builds, running: long polling the fake, its JobQueue on."""
    app = build_application(settings.model_copy(update={"telegram_bot_token": TOKEN,
                                                        "telegram_api_url": fake.api_url}), core)
    async with app:
        await app.start()
        await app.updater.start_polling(timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


async def ask(fake: FakeTelegram, text: str) -> str:
    count = len(fake.sent()) + 1
    fake.push(fake.message(text))
    sent = (await fake.wait_for("sendMessage", count=count, timeout=30))[-1]
    return visible_text(sent["text"], sent.get("parse_mode"))


async def run_the_scheduled_refresh(app, timeout: float = 120) -> None:
    """Bring the daily job's next run forward to now, so the scheduler itself runs it, and wait
    until the refresh it started has finished."""
    refresher = app.bot_data["refresher"]
    done = len(refresher.outcomes)
    [job] = app.job_queue.get_jobs_by_name("refresh")
    job.job.modify(next_run_time=datetime.now(UTC))
    deadline = asyncio.get_running_loop().time() + timeout
    while len(refresher.outcomes) == done:
        assert asyncio.get_running_loop().time() < deadline, "the scheduled refresh did not finish"
        await asyncio.sleep(0.05)


async def test_a_running_bot_answers_with_the_new_ofsted_judgement_after_its_scheduled_refresh(loaded, site):
    engine, settings = loaded
    core = Schoolbot(engine, settings)
    async with FakeTelegram() as fake, polling_bot(fake, core, settings) as app:
        [job] = app.job_queue.get_jobs_by_name("refresh")
        assert job.next_t.astimezone(UTC).timetz() == time(3, 30, tzinfo=UTC)
        before = await ask(fake, RATING)
        assert "Requires improvement (graded inspection, 16 May 2023)" in before
        assert "couldn't find a school called" in await ask(fake, f"Tell me about {NEW_SCHOOL}")
        assert "Ofsted inspections, 31 October 2026" in await ask(fake, "is your data up to date?")

        publish_new_ofsted_month(site)
        open_a_new_school(site)
        index_before = core.index
        await run_the_scheduled_refresh(app)
        [outcome] = app.bot_data["refresher"].outcomes
        assert outcome.fetched and outcome.reloaded and not outcome.problems
        assert outcome.sources == {"gias": "updated", "ofsted": "updated"}
        assert core.index is not index_before  # the new name index, swapped in
        assert startup_cache.load(engine, warm=False).source == "cache"  # and kept: the next start is quick

        after = await ask(fake, RATING)
        assert "Ofsted report card, 4 November 2026" in after and "Exceptional" in after
        assert "Ofsted: Requires improvement" not in after  # now the previous inspection
        assert NEW_SCHOOL in await ask(fake, f"Tell me about {NEW_SCHOOL}")
        about = await ask(fake, "is your data up to date?")  # the about answer: each source's date
        assert "Ofsted inspections, 30 November 2026" in about
        assert f"school details (GIAS) extract, {date.today():%-d %B %Y}" in about
    assert fake.unknown == []


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_stopping_the_bot_mid_refresh_does_not_wait_for_the_refresh(loaded, site):
    engine, settings = loaded
    core = Schoolbot(engine, settings)
    page_path = next(p for p in site.routes if "monthly-management-information" in p)
    asked, release = threading.Event(), threading.Event()
    serve = site.handle

    def handle(req) -> None:  # the Ofsted page answers only when the test says so
        if req.path == page_path:
            asked.set()
            release.wait(60)
        serve(req)

    site.handle = handle
    try:
        async with FakeTelegram() as fake, polling_bot(fake, core, settings) as app:
            refresher = app.bot_data["refresher"]
            [job] = app.job_queue.get_jobs_by_name("refresh")
            job.job.modify(next_run_time=datetime.now(UTC))
            assert await asyncio.to_thread(asked.wait, 60)  # the refresh is fetching ...
        assert refresher.outcomes == []  # ... and the bot stopped without waiting for it
    finally:
        release.set()
    deadline = monotonic() + 60
    while not refresher.outcomes:  # let it finish before the database goes
        assert monotonic() < deadline
        await asyncio.sleep(0.05)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
async def test_schoolbot_run_schedules_the_refresh_and_stops_cleanly(db_url, tmp_path):
    async with FakeTelegram() as fake, running_bot(fake, db_url, tmp_path, env={"REFRESH_AT": "03:30"}):
        fake.push(fake.message("what is progress 8"))
        await fake.wait_for("sendMessage")
    assert "Refreshing the records daily at 03:30 UTC" in (tmp_path / "bot.log").read_text()


async def test_a_broken_download_keeps_the_old_answer(loaded, site):
    engine, settings = loaded
    core = Schoolbot(engine, settings)
    refresher = Refresher(core, settings, backoff=0.01, retries=1)
    before = core.ask(RATING).text
    publish_new_ofsted_month(site)
    new_file = next(p for p in site.routes if "30_Nov_2026" in p)
    site.faults[new_file] = ["500"] * 5
    outcome = await asyncio.to_thread(refresher.run)
    assert outcome.fetched and outcome.sources["ofsted"] == "problem"
    assert any("ofsted: download failed" in p and "HTTP 500" in p for p in outcome.problems)
    assert core.ask(RATING).text == before

    site.faults.clear()  # the server mends: the next refresh loads it
    outcome = await asyncio.to_thread(refresher.run)
    assert outcome.sources["ofsted"] == "updated" and outcome.reloaded
    assert "Ofsted report card, 4 November 2026" in core.ask(RATING).text


def test_a_refresh_that_fails_outright_keeps_the_records_and_says_why(loaded, site, tmp_path):
    engine, settings = loaded
    core = Schoolbot(engine, settings)
    before, index = core.ask(RATING).text, core.index
    publish_new_ofsted_month(site)
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the downloads folder should be")
    outcome = Refresher(core, settings, dest=blocked, backoff=0.01).run()
    assert outcome.fetched and not outcome.reloaded
    assert any(p.startswith("refresh failed:") for p in outcome.problems)
    assert core.ask(RATING).text == before and core.index is index


def test_a_reload_that_fails_keeps_the_index_answering_and_says_why(loaded, site, monkeypatch):
    engine, settings = loaded
    core = Schoolbot(engine, settings)
    index = core.index
    publish_new_ofsted_month(site)

    def broken(*args, **kwargs):
        raise MemoryError("no room for a second index")

    monkeypatch.setattr("bot.startup_cache.build", broken)
    outcome = Refresher(core, settings, backoff=0.01).run()
    assert outcome.sources["ofsted"] == "updated" and not outcome.reloaded
    assert outcome.problems == ["reload failed: MemoryError: no room for a second index"]
    assert core.index is index and "Oakfield Junior School" in core.ask(RATING).text
    monkeypatch.undo()
    assert Refresher(core, settings).check() and core.index is not index  # the next check takes it in


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)
def test_an_index_swapped_out_is_freed_though_start_up_froze_the_heap(loaded, site, monkeypatch):
    """A long-running bot freezes its start-up objects (bot.core.settle_heap), where the
    collector never looks: the index a refresh replaces is still freed, not kept for ever."""
    engine, settings = loaded
    monkeypatch.setattr("bot.core.RETIRE_AFTER", 0.0)
    core = Schoolbot(engine, settings)
    publish_new_ofsted_month(site)
    gc.freeze()
    try:
        old = weakref.ref(core.index)
        assert Refresher(core, settings, backoff=0.01).run().reloaded
        deadline = monotonic() + 30
        while old() is not None:
            assert monotonic() < deadline, "the old index was never freed"
            sleep(0.01)
    finally:
        gc.unfreeze()


@pytest.mark.parametrize("db_url", ["postgresql"], indirect=True)
def test_two_instances_on_postgresql_refresh_once(loaded, site):
    """Two bots on one database start their refresh together: one fetches and ingests, the
    other finds the lock taken and skips; both then answer from the new records."""
    engine, settings = loaded
    publish_new_ofsted_month(site)
    other = make_engine(engine.url.render_as_string(hide_password=False))
    refreshers = [Refresher(Schoolbot(e, settings), settings, backoff=0.01) for e in (engine, other)]
    page_path = next(p for p in site.routes if "monthly-management-information" in p)
    skipped = threading.Event()
    serve = site.handle

    def handle(req) -> None:  # the instance that got the lock is fetching until the other has skipped
        if req.path == page_path:
            skipped.wait(60)
        serve(req)

    site.handle = handle
    start = threading.Barrier(2)
    served = len(site.log)
    outcomes = []

    def refresh(refresher: Refresher) -> None:
        start.wait()
        outcome = refresher.run()
        outcomes.append(outcome)
        if not outcome.fetched:
            skipped.set()

    threads = [threading.Thread(target=refresh, args=(r,)) for r in refreshers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(o.fetched for o in outcomes) == [False, True]
    assert [p for p, *_ in site.log[served:]].count(page_path) == 1  # one instance asked Ofsted
    with engine.connect() as conn:
        names = conn.execute(select(SourceFile.name)).scalars().all()
    assert len([n for n in names if "30_Nov_2026" in n]) == 1  # the new file is loaded
    for refresher in refreshers:  # the one that skipped takes the new records in at its next check
        refresher.check()
        assert "Ofsted report card, 4 November 2026" in refresher.core.ask(RATING).text
    other.dispose()


def test_the_lock_is_held_for_the_database_not_the_url(db_url):
    """An instance whose lock is taken by another (with the database URL spelt otherwise) skips;
    the lock is free again after."""
    spelt_otherwise = db_url + "&application_name=other" if "?" in db_url else db_url.replace("///", "////", 1)
    one, other = make_engine(db_url), make_engine(spelt_otherwise)
    try:
        with refresh_lock(one) as held:
            assert held
            with refresh_lock(other) as second:
                assert not second
        with refresh_lock(other) as again:
            assert again
    finally:
        one.dispose()
        other.dispose()


def test_refresh_is_off_by_default_and_a_bad_time_is_a_clear_error(tmp_path, monkeypatch):
    assert Settings(_env_file=None).refresh_time is None
    monkeypatch.chdir(tmp_path)
    for bad in ("25:00", "3.30", "03:30:00", "half three"):
        get_settings.cache_clear()
        try:
            result = CliRunner().invoke(main, ["stats"], env={"REFRESH_AT": bad, "DATA_DIR": str(tmp_path)})
        finally:
            get_settings.cache_clear()
        assert result.exit_code == 1 and "Traceback" not in result.output
        assert "REFRESH_AT must be a time of day in UTC, HH:MM" in result.output and repr(bad) in result.output
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["stats"], env={"REFRESH_SOURCES": "ofsted,ks9", "DATA_DIR": str(tmp_path)})
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "unknown source(s) ks9" in result.output
