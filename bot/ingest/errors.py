"""The one error an ingest raises: a recognised file that cannot be read as published."""

from __future__ import annotations

from pathlib import Path


class IngestError(Exception):
    """A recognised but broken file; names the file, line and column. The database is unchanged."""

    def __init__(
        self, path: Path | str, message: str, *, line: int | None = None, column: str | None = None
    ) -> None:
        self.path = Path(path)
        self.line = line
        self.column = column
        self.message = message
        where = str(self.path)
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column {column}"
        super().__init__(f"{where}: {message}")
