"""The official sources of knowledge/sources.yaml: where each lives, and what its file must look like."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path


from bot.knowledge_files import knowledge

SNIFF_BYTES = 1 << 16  # enough of a file to read its header line


@dataclass(frozen=True)
class Target:
    """One download of a source: its URL, where it is kept, and the year or date it covers."""

    source: str
    url: str
    file: str  # relative to the downloads folder; may hold {name} (the server's file name)
    label: str  # "2023/24", "2026-12-06" or "" (latest)


@dataclass(frozen=True)
class Source:
    """One entry of knowledge/sources.yaml."""

    name: str
    title: str
    base: str
    url: str
    file: str
    publisher: str = ""
    licence: str = ""
    cadence: str = ""
    columns: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    look_back: int = 0
    keep: int = 3  # files of a daily or monthly source kept (the newest); a yearly source keeps every year
    pick: dict[str, str] = field(default_factory=dict)
    member: str | None = None
    load: bool = True
    why: str = ""
    found: str = ""

    def targets(self, base_url: str, *, day: date | None = None, today: date | None = None) -> list[list[Target]]:
        """The downloads of this source, as lists of alternatives tried in order (a dated source
        tries `day`, or today and then up to `look_back` days earlier)."""
        fill = lambda template, **kw: template.format(base=base_url.rstrip("/"), **kw)  # noqa: E731
        if self.years:
            return [[Target(self.name, fill(self.url, academic=_academic(y), year=y),
                            fill(self.file, academic=_academic(y), year=y, name="{name}"),
                            f"{y - 1}/{y % 100:02d}")] for y in self.years]
        if "{date" in self.url:
            days = [day] if day else [(today or date.today()) - timedelta(days=n) for n in range(self.look_back + 1)]
            return [[Target(self.name, fill(self.url, date=d), fill(self.file, date=d, name="{name}"), d.isoformat())
                     for d in days]]
        return [[Target(self.name, fill(self.url), fill(self.file, name="{name}"), "")]]

    def format_change(self, header: list[str] | None) -> str | None:
        """What differs from the expected format (None when the header has every expected column)."""
        if header is None:
            return "not a CSV file (no header line could be read)"
        missing = [c for c in self.columns if c not in header]
        if not missing:
            return None
        return (f"expected columns missing: {', '.join(missing)}; the file has {len(header)} columns "
                f"({', '.join(header[:6])}{', ...' if len(header) > 6 else ''})")


def _academic(year: int) -> str:
    return f"{year - 1}-{year}"


def bases() -> dict[str, str]:
    """Base name -> official URL."""
    return dict(knowledge("sources")["bases"])


def all_sources() -> dict[str, Source]:
    """Every source, by name, in the file's order."""
    out = {}
    for name, spec in knowledge("sources")["sources"].items():
        spec = dict(spec)
        spec["columns"] = tuple(spec.get("columns") or ())
        spec["years"] = tuple(spec.get("years") or ())
        try:
            out[name] = Source(name=name, **spec)
        except TypeError as exc:  # an unknown or missing key
            raise ValueError(f"knowledge/sources.yaml, source {name!r}: {exc}") from None
    return out


def csv_header(data: bytes) -> list[str] | None:
    """The header line of CSV bytes (UTF-8 with or without BOM, else cp1252), or None for
    anything that is not a CSV (an HTML error page, a ZIP, an empty file)."""
    head = data[:SNIFF_BYTES]
    if not head.strip() or head.startswith(b"PK\x03\x04") or re.match(rb"\s*<", head):
        return None
    text = head.decode("utf-8-sig", errors="ignore") if _utf8(head) else head.decode("cp1252", errors="replace")
    first = text.splitlines()[0] if text.splitlines() else ""
    row = next(csv.reader(io.StringIO(first)), [])
    return [c.strip() for c in row] if len(row) > 1 else None


def _utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:  # a cut multi-byte character at the end is still UTF-8
        return exc.start >= len(data) - 3
    return True


def file_header(path: Path) -> list[str] | None:
    """The header of a downloaded file (see `csv_header`)."""
    with open(path, "rb") as fh:
        return csv_header(fh.read(SNIFF_BYTES))
