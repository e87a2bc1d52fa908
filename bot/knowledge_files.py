"""knowledge/: where it is (the one place that locates it) and its YAML files, each parsed once.

knowledge/ sits at the top of the repository and is installed as the package `bot.knowledge`
(pyproject.toml maps the folder), so `importlib.resources` finds it in a wheel install and, through
the editable finder, in the checkout itself (edits take effect without reinstalling).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


@lru_cache
def knowledge_root() -> Path:
    """The knowledge folder. A checkout whose editable install predates the `bot.knowledge`
    mapping (or that runs with PYTHONPATH=.) uses the knowledge/ beside bot/."""
    try:
        return Path(str(resources.files("bot.knowledge")))  # pip installs packages unpacked: a real folder
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / "knowledge"


def knowledge_path(*parts: str) -> Path:
    """A file or folder of knowledge/, e.g. knowledge_path("columns.yaml"), knowledge_path("templates")."""
    return knowledge_root().joinpath(*parts)


@lru_cache
def knowledge(name: str) -> dict[str, Any]:
    """knowledge/<name>.yaml parsed, once per process, e.g. knowledge("measures"). Every reader
    shares the one copy: read it, never change it."""
    return read_yaml(knowledge_path(f"{name}.yaml")) or {}


def read_yaml(path: Path) -> Any:
    """A YAML file parsed with the safe loader (libyaml's when available)."""
    with open(path, encoding="utf-8") as fh:
        return yaml.load(fh, Loader=_LOADER)  # noqa: S506 - a safe loader
