"""Where the knowledge files are: the one place that locates knowledge/.

knowledge/ sits at the top of the repository and is installed as the package `bot.knowledge`
(pyproject.toml maps the folder), so `importlib.resources` finds it in a wheel install and, through
the editable finder, in the checkout itself (edits take effect without reinstalling).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path


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
