"""Engine, sessions and schema migrations (Alembic) for SQLite and PostgreSQL.

On SQLite the records (schools, figures, ...) and the bot's own state (the question log,
conversation context and local answers) live in two files, `schoolbot.db` and
`schoolbot-state.db` beside it, derived from the one DATABASE_URL: every connection attaches the
state file as schema `state`, so queries name tables as before (SQLite finds a table in `main`
first, then in `state`). An
ingest's long write transaction then locks only the records file, which readers in WAL mode go on
reading, while answers write their log rows and context to the state file. The state file's
tables are created from the models whenever they are missing (a new or deleted state file), so a
migration that changes them must also accept a state file already at the newest schema. On
PostgreSQL everything stays in one database (MVCC lets readers and writers proceed).
"""

from __future__ import annotations

import ast
import logging
import os
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import URL, Engine, MetaData, create_engine, event, inspect, make_url
from sqlalchemy.dialects import sqlite
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.schema import CreateIndex, CreateTable

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
VERSIONS_DIR = MIGRATIONS_DIR / "versions"
CHECKPOINT_EVERY_S = 1.0
STATE = "state"  # the schema name the state file is attached as
STATE_TABLES = ("question_log", "question_log_schools", "conversations", "local_answers")

log = logging.getLogger(__name__)
_CHECKPOINTED: weakref.WeakSet[Engine] = weakref.WeakSet()


def normalise_url(url: str) -> str:
    """Accept `postgres://` and `postgresql://` URLs and use the psycopg 3 driver."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def state_path(records: str | Path) -> Path:
    """The state file beside a SQLite records file: data/schoolbot.db -> data/schoolbot-state.db."""
    path = Path(records)
    return path.with_name(f"{path.stem}-state{path.suffix}")


def make_engine(url: str) -> Engine:
    """An engine for `url`; SQLite gets WAL, a busy timeout and its state file attached (see the
    module docstring), its folder created."""
    url = normalise_url(url)
    if url.startswith("sqlite"):
        path = _sqlite_file(make_url(url))
        state = None
        if path:
            Path(path).parent.mkdir(parents=True, exist_ok=True)
            state = str(state_path(path))
        engine = create_engine(url, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            if state is not None:
                try:
                    cur.execute(f"ATTACH DATABASE ? AS {STATE}", (state,))
                    cur.execute(f"PRAGMA {STATE}.journal_mode=WAL")
                    cur.execute(f"PRAGMA {STATE}.synchronous=NORMAL")
                    _ensure_state_tables(cur)
                except sqlite3.Error as exc:  # the records can still be read and answered from
                    log.error("the state file %s is unavailable (%s): questions are not logged "
                              "and conversations not kept", state, exc)
            cur.close()

        return engine
    # A short connect timeout: an unreachable host must not stall an answer for minutes.
    return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})


def _sqlite_file(url: URL) -> str | None:
    """The database file of a SQLite URL; None for PostgreSQL and in-memory databases."""
    database = url.database if url.get_backend_name() == "sqlite" else None
    return database if database and database != ":memory:" and not database.startswith("file:") else None


def has_state_file(engine: Engine) -> bool:
    """True when the engine keeps the bot's state in a file of its own (SQLite on a file)."""
    return _sqlite_file(engine.url) is not None


@lru_cache
def _state_ddl() -> tuple[str, ...]:
    """CREATE statements for the state tables in the attached state file (from the models)."""
    import bot.questionlog.models  # noqa: F401  (the question log tables join Base.metadata)
    from bot.models import Base

    dialect = sqlite.dialect()
    meta = MetaData()
    out = []
    for name in STATE_TABLES:
        table = Base.metadata.tables[name].to_metadata(meta, schema=STATE)
        out.append(str(CreateTable(table, if_not_exists=True).compile(dialect=dialect)))
        out += [str(CreateIndex(index, if_not_exists=True).compile(dialect=dialect))
                for index in sorted(table.indexes, key=lambda i: i.name or "")]
    return tuple(out)


def _ensure_state_tables(cur) -> None:
    """Create the state tables in a new (or emptied) state file; reads only when they exist."""
    have = {row[0] for row in cur.execute(f"SELECT name FROM {STATE}.sqlite_master WHERE type = 'table'")}
    if have.issuperset(STATE_TABLES):
        return
    for ddl in _state_ddl():
        cur.execute(ddl)


