"""Ingest validates every value (issue 9): each bad row is refused through `schoolbot ingest` with
an error naming the file, line and column, exit status 1, and the database left exactly as it
was. The files are the demo writers' (bot/demo.py) broken in tmp_path, so these run anywhere."""

from __future__ import annotations

import csv
import io
import random
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.cli import main
from bot.db import make_engine, migrate
from bot.demo import ensure_data
from bot.ingest import IngestError, ingest_paths
from bot.ingest.columns import free_text, norm
from bot.models import School
from tests.helpers.demo_files import CsvFile, demo_file
from tests.helpers.snapshot import snapshot

SEEDS = range(3)


@pytest.fixture
def loaded_url(db_url):
    """A database holding the demo area, so that "unchanged" is not just "empty"."""
    engine = make_engine(db_url)
    ensure_data(engine)
    engine.dispose()
    return db_url


def refused(db_url: str, path: Path, *, line: int, column: str, message: str) -> str:
    """Ingest the folder of `path` with a good LA lookup beside it (loaded first, so the refusal
    has something to roll back) through the CLI; check the error and that nothing changed."""
    lookup = path.parent / "la_and_region_codes_meta.csv"
    lookup.write_text("LEA,LA Name,REGION,REGION NAME\n999,Renamed (fictional),1,South East A\n")
    engine = make_engine(db_url)
    before = snapshot(engine)
    result = CliRunner().invoke(main, ["ingest", str(path.parent), "--db", db_url, "--quiet"])
    assert snapshot(engine) == before, "a refused ingest changed the database"
    engine.dispose()
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "nothing was changed" in result.output
    assert f"{path}, line {line}, column {column}: " in result.output, result.output
    assert message in result.output, result.output
    return result.output


def school_lines(f: CsvFile, rectypes=("1", "2")) -> list[int]:
    return [n for n in f.data_lines() if f.cells(n)[f.header.index("RECTYPE")] in rectypes]


def row_text(cells: list[str]) -> str:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    return buf.getvalue()


# ---- the seven bad rows of the issue ----------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS)
def test_a_urn_twice_in_ks4_with_other_values_is_refused(loaded_url, tmp_path, seed):
    rng = random.Random(seed)
    f = CsvFile(demo_file(tmp_path / "in", "ks4"))
    numeric = [c for c in ("P8MEA", "ATT8SCR", "PTL2BASICS_94", "TOTPUPS", "P8CILOW")]
    line = rng.choice([n for n in school_lines(f) if any(
        _is_number(f.cells(n)[f.header.index(c)]) for c in numeric if f.header.index(c) < len(f.cells(n)))])
    cells = f.cells(line)
    column = rng.choice([c for c in numeric if f.header.index(c) < len(cells)
                         and _is_number(cells[f.header.index(c)])])
    changed = list(cells)
    changed[f.header.index(column)] = "9.99"
    dup = f.append(row_text(changed))
    urn = cells[f.header.index("URN")]
    refused(loaded_url, f.write(), line=dup, column=column,
            message=f"URN {urn} appears twice with different values (first on line {line})")


def _is_number(s: str) -> bool:
    try:
        return float(s) != 9.99
    except ValueError:
        return False


@pytest.mark.parametrize("column, value, message", [
    ("LA (code)", "93x6", "'93x6' is not a local authority code"),
    ("SchoolCapacity", "lots", "'lots' is not a whole number"),
    ("URN", "-5", "'-5' is not a URN"),
    ("URN", "12345678901234567890", "'12345678901234567890' is not a URN"),
    ("LastChangedDate", "01-01-2099", "01-01-2099 is after the date in the file's name"),
])
def test_a_bad_value_in_a_gias_extract_is_refused(loaded_url, tmp_path, column, value, message):
    f = CsvFile(demo_file(tmp_path / "in", "gias"))
    line = random.Random(column + value).choice(f.data_lines())
    refused(loaded_url, f.set(line, column, value).write(), line=line, column=column,
            message=message)


