"""Shared fixtures: a fresh, migrated database on SQLite and on PostgreSQL; the real folder.

PostgreSQL tests use the server on 127.0.0.1:5432 (database `test`, override with
SCHOOLBOT_TEST_POSTGRES_URL); each test gets its own schema, dropped afterwards. Tests that read
the real folder (../shared/data/real, override with SCHOOLBOT_TEST_REAL_DATA) carry the `real`
marker, checked by tests/helpers/real_guard.py; `real` and `slow` tests get a longer timeout.
Helpers shared by test modules live in tests/helpers/ (imported as `tests.helpers.…`).
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.db import make_engine, migrate, state_path
from tests.helpers.paths import REAL_DATA, REPO_ROOT
from tests.helpers.real_guard import RealFolderGuard, unmarked_users

ABSENT = (f"real data folder {REAL_DATA} is absent (it sits beside the repository; "
          "SCHOOLBOT_TEST_REAL_DATA points elsewhere)")
SLOW_TIMEOUT_S = 900  # `real` and `slow` tests (the default, in pyproject.toml, is for the rest)
POSTGRES_URL = os.environ.get(
    "SCHOOLBOT_TEST_POSTGRES_URL", "postgresql+psycopg://root@127.0.0.1:5432/test"
)


def _postgres_available() -> bool:
    try:
        with create_engine(POSTGRES_URL).connect() as conn:
            conn.execute(text("SELECT 1"))
        return True
    except Exception:
        return False


_GUARD = pytest.StashKey[RealFolderGuard]()


def pytest_configure(config):
    config.stash[_GUARD] = RealFolderGuard(REAL_DATA)


def pytest_collection_modifyitems(config, items):
    unmarked = unmarked_users(items)
    if unmarked:
        raise pytest.UsageError("these tests use the real folder without the `real` marker:\n  "
                                + "\n  ".join(unmarked))
    for item in items:
        if (item.get_closest_marker("real") or item.get_closest_marker("slow")) \
                and item.get_closest_marker("timeout") is None:
            item.add_marker(pytest.mark.timeout(SLOW_TIMEOUT_S))


@pytest.fixture(autouse=True)
def _real_folder_only_with_the_marker(request):
    """An unmarked test that opens, lists or runs anything in the real folder fails."""
    if request.node.get_closest_marker("real"):
        yield
        return
    guard = request.config.stash[_GUARD]
    guard.start()
    yield
    reads = guard.stop()
    if reads:
        pytest.fail("read the real folder without the `real` marker:\n  " + "\n  ".join(reads[:5]))


@pytest.fixture(autouse=True)
def _spool_in_tmp(tmp_path, monkeypatch):
    """The question log's spool for a database that is not a local file (PostgreSQL) goes to
    data/spool/ in the checkout; in tests, to the test's folder."""
    monkeypatch.setattr("bot.questionlog.spool.SPOOL_DIR", tmp_path / "spool")


@pytest.fixture(autouse=True, scope="session")
def _startup_cache_in_tmp(tmp_path_factory):
    """Likewise the start-up cache of a database that is not a local file (data/cache/ in the
    checkout): in tests, to the session's folder (from the first fixture on, module-wide ones too)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("bot.startup_cache.CACHE_DIR", tmp_path_factory.mktemp("startup-cache"))
        yield


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real official files beside the repository, or skip."""
    if not REAL_DATA.is_dir():
        pytest.skip(ABSENT)
    return REAL_DATA


@contextmanager
def fresh_database(kind: str, folder: Path) -> Iterator[str]:
    """The URL of an empty, migrated database of `kind` (sqlite | postgresql), removed afterwards.

    PostgreSQL databases are schemas of their own on the test server; when it is unreachable the
    test skips (and fails under CI, where it must be up).
    """
    if kind == "sqlite":
        url = f"sqlite:///{folder / f'test-{uuid.uuid4().hex[:8]}.db'}"
        migrate(make_engine(url))
        yield url
        return
    if not _postgres_available():
        if os.environ.get("CI"):
            pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}")
        pytest.skip(f"PostgreSQL is not reachable at {POSTGRES_URL}")
    schema = f"t_{uuid.uuid4().hex[:12]}"
    admin = create_engine(POSTGRES_URL)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    sep = "&" if "?" in POSTGRES_URL else "?"
    url = f"{POSTGRES_URL}{sep}options=-csearch_path%3D{schema}"
    engine = make_engine(url)
    migrate(engine)
    engine.dispose()
    try:
        yield url
    finally:
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A URL of an empty, migrated database; the test runs once per back-end."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def demo_db_url(request, tmp_path_factory):
    """A database holding the fictional demo data, shared by one test module, per back-end."""
    from bot.demo import ensure_data

    with fresh_database(request.param, tmp_path_factory.mktemp("demo")) as url:
        engine = make_engine(url)
        ensure_data(engine)
        engine.dispose()
        yield url


@pytest.fixture
def engine(db_url):
    """An engine on the per-test database."""
    eng = make_engine(db_url)
    yield eng
    eng.dispose()


def _real_db_key() -> str:
    """A hash of everything a real-folder ingest depends on: ingest code, schema, column map, data."""
    import hashlib

    digest = hashlib.sha256()
    sources = [*sorted((REPO_ROOT / "bot" / "ingest").rglob("*.py")),
               *sorted((REPO_ROOT / "bot" / "migrations").rglob("*.py")),
               REPO_ROOT / "bot" / "models.py", REPO_ROOT / "bot" / "db.py",
               REPO_ROOT / "knowledge" / "columns.yaml"]
    for path in sources:
        digest.update(path.read_bytes())
    for path in sorted(REAL_DATA.rglob("*")):
        if path.is_file():
            stat = path.stat()
            digest.update(f"{path.relative_to(REAL_DATA)}:{stat.st_size}:{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:16]


def _ingest_real(url: str) -> None:
    from bot.ingest import ingest_paths

    engine = make_engine(url)
    migrate(engine)
    ingest_paths(engine, [REAL_DATA])
    if url.startswith("sqlite"):  # everything into the main file, so that it can be copied
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def real_db_url(request, tmp_path_factory):
    """A URL of a database holding the whole real folder, ingested once per back-end (H1).

    Read-only for tests: never write to it. The SQLite file is built once per version of the
    ingest code and data (kept in the pytest cache) and copied; PostgreSQL gets its own schema,
    dropped at the end of the session.
    """
    import shutil

    if not REAL_DATA.is_dir():
        pytest.skip(ABSENT)
    folder = tmp_path_factory.mktemp("real")
    if request.param == "postgresql":
        with fresh_database("postgresql", folder) as url:
            _ingest_real(url)
            yield url
        return
    target = folder / "real.db"
    cache = getattr(request.config, "cache", None)
    if cache is None:
        _ingest_real(f"sqlite:///{target}")
    else:
        cached = cache.mkdir("real-db") / f"{_real_db_key()}.db"
        if not cached.exists():
            building = cached.with_name(f"{cached.stem}.{uuid.uuid4().hex[:8]}.tmp")
            _ingest_real(f"sqlite:///{building}")
            for old in cached.parent.glob("*.db"):
                old.unlink(missing_ok=True)
            os.replace(building, cached)
            state = state_path(building)  # the (empty) state file: not part of the cache
            for leftover in (state, Path(f"{state}-wal"), Path(f"{state}-shm")):
                leftover.unlink(missing_ok=True)
        shutil.copyfile(cached, target)
    yield f"sqlite:///{target}"