def alembic_config(engine: Engine):
    """Alembic's configuration for `engine` (imports Alembic)."""
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def migrate(engine: Engine) -> None:
    """Bring the schema up to the newest migration (idempotent). A database already at the
    newest migration is only read (its alembic_version row): Alembic is imported, and run, only
    when the schema is behind."""
    if is_current(engine):
        return
    from alembic import command

    command.upgrade(alembic_config(engine), "head")


def is_current(engine: Engine) -> bool:
    """True when the database's alembic_version names exactly the newest migrations."""
    heads = _heads()
    if not heads:
        return False
    try:
        with engine.connect() as conn:
            have = {row[0] for row in conn.exec_driver_sql("SELECT version_num FROM alembic_version")}
    except Exception:  # no version table yet (a new database), or no database to read: migrate
        return False
    return have == heads


@lru_cache
def _heads() -> frozenset[str]:
    """The newest revisions of bot/migrations/versions, read from the files' `revision` and
    `down_revision` (without importing Alembic); empty when a file cannot be read so."""
    revisions: set[str] = set()
    parents: set[str] = set()
    for path in VERSIONS_DIR.glob("*.py"):
        found = {}
        try:
            for node in ast.parse(path.read_bytes()).body:
                target: ast.expr
                if isinstance(node, ast.AnnAssign):
                    target, value = node.target, node.value
                elif isinstance(node, ast.Assign) and len(node.targets) == 1:
                    target, value = node.targets[0], node.value
                else:
                    continue
                if isinstance(target, ast.Name) and target.id in ("revision", "down_revision") and value:
                    found[target.id] = ast.literal_eval(value)
        except (OSError, SyntaxError, ValueError):
            return frozenset()
        if not isinstance(found.get("revision"), str):
            return frozenset()
        revisions.add(found["revision"])
        down = found.get("down_revision")
        parents.update([down] if isinstance(down, str) else down or ())
    return frozenset(revisions - parents)


def is_empty(engine: Engine) -> bool:
    """True when no school has been loaded (or the schema does not exist yet)."""
    if "schools" not in inspect(engine).get_table_names():
        return True
    with engine.connect() as conn:
        return conn.exec_driver_sql("SELECT 1 FROM schools LIMIT 1").first() is None


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session committed on success and rolled back on any error."""
    session = sessionmaker(engine, expire_on_commit=False)()
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def checkpoint_in_background(engine: Engine, every_s: float = CHECKPOINT_EVERY_S) -> bool:
    """Keep SQLite's write-ahead-log checkpoints out of the answers (for a process that answers).

    By default the write that fills the WAL to 1,000 pages copies it into the database file,
    so one question in a few hundred waits several ms for it. Here the engine's connections do
    not checkpoint; a daemon thread does, every `every_s` seconds, while the engine lives
    (SQLite runs it without holding Python's GIL). True when started; nothing to do for
    PostgreSQL, an in-memory database or an engine that has its thread already.
    """
    path = engine.url.database if engine.dialect.name == "sqlite" else None
    if not path or path == ":memory:" or engine in _CHECKPOINTED:
        return False
    _CHECKPOINTED.add(engine)  # one thread per engine, however many bots share it

    @event.listens_for(engine, "connect")
    def _no_auto_checkpoint(dbapi_conn, _record):  # pragma: no cover - trivial
        dbapi_conn.execute("PRAGMA wal_autocheckpoint=0")

    engine.dispose()  # connections opened before this point checkpoint by themselves
    ref = weakref.ref(engine)
    threading.Thread(target=_checkpoint_loop, args=(ref, path, every_s), daemon=True,
                     name="sqlite-checkpoint").start()
    return True


def _checkpoint_loop(ref: weakref.ref, path: str, every_s: float) -> None:
    while True:
        time.sleep(every_s)
        if not _checkpoint_once(ref, f"{path}-wal"):
            return


def _checkpoint_once(ref: weakref.ref, wal: str) -> bool:
    """One passive checkpoint; False once the engine is gone (the loop ends with it)."""
    engine = ref()
    if engine is None:
        return False
    if os.path.exists(wal):  # else nothing was written yet (and no database file is created)
        try:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(PASSIVE)")
        except Exception as exc:  # a busy or vanished file: the next round tries again
            log.debug("WAL checkpoint skipped: %s", exc)
    return True
