"""What a loader gets: the session, the file, its result record and a way to register the source."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from bot.ingest.cells import Row
from bot.ingest.columns import na_is_blank
from bot.ingest.errors import IngestError
from bot.ingest.reading import Progress
from bot.ingest.report import FileResult
from bot.ingest.store import add_source_file

DUPLICATE = "identical duplicate row (collapsed)"


@dataclass
class LoadContext:
    session: Session
    path: Path
    sha256: str
    kind: str
    demo: bool
    result: FileResult
    progress: Progress | None = None
    source_id: int | None = None
    _seen: dict[Hashable, tuple[int, int]] = field(default_factory=dict, repr=False)

    @cached_property
    def na_blank(self) -> bool:
        """This file writes missing values as NA (columns.yaml `na_is_blank`)."""
        return na_is_blank(self.path.name)

    def first(self, key: Hashable, row: Row, what: Any) -> bool:
        """True the first time `key` (a URN, an area, ...) is met in this file. Again with the
        same cells: False (collapsed, counted in the report); with other cells: an IngestError
        naming the first column that differs. `what` names the key in the message."""
        digest = hash(tuple(row.cells))
        seen = self._seen.get(key)
        if seen is None:
            self._seen[key] = (row.line, digest)
            return True
        line, earlier_digest = seen
        cells = tuple(c.strip() for c in row.cells)
        before: tuple[str, ...] = cells
        if digest != earlier_digest:  # the same cells but for spaces are the same values
            earlier = row.table.row_at(line)
            before = tuple(c.strip() for c in earlier.cells) if earlier is not None else ()
        if cells == before:
            self.result.skip_row(DUPLICATE)
            return False
        col = next((i for i in range(max(len(cells), len(before)))
                    if (cells[i] if i < len(cells) else "") != (before[i] if i < len(before) else "")),
                   0)
        was = before[col] if col < len(before) else ""
        now = cells[col] if col < len(cells) else ""
        header = row.table.header
        raise IngestError(
            self.path, f"{what} appears twice with different values (first on line {line}): "
            f"{was[:40]!r} there, {now[:40]!r} here",
            line=row.line, column=header[col] if col < len(header) else f"#{col + 1}")

    def register(self, year: int | None, provisional: bool = False) -> int:
        """Record the SourceFile (once the year is known); its id."""
        self.result.year, self.result.provisional = year, provisional
        self.source_id = add_source_file(
            self.session, name=self.path.name, sha256=self.sha256, kind=self.kind, year=year,
            provisional=provisional, demo=self.demo,
        )
        return self.source_id

    def skip_file(self, reason: str) -> None:
        """Leave the whole file out (recognised, but nothing can be placed)."""
        self.result.status, self.result.reason = "skipped", reason
