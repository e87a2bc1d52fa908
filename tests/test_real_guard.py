"""A test that reads the real folder without the `real` marker fails (tests/helpers/real_guard.py),
whether it opens a file there, lists it, runs a process on it or uses a real-folder fixture; a
marked test reads it freely. Each case runs in a pytest of its own, on a stand-in real folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from tests.helpers.paths import REPO_ROOT

CONFTEST = """
from tests.conftest import (_real_folder_only_with_the_marker, pytest_collection_modifyitems,
                            pytest_configure, real_data)
"""
READERS = """
import os, subprocess, sys
import pytest

REAL = os.environ["SCHOOLBOT_TEST_REAL_DATA"]

def test_opens():
    open(os.path.join(REAL, "gias.csv")).read()

def test_lists():
    os.listdir(REAL)

def test_runs_a_process_on_it():
    subprocess.run([sys.executable, "-c", "pass", REAL], check=True)

@pytest.mark.real
def test_marked_opens():
    open(os.path.join(REAL, "gias.csv")).read()

def test_reads_elsewhere(tmp_path):
    (tmp_path / "x.csv").write_text("URN")
    assert (tmp_path / "x.csv").read_text() == "URN"
"""


def run_pytest(folder: Path, test_file: str) -> subprocess.CompletedProcess:
    real = folder / "real"
    real.mkdir(exist_ok=True)
    (real / "gias.csv").write_text("URN\n1\n")
    (folder / "conftest.py").write_text(CONFTEST)
    (folder / "test_cases.py").write_text(test_file)
    env = {**os.environ, "PYTHONPATH": str(REPO_ROOT), "SCHOOLBOT_TEST_REAL_DATA": str(real)}
    return subprocess.run([sys.executable, "-m", "pytest", "-rA", "-p", "no:cacheprovider",
                           "test_cases.py"],
                          cwd=folder, env=env, capture_output=True, text=True, timeout=120, check=False)


def test_an_unmarked_test_that_reads_the_real_folder_fails(tmp_path):
    out = run_pytest(tmp_path, READERS).stdout
    for name in ("test_opens", "test_lists", "test_runs_a_process_on_it"):
        assert f"ERROR at teardown of {name} " in out, out
    for name in ("test_marked_opens", "test_reads_elsewhere"):
        assert f"ERROR at teardown of {name} " not in out, out
    # Each of the three fails with the reason (the summary repeats it in full where CI is set).
    assert out.count("Failed: read the real folder without the `real` marker") >= 3, out
    for read in (f"open {tmp_path}/real/gias.csv", f"os.listdir {tmp_path}/real",
                 f"subprocess.Popen {tmp_path}/real"):
        assert read in out, out
    assert re.search(r"\b5 passed\b.* 3 errors\b", out), out


def test_an_unmarked_test_using_a_real_folder_fixture_is_refused_at_collection(tmp_path):
    done = run_pytest(tmp_path, "def test_uses(real_data):\n    pass\n")
    assert done.returncode == 4, done.stdout + done.stderr  # a usage error: nothing runs
    assert "use the real folder without the `real` marker" in done.stderr
    assert "test_cases.py::test_uses" in done.stderr
