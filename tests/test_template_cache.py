"""The answer templates' compiled code is kept between runs (bot.template_cache), and a folder
that cannot be used never stops a template from rendering."""

from __future__ import annotations

import shutil
import tempfile

import pytest
from jinja2 import Environment, FileSystemLoader

from bot import render
from bot.template_cache import template_cache

NAMES = sorted(p.name for p in render.TEMPLATES.glob("*.j2"))


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """The temporary folder jinja2 keeps compiled templates under, for this test only; each
    start (`_start`) makes the templates' Environment afresh, as a new process does."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path / "tmp"))
    (tmp_path / "tmp").mkdir()
    render._env.cache_clear()
    yield tmp_path / "tmp"
    render._env.cache_clear()


def _start(monkeypatch) -> int:
    """What a start does with the templates (render.warm_up): how many it compiled."""
    render._env.cache_clear()
    compiled = []
    compile_ = Environment.compile

    def counting(self, *args, **kwargs):
        compiled.append(args)
        return compile_(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    render.warm_up()
    monkeypatch.setattr(Environment, "compile", compile_)
    return len(compiled)


def test_a_second_start_compiles_no_template(private_tmp, monkeypatch):
    assert NAMES
    assert _start(monkeypatch) == len(NAMES)
    assert _start(monkeypatch) == 0


def test_no_usable_folder_means_compiling_as_before(private_tmp, monkeypatch):
    blocker = private_tmp / "a-file"
    blocker.write_text("")
    monkeypatch.setattr(tempfile, "tempdir", str(blocker))  # no folder can be made under a file
    assert template_cache() is None
    assert _start(monkeypatch) == len(NAMES)
    assert _start(monkeypatch) == len(NAMES)


def test_a_folder_that_vanishes_never_stops_a_template(private_tmp):
    env = render._env()  # the folder is made
    shutil.rmtree(private_tmp)  # e.g. a temporary-files cleaner, while the bot runs
    render.warm_up()  # every template compiled, none kept
    assert [env.get_template(name) for name in NAMES] and not private_tmp.exists()


def test_a_changed_template_is_compiled_again(private_tmp, tmp_path):
    folder = tmp_path / "templates"
    folder.mkdir()
    (folder / "t.j2").write_text("{{ a }} and {{ b }}\n")

    def compiles() -> int:
        env = Environment(loader=FileSystemLoader(str(folder)), bytecode_cache=template_cache())
        seen = []
        compile_ = env.compile
        env.compile = lambda *a, **k: seen.append(a) or compile_(*a, **k)
        env.get_template("t.j2").render(a=1, b=2)
        return len(seen)

    assert [compiles(), compiles()] == [1, 0]
    (folder / "t.j2").write_text("{{ b }} then {{ a }}\n")
    assert [compiles(), compiles()] == [1, 0]
