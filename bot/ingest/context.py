"""What a loader gets: the session, the file, its result record and a way to register the source."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from sqlalchemy.orm import Session

from bot.ingest.columns import na_is_blank
from bot.ingest.reading import Progress
from bot.ingest.report import FileResult
from bot.ingest.store import add_source_file


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

    @cached_property
    def na_blank(self) -> bool:
        """This file writes missing values as NA (columns.yaml `na_is_blank`)."""
        return na_is_blank(self.path.name)

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
