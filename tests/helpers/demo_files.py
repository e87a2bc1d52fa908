"""Small official-format files for ingest tests, written by the demo writers (bot/demo.py) into a
test's folder, and ways to break them: change one cell, insert raw bytes into a cell, append a row.

Lines are physical lines, numbered from 1 (the header); cells are addressed by column name.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.demo import write_demo_files

BOM = b"\xef\xbb\xbf"
KINDS = {  # kind -> the demo file's folder and name start
    "gias": "gias/edubasealldata", "gias_links": "gias/links_", "ks2": "ks2/", "ks4": "ks4/",
    "census": "census/", "absence": "absence/", "ofsted": "ofsted/", "postcodes": "postcodes/",
}
_MARK = "@@RAW@@"  # stands for raw bytes until the line is encoded


def demo_file(folder: Path, kind: str) -> Path:
    """The demo file of `kind`, written afresh under `folder` (the other demo files beside it)."""
    for path in write_demo_files(folder):
        rel = path.relative_to(folder).as_posix()
        if rel.startswith(KINDS[kind]):
            return path
    raise KeyError(kind)


def _encoding(data: bytes) -> str:
    try:
        data.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return "cp1252"


class CsvFile:
    """A CSV file's lines, to edit and write back in its own encoding, BOM and line ends."""

    def __init__(self, path: Path) -> None:
        self.path = path
        data = path.read_bytes()
        self.bom = data.startswith(BOM)
        data = data[3:] if self.bom else data
        self.encoding = _encoding(data)
        self.lines = data.decode(self.encoding).split("\n")  # each keeps its "\r"
        self.header = self.cells(1)
        self.raw: dict[int, bytes] = {}

    def cells(self, line: int) -> list[str]:
        """The cells of physical line `line`."""
        return next(csv.reader([self.lines[line - 1].rstrip("\r")]))

    def data_lines(self) -> list[int]:
        """The numbers of the lines holding data rows."""
        return [n for n in range(2, len(self.lines) + 1) if self.lines[n - 1].strip()]

    def set_cells(self, line: int, cells: list[str]) -> None:
        quote_all = self.lines[line - 1].startswith('"')
        buf = io.StringIO()
        csv.writer(buf, quoting=csv.QUOTE_ALL if quote_all else csv.QUOTE_MINIMAL,
                   lineterminator="").writerow(cells)
        end = "\r" if self.lines[line - 1].endswith("\r") else ""
        self.lines[line - 1] = buf.getvalue() + end

    def set(self, line: int, column: str, value: str) -> CsvFile:
        """Put `value` in `column` of line `line`."""
        cells = self.cells(line)
        cells[self.header.index(column)] = value
        self.set_cells(line, cells)
        return self

    def insert_bytes(self, line: int, column: str, raw: bytes, at: int = 1) -> CsvFile:
        """Insert `raw` bytes `at` characters into the cell (bytes no encoding would write)."""
        cells = self.cells(line)
        i = self.header.index(column)
        cells[i] = cells[i][:at] + _MARK + cells[i][at:]
        self.set_cells(line, cells)
        self.raw[line] = raw
        return self

    def append(self, line_text: str) -> int:
        """Add a line at the end (before the final line end); its line number."""
        end = "\r" if self.lines[0].endswith("\r") else ""
        at = len(self.lines) - 1 if self.lines[-1] == "" else len(self.lines)
        self.lines.insert(at, line_text + end)
        return at + 1

    def write(self, path: Path | None = None) -> Path:
        """Write the file (to `path`, else over itself); returns the path."""
        path = path or self.path
        path.parent.mkdir(parents=True, exist_ok=True)
        out = []
        for n, text in enumerate(self.lines, start=1):
            encoded = text.encode(self.encoding)
            if n in self.raw:
                encoded = encoded.replace(_MARK.encode(), self.raw[n])
            out.append(encoded)
        path.write_bytes((BOM if self.bom else b"") + b"\n".join(out))
        return path
