from sqlalchemy import inspect

from bot.db import is_empty, migrate


def test_migrations_create_schema_and_are_idempotent(engine):
    migrate(engine)  # a second run changes nothing
    tables = set(inspect(engine).get_table_names())
    assert {"schools", "figures", "inspections", "school_links", "postcodes"} <= tables
    assert is_empty(engine)
