"""Typed reading of one row's cells: every value a loader keeps is read here as a URN, a whole
number, a number, a date, a code of a vocabulary, a figure or documented free text, and a value
that cannot be read so is an `IngestError` naming the file, line and column."""

from __future__ import annotations

import re
import datetime as dt
from typing import TYPE_CHECKING, Literal, NoReturn, overload

from bot.ingest.columns import vocabulary
from bot.ingest.errors import IngestError
from bot.ingest.values import parse_date, parse_number

if TYPE_CHECKING:
    from bot.ingest.reading import Table

URN_MAX = 999_999  # URNs are at most six digits
INT_MAX = 2**31 - 1  # what an integer column holds on every back-end
INT_MIN = -(2**31)
_LA_CODE = re.compile(r"^\d{3}$")
_LAESTAB = re.compile(r"^\d{7}$")
_AGES = re.compile(r"^(\d{1,2})\s*(?:-|to)\s*(\d{1,2})$")


class Row:
    """One data row of a `Table`: `line` (where it begins) and its raw `cells`."""

    __slots__ = ("table", "line", "cells")

    def __init__(self, table: Table, line: int, cells: list[str]) -> None:
        self.table = table
        self.line = line
        self.cells = cells

    def raw(self, col: int | None) -> str | None:
        """The cell at `col` as published, or None when the column is absent or the row stops early."""
        if col is None or col >= len(self.cells):
            return None
        return self.cells[col]

    def value(self, col: int | None) -> str | None:
        """The stripped cell, or None when it is blank or a null marker of the file."""
        raw = self.raw(col)
        if raw is None:
            return None
        s = raw.strip()
        return None if s in self.table.nulls else s

    def fail(self, col: int | None, message: str) -> NoReturn:
        """Raise the IngestError for a bad value at `col` of this row."""
        header = self.table.header
        name = header[col] if col is not None and col < len(header) else None
        raise IngestError(self.table.path, message, line=self.line, column=name)

    def _bad(self, col: int | None, s: str, what: str) -> NoReturn:
        shown = s if len(s) <= 40 else s[:40] + "…"
        self.fail(col, f"{shown!r} is not {what}")

    def required(self, col: int | None, what: str) -> str:
        """The cell's text; an error when it is blank."""
        s = self.value(col)
        if s is None:
            self.fail(col, f"{what} is missing")
        return s

    @overload
    def urn(self, col: int | None, *, required: Literal[True]) -> int: ...
    @overload
    def urn(self, col: int | None, *, required: bool = False) -> int | None: ...

    def urn(self, col: int | None, *, required: bool = False) -> int | None:
        """A URN: a whole number from 1 to 999999."""
        s = self.required(col, "the URN") if required else self.value(col)
        if s is None:
            return None
        if not s.isascii() or not s.isdigit() or not 1 <= int(s) <= URN_MAX:
            self._bad(col, s, f"a URN (a whole number from 1 to {URN_MAX})")
        return int(s)

    def integer(self, col: int | None, *, low: int = 0, high: int = INT_MAX) -> int | None:
        """A whole number from `low` to `high` ('1,234' and '12.0' read as whole numbers)."""
        s = self.value(col)
        if s is None:
            return None
        number = parse_number(s)
        if number is None or number != int(number) or not low <= number <= high or s.endswith("%"):
            self._bad(col, s, f"a whole number from {low} to {high}")
        return int(number)

    def number(self, col: int | None, *, low: float | None = None,
               high: float | None = None) -> float | None:
        """A number (within `low`..`high` when given)."""
        s = self.value(col)
        if s is None:
            return None
        number = parse_number(s)
        if number is None or (low is not None and number < low) or (high is not None and number > high):
            span = f" from {low:g} to {high:g}" if low is not None and high is not None else ""
            self._bad(col, s, f"a number{span}")
        return number

    def date(self, col: int | None) -> dt.date | None:
        """A date: dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd."""
        s = self.value(col)
        if s is None:
            return None
        day = parse_date(s)
        if day is None:
            self._bad(col, s, "a date (dd-mm-yyyy, dd/mm/yyyy or yyyy-mm-dd)")
        return day

    def code(self, col: int | None, name: str) -> str | None:
        """A code of the vocabulary `name` (columns.yaml `vocabularies`, any case), as published."""
        s = self.value(col)
        if s is None:
            return None
        if s.lower() not in vocabulary(name):
            self._bad(col, s, f"one of the {name.replace('_', ' ')} codes in knowledge/columns.yaml")
        return s

    def la_code(self, col: int | None) -> int | None:
        """A local authority code: three digits."""
        s = self.value(col)
        if s is None:
            return None
        if not _LA_CODE.match(s):
            self._bad(col, s, "a local authority code (three digits)")
        return int(s)

    def laestab(self, col: int | None) -> tuple[int, int] | None:
        """An LAESTAB (seven digits) as (LA code, establishment number)."""
        s = self.value(col)
        if s is None:
            return None
        if not _LAESTAB.match(s):
            self._bad(col, s, "an LAESTAB (seven digits)")
        return int(s[:3]), int(s[3:])

    def ages(self, col: int | None) -> tuple[int | None, int | None]:
        """An age range: '11-18' or '13 to 22'."""
        s = self.value(col)
        if s is None:
            return None, None
        m = _AGES.match(s)
        if not m or int(m.group(1)) > int(m.group(2)):
            self._bad(col, s, "an age range (such as 11-18)")
        return int(m.group(1)), int(m.group(2))

    def text(self, col: int | None) -> str | None:
        """Free text, kept as published: only for columns columns.yaml lists under `free_text`."""
        if col is None:
            return None
        if col not in self.table.free_columns:
            name = self.table.header[col] if col < len(self.table.header) else f"#{col + 1}"
            raise LookupError(f"{self.table.kind} column {name!r} is read as free text but "
                              "knowledge/columns.yaml does not list it under free_text")
        return self.value(col)
