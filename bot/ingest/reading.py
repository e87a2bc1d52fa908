"""The reading layer: bytes -> text -> CSV rows.

A file's encoding is decided once, from all of its bytes: UTF-16 (with its byte-order mark),
else UTF-8 (with or without BOM) when every byte reads as UTF-8, else Windows-1252 when no
byte-order mark or UTF-8 sequence sits inside it. Problems are reported as `IngestError` with the
line and the column name where they sit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from typing import BinaryIO
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from bot.ingest.cells import Row
from bot.ingest.columns import norm
from bot.ingest.errors import IngestError
from bot.ingest.values import STATUS_CODES

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Byte-order marks never belong inside a file: they show parts saved in different encodings.
_STRAY_BOMS = ((b"\xef\xbb\xbf", "EF BB BF, a UTF-8"), (b"\xff\xfe", "FF FE, a UTF-16"),
               (b"\xfe\xff", "FE FF, a UTF-16"))
HEADER_CHUNK = 1 << 16
HEADER_LIMIT = 1 << 24  # a first record longer than 16 MB is not a header
Progress = Callable[[int], None]


def _lenient(data: bytes) -> str:
    """Text for recognising a file (bad bytes replaced): UTF-16, UTF-8, else Windows-1252."""
    if data.startswith(_UTF16_BOMS):
        return data[: len(data) - len(data) % 2].decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.start >= len(data) - 3:  # a character cut at the end of a chunk
            return data[: exc.start].decode("utf-8")
        return data.decode("cp1252", errors="replace")


def _record_end(text: str) -> int:
    """The offset just past the first CSV record's line end (quotes balanced), or -1."""
    pos = text.find("\n")
    while pos >= 0:
        if text.count('"', 0, pos) % 2 == 0:
            return pos + 1
        pos = text.find("\n", pos + 1)
    return -1


def _first_record(text: str) -> list[str]:
    try:
        row = next(csv.reader([text.rstrip("\r\n")]), [])
    except csv.Error:
        return []
    return [h.strip() for h in row]


def _scan_header(stream: BinaryIO) -> list[str] | None:
    """The first CSV record of a stream, read whole however long it is, decoded leniently;
    None for binary data."""
    data = stream.read(HEADER_CHUNK)
    if b"\x00" in data[:4096] and not data.startswith(_UTF16_BOMS):
        return None
    while True:
        text = _lenient(data)
        end = _record_end(text)
        if end >= 0 or len(data) >= HEADER_LIMIT:
            break
        more = stream.read(HEADER_CHUNK)
        if not more:
            break
        data += more
    return _first_record(text[:end] if end >= 0 else text)


def read_header(path: Path) -> list[str] | None:
    """The header of a file (for recognising it before it is read); None for binary data."""
    with open(path, "rb") as fh:
        return _scan_header(fh)


def _position(data: bytes | str, pos: int) -> tuple[int, str]:
    """Line number (1-based) and the line's text before `pos`."""
    if isinstance(data, bytes):
        start = data.rfind(b"\n", 0, pos) + 1
        return data.count(b"\n", 0, pos) + 1, _lenient(data[start:pos])
    start = data.rfind("\n", 0, pos) + 1
    return data.count("\n", 0, pos) + 1, data[start:pos]


def _column_name(prefix: str, header: list[str]) -> str:
    """The header name of the field a line prefix ends in."""
    try:
        fields = next(csv.reader([prefix]), [""])
    except csv.Error:
        fields = [""]
    return _name(header, max(len(fields) - 1, 0))


def _name(header: list[str], index: int) -> str:
    return header[index] if index < len(header) else f"#{index + 1}"


def _fail_at(path: Path, data: bytes | str, pos: int, header: list[str], message: str) -> IngestError:
    line, prefix = _position(data, pos)
    return IngestError(path, message, line=line, column=_column_name(prefix, header))


def decode(data: bytes, path: Path, header: list[str]) -> tuple[str, str]:
    """Text and the encoding used, decided from the whole file; raises IngestError on bytes that
    no accepted encoding reads, and on byte-order marks inside the file."""
    if data.startswith(_UTF16_BOMS):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"undecodable UTF-16 data ({exc.reason})") from None
        stray = text.find("\ufeff")
        if stray >= 0:
            raise _fail_at(path, text, stray, header, "stray byte-order mark inside the file")
        return text, "utf-16"
    nul = data.find(b"\x00")
    if nul >= 0:
        raise _fail_at(path, data, nul, header, "binary data (NUL byte) in a text file")
    bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
    for marker, what in _STRAY_BOMS:
        stray = data.find(marker, bom)
        if stray >= 0:
            raise _fail_at(path, data, stray, header,
                           f"stray byte-order mark (bytes {what} marker) inside the file: parts of "
                           "it were saved in different encodings")
    try:
        return data.decode("utf-8-sig"), "utf-8-sig" if bom else "utf-8"
    except UnicodeDecodeError as exc:
        bad = exc.start + bom
        if _UTF8_MULTIBYTE.search(data):
            raise _fail_at(path, data, bad, header,
                           f"mixed encodings: byte 0x{data[bad]:02X} is not UTF-8 but other text in "
                           "the file is UTF-8") from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        raise _fail_at(path, data, exc.start, header,
                       f"undecodable byte 0x{data[exc.start]:02X} (neither UTF-8 nor Windows-1252)"
                       ) from None


