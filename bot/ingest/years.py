"""The academic year of a file (stored as its ending calendar year: 2019 means 2018/19)."""

from __future__ import annotations

import re
from datetime import date

from bot.ingest.columns import config

_PAIR = re.compile(r"(?<!\d)(20\d\d)[-_/]?(20\d\d|\d\d)(?!\d)")
_SINGLE = re.compile(r"(?<!\d)(20\d\d)(?!\d)")
_STAMP = re.compile(r"(?<!\d)(20\d\d)(\d\d)(\d\d)(?!\d)")


def from_time_period(raw: str) -> int | None:
    """EES time_period: '202324' -> 2024, '2024' -> 2024."""
    s = raw.strip()
    if re.fullmatch(r"20\d{4}", s):
        return int(s[:4]) + 1
    if re.fullmatch(r"20\d\d", s):
        return int(s)
    return None


def from_name(name: str) -> int | None:
    """'2018-2019_936_ks4final.csv' -> 2019; 'ks4_school_info_2024.csv' -> 2024."""
    for m in _PAIR.finditer(name):
        first, second = int(m.group(1)), m.group(2)
        end = int(second) if len(second) == 4 else (first // 100) * 100 + int(second)
        if end == first + 1:
            return end
    single = _SINGLE.search(name)
    return int(single.group(1)) if single else None


def date_from_name(name: str) -> date | None:
    """A yyyymmdd stamp in a file name ('edubasealldata20250422.csv')."""
    for m in _STAMP.finditer(name):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            continue
    return None


def from_national(kind: str, index: dict[str, int], rows: list[list[str]]) -> int | None:
    """The year whose published national figure matches one of `rows` (columns.yaml national_years)."""
    for rule in config()["national_years"]:
        if rule["kind"] != kind or rule["column"] not in index:
            continue
        where = {index[c]: str(v) for c, v in rule["where"].items() if c in index}
        if len(where) != len(rule["where"]):
            continue
        col = index[rule["column"]]
        for row in rows:
            if all(i < len(row) and row[i].strip() == v for i, v in where.items()) and col < len(row):
                year = rule["values"].get(row[col].strip())
                if year:
                    return int(year)
    return None
