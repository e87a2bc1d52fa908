"""Cell parsing: numbers, percentages, published status codes, dates."""

from __future__ import annotations

import math
import re
from datetime import date
from math import isfinite
from typing import NamedTuple

# DfE performance-table codes and EES/GSS symbols: a reason why there is no number.
STATUS_CODES = frozenset(
    "SUPP NE NP NA LOWCOV NEW SP RE UNAVAIL DNS NR LOW x c z u low :".split()
)
_NUMBER = re.compile(r"^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$")


class Cell(NamedTuple):
    """A parsed cell: exactly one of value / status, plus an optional text label."""

    value: float | None = None
    status: str | None = None
    text: str | None = None


def parse_number(raw: str) -> float | None:
    """'78%' -> 78.0, '1,234' -> 1234.0, '-0.03' -> -0.03; anything else -> None."""
    s = raw.strip()
    if s.endswith("%"):
        s = s[:-1].rstrip()
    try:
        number = float(s)
    except ValueError:
        if "," not in s or not _NUMBER.match(s.replace(",", "")):
            return None
        number = float(s.replace(",", ""))
    if not math.isfinite(number) or "_" in s:
        return None
    return number


def parse_cell(raw: str | None) -> Cell | str | None:
    """None for a blank cell, a Cell for a number or status code, else the unreadable text."""
    if not raw:
        return None
    first = raw[0]
    if first.isdigit() or first == "-" or first == ".":  # fast path: most cells are plain numbers
        try:
            number = float(raw)
        except ValueError:
            pass
        else:
            if isfinite(number) and "_" not in raw:
                return Cell(number)
    s = raw.strip()
    if not s:
        return None
    if s in STATUS_CODES:
        return Cell(status=s)
    value = parse_number(s)
    if value is not None:
        return Cell(value=value)
    return s


_TIME = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"  # a midnight time some exports add
_DATE_FORMATS = (
    re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})" + _TIME),  # dd-mm-yyyy, dd/mm/yyyy
    re.compile(r"^(\d{4})-(\d{2})-(\d{2})" + _TIME),  # yyyy-mm-dd
)


def parse_date(raw: str | None) -> date | None:
    """dd-mm-yyyy, dd/mm/yyyy or ISO (a time after it allowed); None for blank, NULL or nonsense."""
    if not raw:
        return None
    s = raw.strip()
    m = _DATE_FORMATS[0].match(s)
    try:
        if m:
            return date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        m = _DATE_FORMATS[1].match(s)
        if m:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None
    return None


def clean_text(raw: str | None, *, nulls: frozenset[str] = frozenset({"NULL"})) -> str | None:
    """Stripped text, or None when blank or a null marker."""
    if raw is None:
        return None
    s = raw.strip()
    return None if not s or s in nulls else s
