"""What an ingest did, file by file."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class FileResult:
    """One file: its kind and year, and whether it was loaded, unchanged (same bytes) or skipped."""

    path: Path
    kind: str | None = None
    year: int | None = None
    status: str = "skipped"  # loaded | unchanged | skipped
    reason: str | None = None
    rows_loaded: int = 0
    rows_skipped: int = 0
    skip_reasons: Counter = field(default_factory=Counter)
    encoding: str | None = None
    provisional: bool = False

    def skip_row(self, reason: str) -> None:
        """Count one data row left out, with why."""
        self.rows_skipped += 1
        self.skip_reasons[reason] += 1


@dataclass
class IngestReport:
    """Every file an ingest looked at, in the order it handled them."""

    files: list[FileResult] = field(default_factory=list)

    @property
    def loaded(self) -> list[FileResult]:
        """Files loaded by this run."""
        return [f for f in self.files if f.status == "loaded"]

    @property
    def rows_loaded(self) -> int:
        """Data rows loaded by this run, over all files."""
        return sum(f.rows_loaded for f in self.files)
