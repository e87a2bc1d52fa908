"""The reading layer: bytes -> text (UTF-8 with or without BOM, else Windows-1252) -> CSV rows.

Problems are reported as `IngestError` with the line and the column name where they sit.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.ingest.errors import IngestError
from bot.ingest.values import STATUS_CODES

_UTF8_MULTIBYTE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
Progress = Callable[[int], None]


def peek_header(data: bytes) -> list[str]:
    """The first CSV record, decoded leniently (for recognising a file before reading it)."""
    end = data.find(b"\n")
    first = data[: end if end >= 0 else 65536]
    if first.startswith(b"\xef\xbb\xbf"):
        first = first[3:]
    try:
        text = first.decode("utf-8")
    except UnicodeDecodeError:
        text = first.decode("cp1252", errors="replace")
    try:
        row = next(csv.reader([text.rstrip("\r")]), [])
    except csv.Error:
        return []
    return [h.strip() for h in row]


def _position(data: bytes | str, pos: int) -> tuple[int, int, str]:
    """Line number (1-based), column offset and the line's text before `pos`."""
    nl = b"\n" if isinstance(data, bytes) else "\n"
    start = data.rfind(nl, 0, pos) + 1
    prefix = data[start:pos]
    if isinstance(prefix, bytes):
        prefix = prefix.decode("utf-8", errors="replace")
    return data.count(nl, 0, pos) + 1, pos - start + 1, prefix


def _column_name(prefix: str, header: list[str]) -> str:
    """The header name of the field a line prefix ends in."""
    try:
        fields = next(csv.reader([prefix]), [""])
    except csv.Error:
        fields = [""]
    index = max(len(fields) - 1, 0)
    return header[index] if index < len(header) else f"#{index + 1}"


def decode(data: bytes, path: Path, header: list[str]) -> tuple[str, str]:
    """Text and the encoding used; raises IngestError on bytes that no accepted encoding reads."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise IngestError(path, f"undecodable UTF-16 data ({exc.reason})") from None
    nul = data.find(b"\x00")
    if nul >= 0:
        line, _, prefix = _position(data, nul)
        raise IngestError(
            path, "binary data (NUL byte) in a text file", line=line,
            column=_column_name(prefix, header),
        )
    try:
        enc = "utf-8-sig" if data.startswith(b"\xef\xbb\xbf") else "utf-8"
        return data.decode("utf-8-sig"), enc
    except UnicodeDecodeError as exc:
        bad = exc.start + (3 if data.startswith(b"\xef\xbb\xbf") else 0)
        if _UTF8_MULTIBYTE.search(data):
            line, _, prefix = _position(data, bad)
            raise IngestError(
                path,
                f"mixed encodings: byte 0x{data[bad]:02X} is not UTF-8 but other text in the "
                "file is UTF-8",
                line=line, column=_column_name(prefix, header),
            ) from None
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError as exc:
        line, _, prefix = _position(data, exc.start)
        raise IngestError(
            path, f"undecodable byte 0x{data[exc.start]:02X} (neither UTF-8 nor Windows-1252)",
            line=line, column=_column_name(prefix, header),
        ) from None


@dataclass
class Table:
    """A CSV file checked to decode cleanly: its header, and rows read on demand with line numbers."""

    path: Path
    encoding: str
    header: list[str]
    data: bytes
    total_lines: int
    ends_cleanly: bool

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

    def rows(
        self, *, ragged: bool = False, spill: bool = False, progress: Progress | None = None
    ) -> Iterator[tuple[int, list[str]]]:
        """(line, fields) for each data row; blank lines are passed over.

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
        try:
            next(reader)
            count = 0
            for row in reader:
                line = reader.line_num
                count += 1
                if progress is not None and count % 2000 == 0:
                    progress(line)
                if not row or (len(row) == 1 and not row[0].strip()):
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
                yield line, row
        except csv.Error as exc:
            raise IngestError(self.path, f"malformed CSV ({exc})", line=reader.line_num) from None
        if not widths:
            raise IngestError(self.path, "header only: the file has no data rows", line=2)
        if progress is not None:
            progress(self.total_lines)


def read_table(path: Path, data: bytes, header: list[str]) -> Table:
    """Decode `data` strictly and check it holds text only (rows are decoded again as read)."""
    text, encoding = decode(data, path, header)
    bad = _CONTROL.search(text)
    if bad:
        line, _, prefix = _position(text, bad.start())
        raise IngestError(
            path, f"binary data (control character U+{ord(bad.group()):04X}) in a text file",
            line=line, column=_column_name(prefix, header),
        )
    ends_cleanly = text.endswith(("\n", "\r"))
    total = text.count("\n") + (0 if ends_cleanly else 1)
    return Table(path=path, encoding=encoding, header=header, data=data, total_lines=total,
                 ends_cleanly=ends_cleanly)
