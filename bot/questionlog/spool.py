"""The question log's retry queue: a small local file where already-redacted rows wait while
the database cannot take them, so they survive a restart.

The file is written only when a database write fails, holds at most `limit` questions (the
oldest are dropped first), and is emptied when they are written. Several processes may share it:
every change holds an exclusive lock on the file. One JSON object a line; a write reaches the
operating system at once (it survives the process, not necessarily a power cut).
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import Engine

from bot.db import has_state_file
from bot.settings import get_settings

Item = tuple[dict[str, Any], list[dict[str, Any]]]  # a question row and its school rows
SPOOL_DIR: Path | None = None  # where spools of non-file databases go; None: the data folder's spool/


def spool_path(engine: Engine) -> Path:
    """Where `engine`'s queue lives: beside a SQLite file (schoolbot-spool.jsonl), else a file
    named after the database URL under the data folder's spool/."""
    if has_state_file(engine) and engine.url.database:
        records = Path(engine.url.database)
        return records.with_name(f"{records.stem}-spool.jsonl")
    url = engine.url.render_as_string(hide_password=False)
    spool_dir = SPOOL_DIR or get_settings().data_dir / "spool"  # a database that is no local file
    return spool_dir / f"questions-{hashlib.sha256(url.encode()).hexdigest()[:16]}.jsonl"


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    raise TypeError(f"cannot spool a {type(value).__name__}")


def _decode(obj: dict[str, Any]) -> Any:
    if "$datetime" in obj:
        return datetime.fromisoformat(obj["$datetime"])
    if "$date" in obj:
        return date.fromisoformat(obj["$date"])
    return obj


class Spool:
    """Questions waiting for the database, in a file at `path` (at most `limit` of them)."""

    def __init__(self, path: Path, limit: int) -> None:
        self.path = path
        self.limit = limit

    def __bool__(self) -> bool:
        """True when questions wait (one stat call: cheap enough for every question)."""
        try:
            return os.stat(self.path).st_size > 0
        except OSError:
            return False

    def __len__(self) -> int:
        if not self:
            return 0
        with self._locked() as fh:
            return len(self._read(fh))

    def add(self, items: list[Item]) -> int:
        """Queue `items`; returns how many of the oldest were dropped to stay within the limit."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked() as fh:
            if fh.read().count("\n") + len(items) <= self.limit:
                fh.write("".join(map(self._line, items)))  # at the end: just read to it
                fh.flush()
                return 0
            queued = self._read(fh) + items
            dropped = max(0, len(queued) - self.limit)
            self._write(fh, queued[dropped:])
        return dropped

    def drain(self, write: Callable[[list[Item]], list[Item]]) -> int:
        """Hand the queue to `write`, which returns the items it could not store (they stay
        queued); returns how many were stored. Raises what `write` raises (all stay queued)."""
        if not self:
            return 0
        with self._locked() as fh:
            queued = self._read(fh)
            left = write(queued) if queued else []
            self._write(fh, left)
        return len(queued) - len(left)

    def discard(self, unwanted: Callable[[Item], bool]) -> int:
        """Remove the queued items `unwanted` picks (for /forget); returns how many."""
        if not self:
            return 0
        with self._locked() as fh:
            queued = self._read(fh)
            kept = [item for item in queued if not unwanted(item)]
            if len(kept) != len(queued):
                self._write(fh, kept)
        return len(queued) - len(kept)

    @contextmanager
    def _locked(self) -> Iterator[IO[str]]:
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)  # redacted, but still private
        with os.fdopen(fd, "r+", encoding="utf-8") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            yield fh

    @staticmethod
    def _read(fh: IO[str]) -> list[Item]:
        fh.seek(0)
        items = []
        for line in fh:
            try:
                obj = json.loads(line, object_hook=_decode)
                items.append((obj["row"], obj["schools"]))
            except (ValueError, KeyError, TypeError):
                continue  # a line cut short by a crash: nothing to recover
        return items

    @staticmethod
    def _line(item: Item) -> str:
        row, schools = item
        return json.dumps({"row": row, "schools": schools}, default=_encode) + "\n"

    def _write(self, fh: IO[str], items: list[Item]) -> None:
        fh.seek(0)
        fh.truncate()
        fh.write("".join(map(self._line, items)))
        fh.flush()
