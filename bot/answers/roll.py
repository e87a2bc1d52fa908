"""A school's pupils on roll from every source the records hold (GIAS, school census, KS4 and KS2
school information), newest first, each with its year and source in words
(knowledge/measures.yaml `roll`)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from bot import records
from bot.answer import Source
from bot.caveats import academic_year
from bot.rows import SchoolRow
from bot.render import knowledge, source_line

SHOWN = 2  # counts said: the newest, then an earlier one


@dataclass(frozen=True)
class Count:
    """One count of pupils on roll as said: "1,767" and "2023/24 school census"."""

    n: int
    kind: str  # gias | census | ks4 | ks2
    label: str
    source: Source
    source_label: str

    @property
    def value(self) -> str:
        return f"{self.n:,}"


def counts(session: Session, school: SchoolRow) -> list[Count]:
    """The counts of the school's pupils on roll, newest first (at most SHOWN)."""
    words = knowledge("measures")["roll"]
    found = records.pupil_counts(session, school)[:SHOWN]
    files = records.source_files(session, {c.source_file_id for c in found})
    out = []
    for c in found:
        sf = files.get(c.source_file_id) if c.source_file_id is not None else None
        if c.kind == "gias":
            when = f"{c.as_of:%B %Y}" if c.as_of else None
            label = words["gias"].format(when=when) if when else words["gias_undated"]
            src = Source(kind="gias", year=c.as_of.isoformat() if c.as_of else None, file=sf.name if sf else None)
            src_label = source_line("gias", None) + (f", {c.as_of:%-d %B %Y}" if c.as_of else "")
        else:
            assert c.year is not None  # a count from the figures always has its year
            label = words[c.kind].format(when=academic_year(c.year))
            src = Source(kind=c.kind, year=academic_year(c.year), file=sf.name if sf else None)
            src_label = source_line(c.kind, c.year, c.provisional)
        out.append(Count(c.value, c.kind, label, src, src_label))
    return out
