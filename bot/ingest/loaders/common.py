"""Helpers shared by loaders: a row's figures, gender and type codes, minimal school rows, the
file's year."""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from typing import Any

from bot.ingest import years
from bot.ingest.cells import Row
from bot.ingest.columns import config
from bot.ingest.context import LoadContext
from bot.ingest.figures import figure_cell
from bot.ingest.values import Cell, clean_text

POSTCODE = re.compile(r"([A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2})\s*$", re.I)


_STREET = re.compile(
    r"\d|\b(road|rd|street|st|lane|ln|avenue|ave|way|drive|close|crescent|grove|place|terrace|"
    r"walk|mews|court|gardens|square|parade|row|campus|estate|house|building|centre|school|unit)\.?$",
    re.I,
)


def locality(*lines: str | None) -> str | None:
    """The village or district among the middle lines of an address ("Odiham" in "West Street,
    Odiham, Hook"): the last line that does not look like a street, building or postcode line
    (a street's words would otherwise pass for a place when matching school names)."""
    for line in reversed([clean_text(x) for x in lines]):
        if line and not _STREET.search(line) and not POSTCODE.search(line) and "," not in line:
            return line
    return None


def religion(raw: str | None) -> str | None:
    """A school's religious character as published; 'Denomination unclassified' -> None."""
    value = clean_text(raw)
    return None if value and "unclassified" in value.lower() else value


def gender(row: Row, col: int | None) -> str | None:
    """A school's gender of entry ('MIXED', 'Girls', ...: the `gender` codes) as GIAS writes it
    ('Mixed', 'Girls', 'Boys'); None when blank, not applicable or unclassified."""
    value = (row.code(col, "gender") or "").capitalize()
    return value if value in ("Mixed", "Girls", "Boys") else None


def row_figures(ctx: LoadContext, row: Row, measures: list[tuple[str, int]],
                texts: Collection[str] = ()) -> Iterator[tuple[str, Cell]]:
    """The figures of one row as (measure, Cell): blanks left out, NA read as blank where the
    file writes missing values so; a value that is not a figure is an error (see figure_cell)."""
    for measure, col in measures:
        value = figure_cell(row, col, measure, text_measure=measure in texts, result=ctx.result,
                            na_blank=ctx.na_blank)
        if value is not None:
            yield measure, value


def type_name(row: Row, col: int | None) -> str | None:
    """The type of school from a performance table's NFTYPE code (columns.yaml `nftype`)."""
    code = row.code(col, "nftype")
    return config()["nftype"].get(code, code) if code else None


def admissions_policy(row: Row, index: dict[str, int]) -> str | None:
    """The admissions policy a performance table or EES file gives (columns.yaml
    `admissions_policy_columns`, the first present), in GIAS's words; None when it says nothing."""
    cfg = config()
    col = next((index[c] for c in cfg["admissions_policy_columns"] if c in index), None)
    value = row.value(col)
    if value is None:
        return None
    codes = {str(k).lower(): v for k, v in cfg["admissions_policy_codes"].items()}
    if value.lower() not in codes:
        row.fail(col, f"{value[:40]!r} is not an admissions policy code of knowledge/columns.yaml "
                      "admissions_policy_codes")
    return codes[value.lower()]


def phase_from_ages(low: int | None, high: int | None) -> str | None:
    """A GIAS-style phase from the statutory age range, for schools GIAS has not supplied."""
    if low is None or high is None:
        return None
    if low >= 16:
        return "16 plus"
    if low <= 7 and high >= 14:
        return "All-through"
    if high <= 12:
        return "Primary"
    if low >= 9:
        return "Secondary"
    return None


def minimal_school(**fields: Any) -> dict[str, Any]:
    """A School row for a URN that GIAS has not supplied (GIAS wins when it arrives); without a
    published phase, the phase follows the age range."""
    row = {k: v for k, v in fields.items() if v is not None}
    row.setdefault("is_open", True)
    if "phase" not in row:
        phase = phase_from_ages(row.get("low_age"), row.get("high_age"))
        if phase:
            row["phase"] = phase
    return row


def file_year(ctx: LoadContext, kind: str, index: dict[str, int], national_rows: list[list[str]]) -> int | None:
    """Year from the file name, else from the national figures."""
    return years.from_name(ctx.path.name) or years.from_national(kind, index, national_rows)

