"""Keeping a running bot's records fresh (REFRESH_AT): fetch what changed and ingest it, under a
lock on the database so that several instances refresh once, then take the new records in.

`Refresher.run` does one refresh; `refresh_job` and `check_job` are the JobQueue callbacks
`schoolbot run` schedules (bot.telegram.app). Both work in a thread of their own, so answers go
on meanwhile; the core swaps its new name index in when it is built (`Schoolbot.reload`).
An instance that finds the lock taken (another is refreshing) skips the fetch; like every
instance, it reloads when its next check sees the data version changed.
"""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import Engine

from bot.db import has_state_file
from bot.settings import Settings

log = logging.getLogger(__name__)

CHECK_EVERY = 10 * 60  # seconds between checks for records another process loaded
# One lock per database and schema, whatever URL each instance spells it with.
_PG_KEY = "hashtext('schoolbot refresh ' || current_database() || '.' || current_schema())"
_PG_TRY = f"SELECT pg_try_advisory_lock({_PG_KEY})"
_PG_UNLOCK = f"SELECT pg_advisory_unlock({_PG_KEY})"
_IN_MEMORY = threading.Lock()  # a database in memory is seen by this process only


@dataclass
class Outcome:
    """What one refresh did."""

    fetched: bool = False  # this instance held the lock and fetched (False: another was refreshing)
    sources: dict[str, str] = field(default_factory=dict)  # source -> status ("updated", "up to date", ...)
    problems: list[str] = field(default_factory=list)  # "source: problem", and an error that stopped it
    reloaded: bool = False  # the new records are live in this instance


class Refresher:
    """Refreshes the records of `core` (a bot.core.Schoolbot) from the sources of REFRESH_SOURCES."""

    def __init__(self, core: Any, settings: Settings, **fetch_options: Any) -> None:
        """`fetch_options`: passed to bot.fetch.fetch (retries, backoff, timeout, dest)."""
        self.core = core
        self.settings = settings
        self.fetch_options = fetch_options
        self.outcomes: list[Outcome] = []  # every refresh of this process, oldest first
        self._busy = threading.Lock()  # one refresh or check at a time in this process

    def run(self) -> Outcome | None:
        """Fetch and ingest what changed if no other instance is refreshing, then take in the
        new records. Blocking: call it from a worker thread. None when this process was already
        refreshing. A refresh that fails keeps the records already loaded, and says why."""
        if not self._busy.acquire(blocking=False):
            log.info("refresh: the previous refresh is still running; skipped")
            return None
        try:
            outcome = Outcome()
            try:
                with refresh_lock(self.core.engine) as held:
                    if held:
                        self._fetch(outcome)
                    else:
                        log.info("refresh: another instance is refreshing these records; not fetching")
            except Exception as exc:
                log.exception("refresh failed; the records already loaded stay")
                outcome.problems.append(f"refresh failed: {type(exc).__name__}: {exc}")
            outcome.reloaded = self._reload(outcome)
            if outcome.fetched and outcome.reloaded:
                keep_for_next_start(self.core.engine)
            self.outcomes.append(outcome)
            return outcome
        finally:
            self._busy.release()

    def check(self) -> bool:
        """Take in records another process loaded (another instance's refresh, `schoolbot fetch`
        or `ingest`); True when they were new. Blocking, like `run`."""
        if not self._busy.acquire(blocking=False):
            return False
        try:
            return self._reload(Outcome())
        finally:
            self._busy.release()

    def _fetch(self, outcome: Outcome) -> None:
        from bot.fetch import fetch

        outcome.fetched = True
        log.info("refresh: fetching %s", ", ".join(self.settings.refresh_source_names) or "every source")
        report = fetch(self.core.engine, self.settings.refresh_source_names, settings=self.settings,
                       **self.fetch_options)
        for source in report.sources:
            outcome.sources[source.name] = source.status
            outcome.problems += [f"{source.name}: {p}" for p in source.problems]
        updated = [s.name for s in report.sources if s.loaded]
        log.info("refresh: %d file(s) downloaded; updated: %s", report.downloaded, ", ".join(updated) or "none")
        for problem in outcome.problems:
            log.warning("refresh: %s", problem)

    def _reload(self, outcome: Outcome) -> bool:
        try:
            return self.core.reload()
        except Exception as exc:
            log.exception("refresh: the new records could not be taken in; answering from those already loaded")
            outcome.problems.append(f"reload failed: {type(exc).__name__}: {exc}")
            return False


