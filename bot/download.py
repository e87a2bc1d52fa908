"""HTTP downloads for `schoolbot fetch`: conditional (ETag / Last-Modified), retried, resumed
after a dropped connection (HTTP Range), checked against Content-Length and checksummed (sha256).

What was fetched is remembered in a manifest (downloads/manifest.json), so a re-run asks the
server "changed since?" and downloads nothing when it has not.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import os
import re
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

CHUNK = 1 << 16
# The DfE performance tables service answers scripts only with a browser-like User-Agent.
USER_AGENT = "Mozilla/5.0 (compatible; Schoolbot; +open data fetch)"
RETRYABLE = (urllib.error.URLError, http.client.HTTPException, ConnectionError, TimeoutError)


class DownloadError(Exception):
    """A download failed for good (after retries, or an HTTP error that retrying cannot fix)."""


@dataclass
class Fetched:
    """The outcome of one download: "downloaded" (bytes in `part`), "unchanged" or "missing"."""

    status: str
    url: str
    part: Path | None = None
    name: str = ""  # the server's file name (Content-Disposition, else the URL's last segment)
    etag: str | None = None
    last_modified: str | None = None
    sha256: str | None = None
    size: int = 0
    resumed: bool = False


class Manifest:
    """url -> what was last kept from it (etag, last_modified, sha256, size, file, fetched_at,
    ingested); one JSON file, written atomically."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.entries: dict[str, dict] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            self.entries = {}

    def get(self, url: str) -> dict:
        """The record of `url` (empty when never fetched)."""
        return self.entries.get(url, {})

    def put(self, url: str, **fields) -> None:
        """Update the record of `url` and save."""
        self.entries.setdefault(url, {}).update(fields)
        self.save()

    def save(self) -> None:
        """Write the manifest (to a temporary file, then into place)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.entries, indent=1, sort_keys=True), encoding="utf-8")
        tmp.replace(self.path)


def download(url: str, part: Path, known: dict | None = None, *, retries: int = 3, backoff: float = 1.0,
             timeout: float = 60) -> Fetched:
    """Fetch `url` into `part` unless the server says it is unchanged since `known` (a manifest
    record). Retries connection errors, timeouts and 5xx `retries` times (waiting `backoff`,
    then twice as long); a body cut short is resumed with a Range request where the server allows."""
    known = known or {}
    part.parent.mkdir(parents=True, exist_ok=True)
    part.unlink(missing_ok=True)
    validator: str | None = None
    last_error, resumed = "", False
    for attempt in range(retries + 1):
        if attempt:
            time.sleep(backoff * 2 ** (attempt - 1))
        have = part.stat().st_size if part.exists() else 0
        headers = {"User-Agent": USER_AGENT, "Accept-Encoding": "identity"}
        if have and validator:
            headers.update({"Range": f"bytes={have}-", "If-Range": validator})
        elif known.get("etag") or known.get("last_modified"):
            if known.get("etag"):
                headers["If-None-Match"] = known["etag"]
            if known.get("last_modified"):
                headers["If-Modified-Since"] = known["last_modified"]
        try:
            with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as resp:
                resumed = resumed or resp.status == 206
                etag, modified = resp.headers.get("ETag"), resp.headers.get("Last-Modified")
                ranges = resp.headers.get("Accept-Ranges", "") == "bytes" or resp.status == 206
                validator = (etag or modified) if ranges else None  # resume only what can be
                expected = _expected_size(resp, have if resp.status == 206 else 0)
                with open(part, "ab" if resp.status == 206 else "wb") as out:
                    _copy(resp, out)
                size = part.stat().st_size
                if expected is not None and size != expected:
                    raise http.client.IncompleteRead(b"", expected - size)
                return Fetched("downloaded", url, part, _file_name(resp, url), etag, modified,
                               sha256_file(part), size, resumed)
        except urllib.error.HTTPError as exc:
            if exc.code == 304:
                return Fetched("unchanged", url)
            if exc.code in (404, 410):
                return Fetched("missing", url)
            if exc.code < 500 and exc.code != 429:
                raise DownloadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
            last_error = f"HTTP {exc.code} {exc.reason}"
        except RETRYABLE as exc:
            last_error = _reason(exc)
    part.unlink(missing_ok=True)
    raise DownloadError(f"{url}: {last_error} (after {retries + 1} tries)")


def _copy(resp, out) -> None:
    while chunk := resp.read(CHUNK):
        out.write(chunk)
    out.flush()
    os.fsync(out.fileno())


def _expected_size(resp, offset: int) -> int | None:
    length = resp.headers.get("Content-Length")
    return offset + int(length) if length and length.isdigit() else None


def _file_name(resp, url: str) -> str:
    disposition = resp.headers.get("Content-Disposition") or ""
    m = re.search(r"filename\*?=(?:UTF-8'')?\"?([^\";]+)", disposition)
    name = urllib.parse.unquote(m.group(1)) if m else urllib.parse.unquote(urllib.parse.urlsplit(url).path)
    return re.sub(r"[^\w.\- ]", "_", name.replace("\\", "/").rsplit("/", 1)[-1]).strip() or "download"


def sha256_file(path: Path) -> str:
    """The sha256 of a file, hex."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _reason(exc: BaseException) -> str:
    reason = getattr(exc, "reason", None)
    return str(reason or exc) or type(exc).__name__


def now() -> str:
    """The current UTC time, ISO 8601 (manifest timestamps)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()
