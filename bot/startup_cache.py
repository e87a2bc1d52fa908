"""What a process needs before its first answer, kept between runs in one file: the school-name
index, the records' caches (LA and England figures, latest years, place centres, the grid of
open schools, coverage) and the English word list.

A process loads the file instead of building them from the database again (at 50,000
establishments: a fraction of a second instead of several seconds; see benchmarks/startup.py).
The file is written by the first process that needs it and by `schoolbot ingest` and `fetch`
after they load data. It is keyed to the data and to the code: a digest of every source file's
id, checksum and load time, the count and largest key of the schools, their names and links,
the largest figure and inspection ids, and of the source of the modules that build what is
kept, the Python version and wordfreq's word list. A file for other data or code is never used:
the next process builds afresh and rewrites it.

Reading accepts only what Schoolbot writes: a header with the format and key, then sections,
each with its length and CRC-32, holding a pickle that may name only the classes in ALLOWED.
Any mismatch or error (a stale, truncated, corrupt or foreign file) means building afresh, with
the reason logged. The file sits beside a SQLite records file (`schoolbot-startup.cache` beside
`schoolbot.db`); for PostgreSQL it goes to the data folder's cache/, named after the database
URL; an in-memory database has none.
"""

from __future__ import annotations

import gc
import hashlib
import io
import logging
import os
import pickle
import sys
import time
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from importlib.util import find_spec
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import records
from bot.db import has_state_file
from bot.understanding import english
from bot.understanding.matcher import SchoolIndex

log = logging.getLogger(__name__)

FORMAT = 1  # of the file; a change of what is stored changes the code digest anyway
MAGIC = b"schoolbot startup cache"
CACHE_DIR: Path | None = None  # where caches of non-file databases go; None: the data folder's cache/
SECTIONS = ("index", "records", "words")
# The only classes a kept file may name (besides the builtin containers pickle writes itself).
ALLOWED = frozenset({
    ("bot.records", "_Catalogue"), ("bot.records", "FileInfo"), ("bot.rows", "FigureRow"),
    ("bot.records", "Coverage"), ("collections", "defaultdict"), ("builtins", "set"),
    ("builtins", "list"), ("datetime", "date"), ("datetime", "datetime"),
})
# The modules whose code decides what is kept: a change to any of them is a new key.
CODE = ("bot.startup_cache", "bot.understanding.matcher", "bot.understanding.names",
        "bot.understanding.text", "bot.understanding.places", "bot.understanding.english",
        "bot.records", "bot.rows", "bot.models")
_DATA_QUERIES = (
    "SELECT id, sha256, loaded_at FROM source_files ORDER BY id",
    "SELECT count(*), max(urn) FROM schools",
    "SELECT count(*), max(id) FROM school_names",
    "SELECT count(*), max(id) FROM school_links",
    "SELECT max(id) FROM figures",
    "SELECT max(id) FROM inspections",
)


class CacheMiss(Exception):
    """The kept file cannot be used (the message says why)."""


@dataclass
class Loaded:
    """What `load` found or built, and how."""

    index: SchoolIndex
    source: str  # "cache", "built" (and kept) or "built, not kept"
    key: str | None = None  # the data (and code) version it was loaded or built for; None: unknown


def school_index(engine: Engine, *, warm: bool = True) -> SchoolIndex:
    """The school-name index of `engine`'s records, with the English word list ready and, when
    `warm`, the records' caches filled: from the kept file when it is valid, else built (and
    kept for the next process)."""
    return load(engine, warm=warm).index


def load(engine: Engine, *, warm: bool = True) -> Loaded:
    """As `school_index`, saying where the index came from."""
    path, key = cache_path(engine), None
    if path is None:
        key = _key_or_none(engine)
    else:
        try:
            key = cache_key(engine)
            with _gc_paused():
                found = _read(path, key, warm=warm)
                index = SchoolIndex.from_state(found["index"])
            english.adopt_words(found["words"])
            if warm and found["records"] is not None:
                records.adopt_caches(engine, found["records"])
            return Loaded(index, "cache", key)
        except FileNotFoundError:
            log.info("start-up cache %s: none yet; building it", path)
        except Exception as exc:  # stale, corrupt, unreadable, or the database is not ready
            log.info("start-up cache %s not used (%s); building afresh", path, _reason(exc))
    index, kept = build(engine, path, key, warm=warm)
    return Loaded(index, "built" if kept else "built, not kept", key)


def _key_or_none(engine: Engine) -> str | None:
    """The data version of a database without a kept file (in memory), or None when unreadable."""
    try:
        return cache_key(engine)
    except Exception as exc:
        log.info("data version of %s not read (%s)", engine.url.render_as_string(), _reason(exc))
        return None


def refresh(engine: Engine) -> Path | None:
    """Make the kept file match `engine`'s records now (after an ingest): build and write it
    unless it already does. The file, or None when there is none (an in-memory database) or it
    could not be written."""
    path = cache_path(engine)
    if path is None:
        return None
    try:
        key = cache_key(engine)
        if _header(path) == _first_line(key):
            return path
        return path if build(engine, path, key, warm=True)[1] else None
    except Exception as exc:  # the data went in: a start builds what it needs, as without a file
        log.warning("start-up cache not prepared (%s)", _reason(exc))
        return None