def keep_for_next_start(engine: Engine) -> None:
    """Write the start-up cache for the records now, as `schoolbot fetch` does, so the next start
    is quick: in a process of its own, because pickling the index holds the interpreter lock for
    a quarter of a second at national scale, which would stall the answers of this one."""
    from bot import startup_cache

    path = startup_cache.cache_path(engine)
    if path is None:
        return
    job = json.dumps({"url": engine.url.render_as_string(hide_password=False), "cache_dir": str(path.parent)})
    try:
        done = subprocess.run([sys.executable, "-c", _KEEP], input=job, capture_output=True, text=True,
                              timeout=KEEP_TIMEOUT)
    except (OSError, subprocess.TimeoutExpired) as exc:
        log.warning("refresh: start-up cache not written (%s); the next start builds it", exc)
        return
    if done.returncode != 0 or "kept" not in done.stdout:
        why = (done.stderr.strip().splitlines() or ["see the log"])[-1]
        log.warning("refresh: start-up cache not written (%s); the next start builds it", why)


KEEP_TIMEOUT = 30 * 60  # seconds
# The database URL goes through standard input: a command line is visible to every user.
_KEEP = """
import json, sys
from pathlib import Path
from bot import startup_cache
from bot.db import make_engine
job = json.load(sys.stdin)
startup_cache.CACHE_DIR = Path(job["cache_dir"])
engine = make_engine(job["url"])
print("kept" if startup_cache.refresh(engine) else "not kept")
engine.dispose()
"""


@contextmanager
def refresh_lock(engine: Engine) -> Iterator[bool]:
    """Hold the refresh lock of `engine`'s records for the block if no one else holds it: yields
    True when held, False when another process (or thread) has it. PostgreSQL: a session-level
    advisory lock on a connection kept for the block (the server frees it if the process dies);
    SQLite on a file: an exclusive lock on a file beside it; in memory: a lock of this process."""
    if engine.dialect.name == "postgresql":
        with engine.connect() as conn:
            held = bool(conn.exec_driver_sql(_PG_TRY).scalar())
            conn.commit()  # no transaction left open while the refresh runs
            try:
                yield held
            finally:
                if held:
                    try:
                        conn.exec_driver_sql(_PG_UNLOCK)
                        conn.commit()
                    except Exception:
                        conn.invalidate()  # closing the session frees the lock
        return
    database = engine.url.database
    if not has_state_file(engine) or not database:
        held = _IN_MEMORY.acquire(blocking=False)
        try:
            yield held
        finally:
            if held:
                _IN_MEMORY.release()
        return
    import fcntl

    path = Path(database)
    with open(path.with_name(f"{path.stem}-refresh.lock"), "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


async def refresh_job(context: Any) -> None:
    """JobQueue callback (daily at REFRESH_AT): `Refresher.run` of the job's data, in the background."""
    in_background(context.job.data.run)


async def check_job(context: Any) -> None:
    """JobQueue callback (every CHECK_EVERY seconds): `Refresher.check`, in the background."""
    in_background(context.job.data.check)


def in_background(work: Callable[[], Any]) -> None:
    """Start `work` in a daemon thread and return: the event loop goes on answering, and stopping
    the bot mid-refresh does not wait for a download (an ingest cut short is rolled back, and the
    next refresh loads the file it kept)."""
    threading.Thread(target=work, name="schoolbot-refresh", daemon=True).start()