def test_a_20_digit_urn_in_a_performance_table_is_refused(loaded_url, tmp_path):
    f = CsvFile(demo_file(tmp_path / "in", "ks4"))
    line = random.Random(7).choice(school_lines(f))
    refused(loaded_url, f.set(line, "URN", "9" * 20).write(), line=line, column="URN",
            message="is not a URN (a whole number from 1 to 999999)")


@pytest.mark.parametrize("kind, column", [("gias", "LA (code)"), ("ks4", "LEA"), ("census", "LA")])
def test_stray_utf16_bytes_are_refused_not_read_as_another_encoding(loaded_url, tmp_path, kind, column):
    """A UTF-8 file (KS4, census) or a Windows-1252 one (GIAS) with FF FE inside a cell."""
    f = CsvFile(demo_file(tmp_path / "in", kind))
    line = random.Random(kind).choice([n for n in f.data_lines() if f.cells(n)[f.header.index(column)].strip()])
    refused(loaded_url, f.insert_bytes(line, column, b"\xff\xfe").write(), line=line, column=column,
            message="stray byte-order mark (bytes FF FE")


# ---- every column: a value that cannot be read is an error, unless documented free text -------

JUNK = ["lots", "93x6", "n/a?", "1.2.3", "twelve", "§", "0x1F", "--", "12:30pm"]
KINDS = ["gias", "gias_links", "ks2", "ks4", "census", "absence", "ofsted", "postcodes"]


@pytest.fixture(scope="module")
def clean_db(tmp_path_factory):
    """A SQLite file holding the demo area (copied for each trial)."""
    folder = tmp_path_factory.mktemp("clean")
    path = folder / "clean.db"
    engine = make_engine(f"sqlite:///{path}")
    migrate(engine)
    ensure_data(engine)
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.mark.parametrize("kind", KINDS)
def test_junk_in_any_cell_is_refused_unless_the_column_is_free_text(clean_db, tmp_path, kind):
    """Junk put in random cells of every kind of file: the ingest names that line and column,
    or leaves the records as they were (the column is not read), or the column is documented
    as free text in knowledge/columns.yaml."""
    rng = random.Random(kind)
    source = CsvFile(demo_file(tmp_path / "demo", kind))
    trials = [(line, col) for line in source.data_lines()
              for col in range(len(source.cells(line)))]
    documented = free_text(kind)
    read = {i for i, name in enumerate(source.header) if norm(name) in _named(kind)}
    picked = rng.sample([t for t in trials if t[1] in read], 8) + rng.sample(trials, 4)
    outcomes = {"refused": 0, "not read": 0, "free text": 0}
    for n, (line, col) in enumerate(picked):
        column = source.header[col] if col < len(source.header) else None
        f = CsvFile(source.path)
        cells = f.cells(line)
        cells[col] = rng.choice(JUNK)
        f.set_cells(line, cells)
        path = f.write(tmp_path / f"t{n}" / source.path.name)
        db = tmp_path / f"t{n}.db"
        shutil.copyfile(clean_db, db)
        engine = make_engine(f"sqlite:///{db}")
        before = snapshot(engine, skip_sources=True)
        try:
            ingest_paths(engine, [path], demo=True)  # as the demo it replaces
        except IngestError as err:
            assert (err.line, err.column) == (line, column or f"#{col + 1}"), (cells[col], err)
            assert snapshot(engine, skip_sources=True) == before
            outcomes["refused"] += 1
        else:
            changed = snapshot(engine, skip_sources=True) != before
            assert not changed or norm(column or "") in documented, (
                f"{kind}: {cells[col]!r} in {column!r} (line {line}) was stored without an error")
            outcomes["free text" if changed else "not read"] += 1
        finally:
            engine.dispose()
    print(kind, outcomes)
    assert outcomes["refused"] >= 3, outcomes


def _named(kind: str) -> set[str]:
    """Columns columns.yaml names for `kind` (measures, GIAS fields, free text), and key columns."""
    from bot.ingest.columns import config

    cfg = config()
    names = set(free_text(kind)) | {"urn", "la", "lea", "estab", "rectype", "linkurn", "postcode",
                                    "la (code)", "laestab", "eastings", "latitude"}
    section = cfg.get(kind) or {}
    for aliases in (section.get("measures") or {}).values():
        names |= {norm(a) for a in aliases}
    if kind == "gias":
        names |= {norm(a) for aliases in cfg["gias"].values() for a in aliases}
    return names


