"""The command line imports what a command needs: no Alembic when the schema is current, no
other command's module, no PostgreSQL dialect on SQLite; Alembic still migrates a database whose
schema is behind."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from bot.cli import COMMAND_MODULES, main
from bot.db import _heads, alembic_config, is_current, make_engine

HEAVY = ("alembic", "mako", "sqlalchemy.dialects.postgresql", "psycopg", "bot.cli.data", "bot.cli.run",
         "bot.cli.log", "bot.ingest", "bot.fetch", "telegram")
PROBE = """
import json, sys
from bot.cli import main
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code
print(json.dumps({"code": code, "modules": [m for m in json.loads(HEAVY) if m in sys.modules]}))
"""


def _probe(data_dir, *args: str) -> dict:
    """Run the command line in a fresh interpreter: its exit code and which HEAVY modules it imported."""
    code = PROBE.replace("json.loads(HEAVY)", repr(list(HEAVY)))
    env = {**os.environ, "DATA_DIR": str(data_dir)}
    out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, timeout=120, env=env)
    return json.loads(out.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("demo_db_url", ["sqlite"], indirect=True)
@pytest.mark.parametrize("question", ["what is progress 8", "is Oakfield Junior any good"])
def test_ask_on_a_current_sqlite_database_imports_only_what_it_needs(demo_db_url, question, tmp_path):
    assert is_current(make_engine(demo_db_url))
    result = _probe(tmp_path, "ask", "--db", demo_db_url, question)
    assert result == {"code": 0, "modules": []}


@pytest.mark.parametrize("demo_db_url", ["postgresql"], indirect=True)
def test_ask_on_postgresql_does_not_import_alembic_either(demo_db_url, tmp_path):
    result = _probe(tmp_path, "ask", "--db", demo_db_url, "what is progress 8")
    assert result["code"] == 0
    assert not {"alembic", "mako", "bot.cli.data", "bot.cli.run", "bot.cli.log"} & set(result["modules"])


def test_a_database_behind_the_schema_is_migrated_by_alembic(db_url, tmp_path):
    from alembic import command

    engine = make_engine(db_url)
    command.downgrade(alembic_config(engine), "-1")  # as last opened by the release before the newest
    assert not is_current(engine)
    result = _probe(tmp_path, "ask", "--db", db_url, "what is progress 8")
    assert result["code"] == 0 and "alembic" in result["modules"]
    assert is_current(engine)
    engine.dispose()


def test_the_newest_revisions_are_read_as_alembic_reads_them(tmp_path):
    from alembic.script import ScriptDirectory

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    assert _heads() == frozenset(ScriptDirectory.from_config(alembic_config(engine)).get_heads())


def test_every_command_is_found_and_listed():
    listed = {name for names in COMMAND_MODULES.values() for name in names}
    added = {command.name for module in COMMAND_MODULES
             for command in importlib.import_module(module).COMMANDS}
    assert listed == added, "COMMAND_MODULES in bot/cli/group.py must name each module's commands"
    help_text = CliRunner().invoke(main, ["--help"]).output
    assert all(f"  {name} " in help_text for name in listed)
