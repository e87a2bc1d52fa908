"""the bot's own state (question log, conversations) moves to its own file on SQLite

On SQLite the state tables live in the state file attached as `state` (see bot.db), which
creates them; this moves any rows from the records file there and drops the records file's
copies, so an ingest's write lock never holds up a question being logged. PostgreSQL and an
in-memory SQLite database keep everything in one place: nothing to do.

Revision ID: 0003
Revises: 0002
"""
from alembic import op

from bot.db import STATE, STATE_TABLES, has_state_file

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def _tables(bind, schema: str) -> set[str]:
    rows = bind.exec_driver_sql(f"SELECT name FROM {schema}.sqlite_master WHERE type = 'table'")
    return {name for (name,) in rows}


def _columns(bind, schema: str, table: str) -> str:
    rows = bind.exec_driver_sql(f'PRAGMA {schema}.table_info("{table}")')
    return ", ".join(f'"{row[1]}"' for row in rows)


def upgrade() -> None:
    bind = op.get_bind()
    if not has_state_file(bind.engine):
        return
    for table in set(STATE_TABLES) & _tables(bind, "main"):
        cols = _columns(bind, "main", table)
        bind.exec_driver_sql(
            f'INSERT OR IGNORE INTO {STATE}."{table}" ({cols}) SELECT {cols} FROM main."{table}"')
        bind.exec_driver_sql(f'DROP TABLE main."{table}"')


def downgrade() -> None:
    bind = op.get_bind()
    if not has_state_file(bind.engine):
        return
    for table in STATE_TABLES:
        ddl = bind.exec_driver_sql(
            f"SELECT sql FROM {STATE}.sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL "
            "ORDER BY type DESC", (table,)).scalars().all()  # the table before its indexes
        for statement in ddl:
            bind.exec_driver_sql(statement)  # unqualified: created in main
        cols = _columns(bind, STATE, table)
        bind.exec_driver_sql(f'INSERT INTO main."{table}" ({cols}) SELECT {cols} FROM {STATE}."{table}"')
        bind.exec_driver_sql(f'DELETE FROM {STATE}."{table}"')