# ---- duplicates, dates, headers, CSV faults, encodings ----------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_identical_duplicate_rows_are_collapsed_and_counted(engine, tmp_path, kind):
    f = CsvFile(demo_file(tmp_path / "a", kind))
    clean = ingest_paths(engine, [f.path])
    expected = snapshot(engine, skip_sources=True)
    lines = random.Random(kind).sample(f.data_lines(), 2)
    for line in lines:
        f.append(f.lines[line - 1].rstrip("\r"))
    # a new, empty database for the file with duplicates
    other = make_engine(f"sqlite:///{tmp_path / 'dup.db'}")
    migrate(other)
    report = ingest_paths(other, [f.write(tmp_path / "b" / f.path.name)])
    assert snapshot(other, skip_sources=True) == expected
    (result,) = report.files
    assert result.skip_reasons["identical duplicate row (collapsed)"] == 2
    assert result.rows_loaded == clean.files[0].rows_loaded
    other.dispose()


def gias_extract(folder: Path, name: str, changed: list[date]) -> Path:
    """The demo GIAS extract saved as `name`, its rows' LastChangedDate set from `changed`."""
    f = CsvFile(demo_file(folder / "src", "gias"))
    for line, day in zip(f.data_lines(), changed):
        f.set(line, "LastChangedDate", f"{day:%d-%m-%Y}")
    return f.write(folder / name)


def as_of(engine) -> set[date]:
    with Session(engine) as s:
        return set(s.scalars(select(School.as_of).where(School.demo.is_(False))))


@pytest.mark.parametrize("seed", SEEDS)
def test_one_outlier_never_dates_an_extract_nor_blocks_a_later_one(engine, tmp_path, seed):
    rng = random.Random(seed)
    day = date(2025, 3, 1) + timedelta(days=rng.randrange(300))
    dates = [day - timedelta(days=rng.randrange(60)) for _ in range(29)] + [day, day]
    rng.shuffle(dates)
    dates[rng.randrange(len(dates))] = day + timedelta(days=rng.randrange(30, 200))  # one outlier
    first = gias_extract(tmp_path / "a", "gias_extract.csv", dates)  # no date in the name
    report = ingest_paths(engine, [first])
    assert as_of(engine) == {day} and report.files[0].reason == f"extract of {day.isoformat()}"
    later = day + timedelta(days=10)
    second = gias_extract(tmp_path / "b", f"edubasealldata{later:%Y%m%d}.csv", [later] * 30)
    ingest_paths(engine, [second])
    assert as_of(engine) == {later}, "the later extract was not blocked"


def test_a_last_changed_date_in_the_future_is_refused(loaded_url, tmp_path):
    future = date.today() + timedelta(days=3)
    path = gias_extract(tmp_path / "in", "gias_extract.csv", [date(2025, 1, 1)] * 29 + [future])
    refused(loaded_url, path, line=31, column="LastChangedDate", message="is after today")


def test_a_header_longer_than_64_kb_is_read_whole(engine, tmp_path):
    f = CsvFile(demo_file(tmp_path / "in", "ks4"))
    extra = [f"EXTRA_COLUMN_{i:05d}" for i in range(5000)]
    at = f.header.index("P8MEA")
    for n in range(1, len(f.lines) + 1):
        if not f.lines[n - 1].strip():
            continue
        cells = f.cells(n)
        if n == 1:
            cells[at:at] = extra
        elif len(cells) > at:
            cells[at:at] = [""] * len(extra)
        f.set_cells(n, cells)
    assert len(f.lines[0]) > 100_000
    report = ingest_paths(engine, [f.write()])
    assert report.files[0].status == "loaded" and report.files[0].kind == "ks4"
    line = next(n for n in school_lines(f) if _is_number(f.cells(n)[at + len(extra)]))
    urn, p8 = f.cells(line)[f.header.index("URN")], float(f.cells(line)[at + len(extra)])
    with Session(engine) as s:
        from bot.models import Figure
        stored = s.scalar(select(Figure.value).filter_by(area_key=f"school:{urn}", measure="p8"))
    assert stored == p8


