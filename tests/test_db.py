from sqlalchemy import inspect

from bot.db import is_empty, migrate
from tests.helpers.wait import wait_until


def test_migrations_create_schema_and_are_idempotent(engine):
    migrate(engine)  # a second run changes nothing
    tables = set(inspect(engine).get_table_names())
    assert {"schools", "figures", "inspections", "school_links", "postcodes"} <= tables
    assert is_empty(engine)


def _fill(engine) -> None:
    """About 2,000 pages of writes: twice what would make a write checkpoint by itself."""
    with engine.begin() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x TEXT)")
    for _ in range(30):
        with engine.begin() as conn:
            conn.exec_driver_sql("INSERT INTO t SELECT hex(randomblob(2000)) FROM "
                                 "(WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n "
                                 "WHERE i < 64) SELECT i FROM n)")


def test_sqlite_writes_never_checkpoint_by_themselves(tmp_path):
    """A write never copies the write-ahead log into the database file itself (that stalls the
    question that happens to fill it)."""
    from bot.db import checkpoint_in_background, make_engine

    db = tmp_path / "cp.db"
    engine = make_engine(f"sqlite:///{db}")
    assert checkpoint_in_background(engine, every_s=3600)  # the thread will not run in this test
    _fill(engine)
    assert db.stat().st_size < 100_000, "no write checkpointed by itself"
    assert (tmp_path / "cp.db-wal").stat().st_size > 7_000_000
    engine.dispose()


def test_sqlite_checkpoints_run_in_the_background(tmp_path):
    """The background thread copies the log into the database file, soon after the writes."""
    from bot.db import checkpoint_in_background, make_engine

    db = tmp_path / "cp.db"
    engine = make_engine(f"sqlite:///{db}")
    assert checkpoint_in_background(engine, every_s=0.2)
    _fill(engine)
    # the whole log in the file, not its first change of size; the deadline only bounds a failure
    assert wait_until(lambda: db.stat().st_size > 7_000_000, timeout=60), (
        f"the background thread did not copy the log into the file ({db.stat().st_size} bytes)")
    engine.dispose()


def test_no_background_checkpoints_where_there_is_no_sqlite_file():
    from bot.db import checkpoint_in_background, make_engine

    assert not checkpoint_in_background(make_engine("sqlite://"))
    assert not checkpoint_in_background(make_engine("postgresql://root@127.0.0.1:5432/test"))
