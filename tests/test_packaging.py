"""Packaging: the wheel works from any folder; the data folder is the checkout's data/ or the user's.

The wheel test builds the wheel, installs it into a fresh venv (dependencies from the package index
pip is configured with, at the versions of constraints.txt) and asks questions from another folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.demo import SCHOOLS
from bot.knowledge_files import knowledge_path, knowledge_root
from bot.settings import Settings

REPO_ROOT = Path(__file__).resolve().parent.parent
SETTINGS_ENV = ("DATABASE_URL", "DATA_DIR", "PYTHONPATH", "XDG_DATA_HOME")


def _knowledge_files() -> list[str]:
    """Every file of knowledge/ (relative), as a wheel must carry it."""
    root = REPO_ROOT / "knowledge"
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and "__pycache__" not in p.parts)


def _run(args: list, **kwargs) -> subprocess.CompletedProcess:
    result = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{args}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def wheel_install(tmp_path_factory):
    """(the built wheel, the `schoolbot` script of a fresh venv holding only the wheel and its deps)."""
    tmp = tmp_path_factory.mktemp("wheel")
    source = tmp / "source"  # a clean copy: no stale build/ of the checkout can fill the wheel
    shutil.copytree(REPO_ROOT, source, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "data", "*.egg-info", "__pycache__", ".pytest_cache"))
    _run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", source])
    wheel = next((tmp / "dist").glob("schoolbot-*.whl"))
    venv = tmp / "venv"
    _run([sys.executable, "-m", "venv", "--without-pip", venv])
    _run([sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "-q",
          "-c", REPO_ROOT / "constraints.txt", wheel])
    return wheel, venv / "bin" / "schoolbot"


def _elsewhere(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A folder that is not a checkout, and an environment whose user data folder is in tmp_path."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS_ENV}
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    return folder, env


@pytest.mark.slow
def test_the_wheel_carries_every_knowledge_file_and_the_licence(wheel_install):
    wheel, _ = wheel_install
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {f"bot/knowledge/{name}" for name in _knowledge_files()} <= names
    assert any(n.endswith(".dist-info/licenses/LICENSE") for n in names)
    metadata = zipfile.ZipFile(wheel).read(next(n for n in names if n.endswith(".dist-info/METADATA")))
    requires = [line for line in metadata.decode().splitlines() if line.startswith("Requires-Dist:")]
    assert "License-Expression: MIT" in metadata.decode()
    assert requires and not [r for r in requires if "pandas" in r]  # declared only where imported
    assert not any(n.startswith("knowledge/") for n in names)  # no top-level package named knowledge


SHIPPED_DATABASES = ("import importlib.metadata as m, json; print(json.dumps([str(f.locate().resolve()) "
                     "for d in m.distributions() for f in (d.files or []) if str(f).endswith('.db')]))")


@pytest.mark.slow
def test_the_installed_wheel_answers_from_another_folder(wheel_install, tmp_path):
    _, schoolbot = wheel_install
    folder, env = _elsewhere(tmp_path)

    explain = _run([schoolbot, "ask", "--json", "what is progress 8"], cwd=folder, env=env)
    answer = json.loads(explain.stdout)
    assert answer["intent"] == "explain" and answer["outcome"] == "answered"
    assert "Progress 8" in answer["text"]
    data = tmp_path / "xdg" / "schoolbot"
    assert f"Data folder: {data}" in explain.stderr and "user data folder" in explain.stderr
    assert (data / "schoolbot.db").is_file()

    school = next(s for s in SCHOOLS if s.is_open and s.ks4  # a name no other school shares a word of
                  and not any(o is not s and s.name.split()[0] in o.name for o in SCHOOLS))
    result = _run([schoolbot, "ask", "--json", f"how did {school.name} do in GCSEs?"], cwd=folder, env=env)
    answer = json.loads(result.stdout)
    assert answer["schools"] == [school.urn] and answer["demo"] is True
    assert answer["sources"], answer

    _run([schoolbot, "review", "--html", "report.html"], cwd=folder, env=env)
    assert "<title>Schoolbot question log review" in (folder / "report.html").read_text(encoding="utf-8")

    site = Path(_run([schoolbot.parent / "python", "-c", "import bot; print(bot.__file__)"],
                     cwd=folder, env=env).stdout.strip()).parent.parent
    shipped = json.loads(_run([schoolbot.parent / "python", "-c", SHIPPED_DATABASES], cwd=folder, env=env).stdout)
    written = [p for p in site.rglob("*.db") if str(p.resolve()) not in shipped]  # pyproj ships proj.db
    assert not written, "nothing is written inside site-packages"
    assert list(folder.iterdir()) == [folder / "report.html"]


def test_the_checkout_reads_its_own_knowledge_folder():
    """An editable install reads knowledge/ in place, so edits there take effect without reinstalling."""
    assert knowledge_root() == REPO_ROOT / "knowledge"
    assert knowledge_path("templates", "help.j2").is_file()


def test_the_data_folder_is_the_checkouts_data_or_the_users(tmp_path, monkeypatch):
    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))

    monkeypatch.chdir(REPO_ROOT)
    settings = Settings(_env_file=None)
    assert settings.data_dir == REPO_ROOT / "data" and settings.database_in_data_dir
    assert settings.database_url == f"sqlite:///{REPO_ROOT / 'data' / 'schoolbot.db'}"
    assert "this checkout's data/" in settings.data_dir_note()

    monkeypatch.chdir(tmp_path)
    settings = Settings(_env_file=None)
    assert settings.data_dir == tmp_path / "xdg" / "schoolbot"
    assert settings.downloads_dir == tmp_path / "xdg" / "schoolbot" / "downloads"
    assert "user data folder" in settings.data_dir_note()

    settings = Settings(_env_file=None, data_dir=tmp_path / "mine")
    assert settings.database_url == f"sqlite:///{tmp_path / 'mine' / 'schoolbot.db'}"
    assert "DATA_DIR" in settings.data_dir_note()

    settings = Settings(_env_file=None, data_dir=tmp_path / "mine", database_url="sqlite:///elsewhere.db")
    assert settings.database_url == "sqlite:///elsewhere.db" and not settings.database_in_data_dir


def test_a_command_on_the_default_database_says_where_the_data_folder_is(tmp_path, monkeypatch):
    from bot.settings import get_settings

    for name in SETTINGS_ENV:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATA_DIR", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    get_settings.cache_clear()
    try:
        default = CliRunner().invoke(main, ["stats", "--json"])
        explicit = CliRunner().invoke(main, ["stats", "--json", "--db", f"sqlite:///{tmp_path / 'x.db'}"])
    finally:
        get_settings.cache_clear()
    assert default.exit_code == 0, default.output
    assert f"Data folder: {tmp_path / 'data'} (DATA_DIR)" in default.stderr
    assert (tmp_path / "data" / "schoolbot.db").is_file()
    assert explicit.exit_code == 0 and "Data folder" not in explicit.stderr