def build(engine: Engine, path: Path | None, key: str | None, *,
          warm: bool = True) -> tuple[SchoolIndex, bool]:
    """Build the index (and the records' caches, and the word list) from the database; keep
    them at `path` under `key` when both are given and the data did not change meanwhile (True
    when kept)."""
    index = SchoolIndex.from_engine(engine)
    keep = path is not None and key is not None
    catalogue = None
    if warm or keep:
        with Session(engine) as session:
            records.warm_up(session)
            records.coverage(session)
            catalogue = records.caches(session)
    words = english.common_words()
    if path is not None and key is not None:  # keep
        try:
            if cache_key(engine) != key:  # an ingest committed while building: keep nothing
                log.info("start-up cache not written: the records changed while it was built")
                return index, False
            _write(path, key, {"index": index.state(), "records": catalogue, "words": words})
            return index, True
        except Exception as exc:  # a read-only folder, a full disk: the next start builds again
            log.warning("start-up cache %s not written (%s)", path, _reason(exc))
    return index, False


# ---- where and which ----------------------------------------------------------------------------

def cache_path(engine: Engine) -> Path | None:
    """Where `engine`'s start-up cache lives: beside a SQLite file (schoolbot-startup.cache),
    else (PostgreSQL) under the data folder's cache/, named after the database URL; None for an
    in-memory database."""
    if has_state_file(engine) and engine.url.database:
        database = Path(engine.url.database)
        return database.with_name(f"{database.stem}-startup.cache")
    if engine.dialect.name == "sqlite":
        return None
    from bot.settings import get_settings

    url = engine.url.render_as_string(hide_password=False)
    folder = CACHE_DIR or get_settings().data_dir / "cache"
    return folder / f"startup-{hashlib.sha256(url.encode()).hexdigest()[:16]}.cache"


def cache_key(engine: Engine) -> str:
    """The digest a kept file must carry to be used for `engine` now: data version and code."""
    digest = hashlib.sha256(code_version().encode())
    with engine.connect() as conn:
        for query in _DATA_QUERIES:
            for row in conn.exec_driver_sql(query):
                digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


@lru_cache(maxsize=1)
def code_version() -> str:
    """A digest of what builds the kept data: the modules' source, Python, wordfreq's list."""
    digest = hashlib.sha256(f"{FORMAT} {sys.version} {pickle.DEFAULT_PROTOCOL}".encode())
    for name in CODE:
        module = sys.modules.get(name)
        found = None if module else find_spec(name)
        origin = module.__file__ if module else found.origin if found else None
        digest.update(Path(origin or name).read_bytes())
    spec = find_spec("wordfreq")
    if spec is not None and spec.origin:
        for data in sorted((Path(spec.origin).parent / "data").glob("small_en*")):
            stat = data.stat()
            digest.update(f"{data.name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()


# ---- the file ---------------------------------------------------------------------------------

def _write(path: Path, key: str, sections: dict[str, object]) -> None:
    """Write the file whole under a temporary name, then move it into place (atomic: a reader
    sees the old file or the new one)."""
    blobs = {name: pickle.dumps(sections[name], protocol=pickle.HIGHEST_PROTOCOL) for name in SECTIONS}
    header = [_first_line(key)]
    header += [f"{name} {len(blob)} {zlib.crc32(blob):08x}".encode() for name, blob in blobs.items()]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}-{time.monotonic_ns()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(b"\n".join(header) + b"\n\n")
            for blob in blobs.values():
                fh.write(blob)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _read(path: Path, key: str, *, warm: bool) -> dict[str, Any]:
    """The sections kept at `path` under `key`: the index's state and the word list, and when
    `warm` the records' caches; CacheMiss, or another error, when the file cannot be used."""
    with open(path, "rb") as fh:
        first = fh.readline().rstrip(b"\n")
        if first != _first_line(key):
            raise CacheMiss("written for other data or code" if first.startswith(MAGIC) else "not a cache file")
        layout: dict[str, tuple[int, int, int]] = {}
        offset = 0
        while (line := fh.readline().rstrip(b"\n")):
            section, length, check = line.decode("ascii").split(" ")
            layout[section] = (offset, int(length), int(check, 16))
            offset += int(length)
        if set(layout) != set(SECTIONS):
            raise CacheMiss("sections missing")
        start = fh.tell()
        found = {}
        for name in ["index", "words", *(["records"] if warm else [])]:
            at, size, crc = layout[name]
            fh.seek(start + at)
            blob = fh.read(size)
            if len(blob) != size or zlib.crc32(blob) != crc:
                raise CacheMiss(f"section {name} is damaged")
            found[name] = _Unpickler(io.BytesIO(blob)).load()
    return found


def _first_line(key: str) -> bytes:
    return MAGIC + f" {FORMAT} {key}".encode()


def _header(path: Path) -> bytes | None:
    """The first line of the file at `path` (None when there is none to read)."""
    try:
        with open(path, "rb") as fh:
            return fh.readline(len(MAGIC) + 100).rstrip(b"\n")
    except OSError:
        return None


class _Unpickler(pickle.Unpickler):
    """Unpickles plain data and the classes in ALLOWED only (never code)."""

    def find_class(self, module: str, name: str):
        if (module, name) not in ALLOWED:
            raise CacheMiss(f"the file names {module}.{name}")
        return super().find_class(module, name)


@contextmanager
def _gc_paused() -> Iterator[None]:
    """No cyclic collection while a million objects are read in (each would rescan them)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _reason(exc: Exception) -> str:
    return str(exc) if isinstance(exc, CacheMiss) else f"{type(exc).__name__}: {exc}"[:200]
