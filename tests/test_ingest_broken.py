"""Deliberately broken files in the official formats (the demo writers' files, broken in
tmp_path): each error names the problem, file, line and column, and the database is left exactly
as it was (one transaction for the whole ingest)."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from click.testing import CliRunner

from bot.cli import main
from bot.ingest import IngestError, ingest_paths
from tests.helpers.demo_files import CsvFile, demo_file
from tests.helpers.small_files import ks4_file
from tests.helpers.snapshot import snapshot


@pytest.fixture
def loaded(engine, tmp_path):
    """The engine with a small file already loaded, so 'unchanged' is not just 'empty'."""
    ingest_paths(engine, [ks4_file(tmp_path / "ok")])
    return engine


def broken(tmp_path: Path, kind: str, change) -> Path:
    """The demo file of `kind` with its bytes changed by `change`, alone in a folder."""
    path = demo_file(tmp_path / "demo", kind)
    target = tmp_path / "broken" / path.name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(change(path.read_bytes()))
    return target


def line_of(data: bytes, pos: int) -> int:
    return data.count(b"\n", 0, pos) + 1


def fails(engine, paths, **expect) -> IngestError:
    before = snapshot(engine)
    with pytest.raises(IngestError) as info:
        ingest_paths(engine, paths)
    assert snapshot(engine) == before
    err = info.value
    for key, value in expect.items():
        if key == "message":
            assert value in err.message, err.message
        else:
            assert getattr(err, key) == value, (key, err)
    assert str(err.path) in str(err)
    return err


def test_truncated_file(loaded, tmp_path):
    def change(data: bytes) -> bytes:
        starts = [i + 1 for i, b in enumerate(data) if b == 0x0A]
        return data[: starts[4] + 400]  # 400 bytes into line 6, a school row of 429 fields

    path = broken(tmp_path, "ks4", change)
    fails(loaded, [path], message="truncated row", line=6)


def test_mixed_encoding(loaded, tmp_path):
    # A cp1252 file with one line re-saved as UTF-8: neither encoding reads the whole file.
    def change(d: bytes) -> bytes:
        lines = d.split(b"\n")
        lines[10] = lines[10].replace(b'"Demoshire (fictional)"', '"Démoshire"'.encode(), 1)
        return b"\n".join(lines)

    path = broken(tmp_path, "gias", change)
    fails(loaded, [path], message="mixed encodings")


def test_undecodable_byte(loaded, tmp_path):
    data = demo_file(tmp_path / "demo", "gias").read_bytes()
    pos = data.index(b'"999","Demoshire (fictional)"', 5000) + 8  # inside the LA (name) field
    path = broken(tmp_path, "gias", lambda d: d[:pos] + b"\x81" + d[pos:])
    fails(loaded, [path], message="undecodable byte 0x81", line=line_of(data, pos), column="LA (name)")


def test_urn_column_missing(loaded, tmp_path):
    path = broken(tmp_path, "ks4", lambda d: d.replace(b",URN,", b",REF,", 1))
    fails(loaded, [path], message="key column missing: URN", line=1, column="URN")


def test_gias_urn_column_missing(loaded, tmp_path):
    path = broken(tmp_path, "gias", lambda d: d.replace(b'"URN",', b'"Ref",', 1))
    fails(loaded, [path], message="key column missing: URN", column="URN")


def test_header_only(loaded, tmp_path):
    path = broken(tmp_path, "gias", lambda d: d.split(b"\n", 1)[0] + b"\n")
    fails(loaded, [path], message="header only", line=2, column="URN")


def test_binary_junk(loaded, tmp_path):
    line = random.Random(3).randrange(6, 13)  # past the first 4 KB: else skipped as a binary file

    def change(d: bytes) -> bytes:
        pos = [i for i, b in enumerate(d) if b == 0x0A][line - 2] + 1
        return d[:pos] + b"\x89PNG\x1a\x00\x00\x00IHDR" + d[pos:]

    path = broken(tmp_path, "ks4", change)
    fails(loaded, [path], message="binary data", line=line, column="RECTYPE")


def test_one_broken_file_stops_the_whole_ingest(loaded, tmp_path):
    path = broken(tmp_path, "ks4", lambda d: d.replace(b",URN,", b",REF,", 1))
    good = demo_file(tmp_path / "demo", "gias")
    (path.parent / good.name).write_bytes(good.read_bytes())  # loads first, then rolled back
    fails(loaded, [path.parent])


def test_extra_fields_in_a_row(loaded, tmp_path):
    def change(d: bytes) -> bytes:
        lines = d.split(b"\n")
        lines[10] = lines[10].rstrip(b"\r") + b",surplus\r"
        return b"\n".join(lines)

    path = broken(tmp_path, "census", change)
    fails(loaded, [path], message="fields but the header has", line=11)


def test_cli_reports_error_without_traceback(db_url, tmp_path):
    path = broken(tmp_path, "ks4", lambda d: d.replace(b",URN,", b",REF,", 1))
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "key column missing: URN" in result.output and "line 1" in result.output
    assert "nothing was changed" in result.output


def test_demo_file_helper_keeps_the_bytes(tmp_path):
    """CsvFile writes an unchanged file back byte for byte (so a test's edit is its only change)."""
    for kind in ("gias", "ks4", "census", "ofsted"):
        path = demo_file(tmp_path / kind, kind)
        data = path.read_bytes()
        assert CsvFile(path).write(tmp_path / f"{kind}.csv").read_bytes() == data