def _csv_fault(text: str) -> tuple[int, int]:
    """Where strict CSV reading of the record at the start of `text` fails: (lines into the
    text, 0-based; field index). A quote closed and not followed by a comma, or a quote never
    closed (then where the field began)."""
    field_no, line, i, n = 0, 0, 0, len(text)
    while i < n:
        if text[i] == '"':  # a quoted field
            opened_line, i = line, i + 1
            while True:
                j = text.find('"', i)
                if j < 0:
                    return opened_line, field_no
                line += text.count("\n", i, j)
                if text.startswith('""', j):
                    i = j + 2
                    continue
                i = j + 1
                break
            if i < n and text[i] not in ",\r\n":
                return line, field_no
        while i < n and text[i] not in ",\n":  # the rest of an unquoted field
            i += 1
        if i >= n or text[i] == "\n":
            return line, field_no
        field_no, i = field_no + 1, i + 1
    return line, field_no


@dataclass
class Table:
    """A CSV file checked to decode cleanly: its header, and rows read on demand as `Row`s.

    `kind` is what the file was recognised as; `free_text` the (normalised) names of its columns
    documented as free text and `nulls` the cells that mean "no value" in it (columns.yaml).
    """

    path: Path
    encoding: str
    header: list[str]
    data: bytes
    total_lines: int
    ends_cleanly: bool
    kind: str = ""
    free_text: frozenset[str] = frozenset()
    nulls: frozenset[str] = frozenset({""})
    keys: list[str] = field(default_factory=list)

    @cached_property
    def free_columns(self) -> frozenset[int]:
        """Positions of the columns documented as free text."""
        return frozenset(i for i, name in enumerate(self.header) if norm(name) in self.free_text)

    def index(self, *, upper: bool = False) -> dict[str, int]:
        """Column name -> position (first occurrence); upper-cased names when `upper`."""
        out: dict[str, int] = {}
        for i, name in enumerate(self.header):
            out.setdefault(name.upper() if upper else name, i)
        return out

    def require(self, columns: dict[str, int], names: list[str]) -> None:
        """Raise IngestError unless every key column is in the header."""
        missing = [n for n in names if n not in columns]
        if missing:
            raise IngestError(
                self.path, f"key column missing: {', '.join(missing)}", line=1, column=missing[0]
            )
        self.keys = [self.header[columns[n]] for n in names]

    def rows(
        self, *, ragged: bool = False, spill: bool = False, progress: Progress | None = None
    ) -> Iterator[Row]:
        """Each data row as a `Row` (its line and cells); blank lines are passed over.

        `ragged` accepts rows that stop early (performance tables omit trailing empty fields),
        but not a last row without a line end whose width no other row has and that does not
        end in a status code: that is a file cut off mid-row. `spill` accepts
        extra fields after the last column (GIAS lists linked establishments there); they are
        kept at the end of the row.
        """
        stream = io.TextIOWrapper(io.BytesIO(self.data), encoding=self.encoding, newline="")
        reader = csv.reader(stream, strict=True)
        width = len(self.header)
        ends_cleanly = self.ends_cleanly
        widths: dict[int, int] = {}
        start = 1
        try:
            next(reader)
            count = 0
            start = reader.line_num + 1
            for row in reader:
                line = reader.line_num
                count += 1
                if progress is not None and count % 2000 == 0:
                    progress(line)
                if not row or (len(row) == 1 and not row[0].strip()):
                    start = line + 1
                    continue
                if len(row) > width and not spill:
                    if any(f.strip() for f in row[width:]):
                        raise IngestError(
                            self.path, f"row has {len(row)} fields but the header has {width}",
                            line=line, column=f"#{width + 1}",
                        )
                    row = row[:width]
                elif len(row) < width:
                    cut = line >= self.total_lines and not ends_cleanly and not (
                        widths.get(len(row)) or row[-1].strip() in STATUS_CODES)
                    if not ragged or cut:
                        raise IngestError(
                            self.path,
                            f"truncated row: {len(row)} of {width} fields",
                            line=line, column=self.header[len(row)],
                        )
                widths[len(row)] = widths.get(len(row), 0) + 1
                yield Row(self, start, row)
                start = line + 1
        except csv.Error as exc:
            line, column = self._locate_fault(start)
            raise IngestError(self.path, f"malformed CSV ({exc})", line=line, column=column) from None
        if not widths:
            raise IngestError(self.path, "header only: the file has no data rows", line=2,
                              column=(self.keys or self.header or ["#1"])[0])
        if progress is not None:
            progress(self.total_lines)

    def _locate_fault(self, start: int) -> tuple[int, str]:
        """The line and column of the CSV fault in the record that begins on line `start`."""
        text = self.data.decode(self.encoding)
        offset = 0
        for _ in range(start - 1):
            offset = text.find("\n", offset) + 1
        lines_in, field_no = _csv_fault(text[offset:])
        return start + lines_in, _name(self.header, field_no)

    def row_at(self, line: int) -> Row | None:
        """The row that begins on `line` (for messages about an earlier row)."""
        for row in self.rows(ragged=True, spill=True):
            if row.line == line:
                return row
        return None


def read_table(path: Path, data: bytes) -> Table:
    """Decode `data` strictly (the encoding decided once, from the whole file), check it holds
    text only, and read its header whole. Rows are decoded again, the same way, as they are read."""
    text, encoding = decode(data, path, _scan_header(io.BytesIO(data)) or [])
    end = _record_end(text)
    header = _first_record(text[:end] if end >= 0 else text)
    bad = _CONTROL.search(text)
    if bad:
        raise _fail_at(path, text, bad.start(), header,
                       f"binary data (control character U+{ord(bad.group()):04X}) in a text file")
    ends_cleanly = text.endswith(("\n", "\r"))
    total = text.count("\n") + (0 if ends_cleanly else 1)
    return Table(path=path, encoding=encoding, header=header, data=data, total_lines=total,
                 ends_cleanly=ends_cleanly)
