"""knowledge/columns.yaml: official column names -> canonical measure ids, and lookup tables."""

from __future__ import annotations

from fnmatch import fnmatch
from functools import lru_cache
from typing import Any

from bot.knowledge_files import knowledge


def config() -> dict[str, Any]:
    """The parsed columns.yaml."""
    return knowledge("columns")


def norm(name: str) -> str:
    """A column name as compared with the lists here: lower case, spaces collapsed."""
    return " ".join(name.split()).lower()


@lru_cache
def vocabulary(name: str) -> frozenset[str]:
    """The codes of vocabulary `name` (columns.yaml `vocabularies`), lower-cased."""
    return frozenset(str(code).lower() for code in config()["vocabularies"][name])


@lru_cache
def free_text(kind: str) -> frozenset[str]:
    """Columns of a `kind` of file documented as free text (columns.yaml `free_text`), normalised."""
    return frozenset(norm(name) for name in config()["free_text"].get(kind) or [])


@lru_cache
def null_markers(kind: str) -> frozenset[str]:
    """Cells that mean "no value" in a `kind` of file: blank, plus columns.yaml `null_markers`."""
    return frozenset({"", *(config()["null_markers"].get(kind) or [])})


def na_is_blank(file_name: str) -> bool:
    """True for a file whose NA cells mean "missing" (columns.yaml `na_is_blank`)."""
    return any(fnmatch(file_name, pattern) for pattern in config().get("na_is_blank", []))


def measure_columns(section: str, index: dict[str, int], *, upper: bool = True) -> list[tuple[str, int]]:
    """(measure id, column position) for each measure of `section` whose alias is in the header."""
    found = []
    for measure, aliases in config()[section]["measures"].items():
        for alias in aliases:
            key = alias.upper() if upper else alias
            if key in index:
                found.append((measure, index[key]))
                break
    return found


def text_measures(section: str) -> frozenset[str]:
    """Measures of `section` that carry a published label."""
    return frozenset(config()[section].get("text") or [])


def gias_columns(header_index: dict[str, int]) -> dict[str, int]:
    """School field -> column position for a GIAS extract's header."""
    out = {}
    for field, aliases in config()["gias"].items():
        for alias in aliases:
            if alias in header_index:
                out[field] = header_index[alias]
                break
    return out
