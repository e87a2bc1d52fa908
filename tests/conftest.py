"""Shared fixtures: a fresh, migrated database on SQLite and on PostgreSQL.

PostgreSQL tests use the server on 127.0.0.1:5432 (database `test`, override with
SCHOOLBOT_TEST_POSTGRES_URL); each test gets its own schema, dropped afterwards.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from bot.db import make_engine, migrate

REPO_ROOT = Path(__file__).resolve().parent.parent
REAL_DATA = REPO_ROOT.parent / "shared" / "data" / "real"
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


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The folder of real official files beside the repository, or skip."""
    if not REAL_DATA.is_dir():
        pytest.skip(f"real data folder {REAL_DATA} is absent (it sits beside the repository)")
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
