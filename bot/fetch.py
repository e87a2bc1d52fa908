"""`schoolbot fetch`: download the public daily GIAS establishment extract."""

from __future__ import annotations

import urllib.error
import urllib.request
from datetime import date, datetime, timedelta
from pathlib import Path

from bot.settings import get_settings

FALLBACK_DAYS = 4
CHUNK = 1 << 16


class FetchError(Exception):
    """The extract could not be downloaded."""


def extract_url(day: date, base_url: str | None = None) -> str:
    """`{gias_base_url}/edubasealldata{YYYYMMDD}.csv`."""
    base = (base_url or get_settings().gias_base_url).rstrip("/")
    return f"{base}/edubasealldata{day:%Y%m%d}.csv"


def fetch_gias(*, day: str | date | None = None, dest: Path | None = None, base_url: str | None = None,
               progress: bool = False, timeout: float = 60) -> Path:
    """Download the extract of `day` (default today, else up to 4 days earlier when the server
    answers 404) into `dest` (default the data folder's downloads/); the file's path."""
    if isinstance(day, str):
        try:
            day = datetime.strptime(day, "%Y%m%d").date()
        except ValueError:
            raise FetchError(f"--date must be YYYYMMDD, not {day!r}") from None
    days = [day] if day else [date.today() - timedelta(days=n) for n in range(FALLBACK_DAYS + 1)]
    dest = dest or get_settings().downloads_dir
    dest.mkdir(parents=True, exist_ok=True)
    tried = []
    for d in days:
        url = extract_url(d, base_url)
        try:
            return _download(url, dest / f"edubasealldata{d:%Y%m%d}.csv", progress, timeout)
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                raise FetchError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            tried.append(url)
        except (urllib.error.URLError, OSError) as exc:
            raise FetchError(f"{url}: {getattr(exc, 'reason', exc)}") from None
    raise FetchError("no extract found (HTTP 404): " + ", ".join(tried))


def _download(url: str, target: Path, progress: bool, timeout: float) -> Path:
    """Stream `url` to a temporary file, then move it into place."""
    partial = target.with_suffix(".part")
    with urllib.request.urlopen(url, timeout=timeout) as response:
        total = int(response.headers.get("Content-Length") or 0) or None
        bar = None
        if progress:
            from rich.progress import DownloadColumn, Progress, TransferSpeedColumn

            bar = Progress(*Progress.get_default_columns(), DownloadColumn(), TransferSpeedColumn(),
                           transient=True)
            bar.start()
            task = bar.add_task(f"Downloading {target.name}", total=total)
        try:
            with open(partial, "wb") as out:
                while chunk := response.read(CHUNK):
                    out.write(chunk)
                    if bar:
                        bar.advance(task, len(chunk))
        finally:
            if bar:
                bar.stop()
    partial.replace(target)
    return target