@pytest.mark.parametrize("bad, column_of, message", [
    ('"40"01', "ESTAB", "malformed CSV"),  # a quote closed mid-field
])
def test_malformed_csv_names_line_and_column(engine, tmp_path, bad, column_of, message):
    f = CsvFile(demo_file(tmp_path / "in", "ks4"))
    line = random.Random(1).choice(school_lines(f))
    cells = f.cells(line)
    i = f.header.index(column_of)
    text = row_text(cells[:i]) + "," + bad + "," + row_text(cells[i + 1:])
    f.lines[line - 1] = text + "\r"
    with pytest.raises(IngestError) as info:
        ingest_paths(engine, [f.write()])
    assert (info.value.line, info.value.column) == (line, column_of)
    assert message in info.value.message


@pytest.mark.parametrize("where, column", [("middle", "Street"), ("last", "Linked establishments")])
def test_an_unclosed_quote_names_the_field_it_opens(engine, tmp_path, where, column):
    """A quote left open runs into the next field (an error there) or to the end of the file
    (an error where it began)."""
    f = CsvFile(demo_file(tmp_path / "in", "gias"))
    lines = [n for n in f.data_lines() if f.cells(n)[f.header.index(column)]]
    line = lines[-1] if where == "last" else random.Random(2).choice(lines[:-1])
    value = f.cells(line)[f.header.index(column)]
    f.lines[line - 1] = f.lines[line - 1].replace(f'"{value}"', f'"{value}', 1)
    with pytest.raises(IngestError) as info:
        ingest_paths(engine, [f.write()])
    assert "malformed CSV" in info.value.message
    assert (info.value.line, info.value.column) == (line, column)


@pytest.mark.parametrize("kind, key", [("gias", "URN"), ("ks4", "RECTYPE"), ("postcodes", "postcode")])
def test_a_header_only_file_names_a_key_column(engine, tmp_path, kind, key):
    f = CsvFile(demo_file(tmp_path / "in", kind))
    f.lines = [f.lines[0], ""]
    with pytest.raises(IngestError) as info:
        ingest_paths(engine, [f.write()])
    assert "header only" in info.value.message
    assert (info.value.line, info.value.column) == (2, key)


def links_file(path: Path, names: list[bytes]) -> Path:
    """A GIAS links file (the demo's header) with one link per name, written byte for byte."""
    header = CsvFile(demo_file(path.parent / "demo", "gias_links")).lines[0].rstrip("\r")
    rows = [b'%d,%d,"%s","Successor","01-09-2020"' % (100000 + i, 200000 + i, name)
            for i, name in enumerate(names)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\r\n".join([header.encode(), *rows, b""]))
    return path


def link_names(engine) -> dict[int, str]:
    from bot.models import SchoolLink

    with Session(engine) as s:
        return dict(s.execute(select(SchoolLink.urn, SchoolLink.link_name)).all())


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
def test_the_encoding_is_decided_from_the_whole_file(engine, tmp_path, encoding):
    """The only non-ASCII name of a file comes after its first 64 KB: read right either way;
    with a name in the other encoding earlier in the file, it is refused at the later one."""
    names = [b"Plain School %d" % i for i in range(3000)]
    names[-1] = "Café School".encode(encoding)
    report = ingest_paths(engine, [links_file(tmp_path / "ok" / "links.csv", names)])
    assert report.files[0].encoding == encoding and report.files[0].status == "loaded"
    assert link_names(engine)[100000 + len(names) - 1] == "Café School"
    other = "cp1252" if encoding == "utf-8" else "utf-8"
    names[5] = "Crème School".encode(other)
    mixed = links_file(tmp_path / "mixed" / "links.csv", names)
    with pytest.raises(IngestError) as info:
        ingest_paths(engine, [mixed])
    assert "mixed encodings" in info.value.message and info.value.column == "LinkName"
    assert info.value.line in (7, len(names) + 1)  # the first byte that is not UTF-8
