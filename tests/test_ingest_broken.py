"""Deliberately broken copies of real files: each error names the problem, file, line and column,
and the database is left exactly as it was (one transaction for the whole ingest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.ingest import IngestError, ingest_paths
from bot.models import Base

from tests.test_ingest import ks4_file

HERTS_KS4 = "ks4/2023-2024_919_ks4final.csv"
SURREY_GIAS = "gias/2021_936_gias.csv"
LINKS = "gias/links_edubasealldata20250422.csv"


def snapshot(engine) -> dict[str, list]:
    """Every row of every table, to compare before and after a failed ingest."""
    out = {}
    with Session(engine) as s:
        for table in Base.metadata.sorted_tables:
            rows = s.execute(select(table)).all()
            out[table.name] = sorted(repr(tuple(r)) for r in rows)
    return out


@pytest.fixture
def loaded(engine, tmp_path):
    """The engine with a small file already loaded, so 'unchanged' is not just 'empty'."""
    ingest_paths(engine, [ks4_file(tmp_path / "ok")])
    return engine


def copy_with(real_data: Path, name: str, tmp_path: Path, change) -> Path:
    data = (real_data / name).read_bytes()
    target = tmp_path / "broken" / Path(name).name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(change(data))
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


def test_truncated_file(loaded, real_data, tmp_path):
    data = (real_data / HERTS_KS4).read_bytes()
    cut = [i for i, b in enumerate(data) if b == 0x0A][60] + 400  # 400 bytes into line 62
    path = copy_with(real_data, HERTS_KS4, tmp_path, lambda d: d[:cut])
    fails(loaded, [path], message="truncated row", line=62)


def test_mixed_encoding(loaded, real_data, tmp_path):
    # A cp1252 file with one line re-saved as UTF-8: neither encoding reads the whole file.
    def change(d: bytes) -> bytes:
        lines = d.split(b"\n")
        lines[100] = lines[100].rstrip(b"\r") + b"\xc3\xa9\r"  # UTF-8 "é"
        return b"\n".join(lines)

    path = copy_with(real_data, LINKS, tmp_path, change)
    fails(loaded, [path], message="mixed encodings")


def test_undecodable_byte(loaded, real_data, tmp_path):
    data = (real_data / SURREY_GIAS).read_bytes()
    pos = data.index(b'"936","Surrey"', 5000) + 7  # inside the LA (name) field
    path = copy_with(real_data, SURREY_GIAS, tmp_path, lambda d: d[:pos] + b"\x81" + d[pos:])
    fails(loaded, [path], message="undecodable byte 0x81", line=line_of(data, pos), column="LA (name)")


def test_urn_column_missing(loaded, real_data, tmp_path):
    path = copy_with(real_data, HERTS_KS4, tmp_path, lambda d: d.replace(b",URN,", b",REF,", 1))
    fails(loaded, [path], message="key column missing: URN", line=1, column="URN")


def test_gias_urn_column_missing(loaded, real_data, tmp_path):
    path = copy_with(real_data, SURREY_GIAS, tmp_path, lambda d: d.replace(b'"URN",', b'"Ref",', 1))
    fails(loaded, [path], message="key column missing: URN", column="URN")


def test_header_only(loaded, real_data, tmp_path):
    path = copy_with(real_data, SURREY_GIAS, tmp_path, lambda d: d.split(b"\n", 1)[0] + b"\n")
    fails(loaded, [path], message="header only")


def test_binary_junk(loaded, real_data, tmp_path):
    data = (real_data / HERTS_KS4).read_bytes()
    pos = [i for i, b in enumerate(data) if b == 0x0A][30] + 1
    junk = b"\x89PNG\x1a\x00\x00\x00IHDR"
    path = copy_with(real_data, HERTS_KS4, tmp_path, lambda d: d[:pos] + junk + d[pos:])
    fails(loaded, [path], message="binary data", line=32, column="RECTYPE")


def test_one_broken_file_stops_the_whole_ingest(loaded, real_data, tmp_path):
    copy_with(real_data, HERTS_KS4, tmp_path, lambda d: d.replace(b",URN,", b",REF,", 1))
    good = tmp_path / "broken" / "good.csv"
    good.write_bytes((real_data / SURREY_GIAS).read_bytes())
    fails(loaded, [tmp_path / "broken"])


def test_extra_fields_in_a_row(loaded, real_data, tmp_path):
    def change(d: bytes) -> bytes:
        lines = d.split(b"\n")
        lines[10] = lines[10].rstrip(b"\r") + b",surplus\r"
        return b"\n".join(lines)

    path = copy_with(real_data, LINKS, tmp_path, change)
    fails(loaded, [path], message="fields but the header has", line=11)


def test_cli_reports_error_without_traceback(db_url, real_data, tmp_path):
    path = copy_with(real_data, HERTS_KS4, tmp_path, lambda d: d.replace(b",URN,", b",REF,", 1))
    result = CliRunner().invoke(main, ["ingest", str(path), "--db", db_url])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "key column missing: URN" in result.output and "line 1" in result.output
    assert "nothing was changed" in result.output
