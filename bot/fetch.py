"""`schoolbot fetch`: download each official source of knowledge/sources.yaml and ingest it.

Each source is fetched and ingested on its own: a download that fails, a file whose format
changed (reported with what changed) or an ingest that fails leaves that source's data already
loaded as it was, and the other sources still load.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shutil
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from sqlalchemy import Engine

from bot.download import DownloadError, Fetched, Manifest, download, now, sha256_file
from bot.settings import Settings, get_settings
from bot.sources import Source, Target, all_sources, bases, file_header


class FetchError(Exception):
    """A fetch that cannot start (an unknown source name, a bad --date)."""


@dataclass
class SourceResult:
    """What fetching one source did."""

    name: str
    title: str
    downloaded: list[str] = field(default_factory=list)  # files downloaded (or resumed) this run
    unchanged: int = 0  # downloads the server said (or the checksum showed) are unchanged
    missing: list[str] = field(default_factory=list)  # years or dates not published (HTTP 404)
    problems: list[str] = field(default_factory=list)  # failed downloads, changed formats, failed ingests
    loaded: list[str] = field(default_factory=list)  # files the ingest loaded
    not_loaded: list[str] = field(default_factory=list)  # "file: why" for files kept but not loaded

    @property
    def status(self) -> str:
        """"problem", "updated", "kept (not loaded)", "up to date" or "nothing published"."""
        if self.problems:
            return "problem"
        if self.loaded:
            return "updated"
        if self.downloaded or self.not_loaded:
            return "kept (not loaded)"
        return "up to date" if self.unchanged else "nothing published"


@dataclass
class FetchReport:
    """Every source fetched, in order, and the demo schools removed once real data loaded."""

    sources: list[SourceResult] = field(default_factory=list)
    removed_demo: int = 0

    @property
    def downloaded(self) -> int:
        """Files downloaded by this run."""
        return sum(len(s.downloaded) for s in self.sources)

    @property
    def ok(self) -> bool:
        """No source had a problem."""
        return not any(s.problems for s in self.sources)


def source_bases(settings: Settings | None = None) -> dict[str, str]:
    """Base name -> URL: the official ones, each moved to {SOURCES_BASE_URL}/{name} when that is
    set; GIAS_BASE_URL, when set, moves the gias base."""
    settings = settings or get_settings()
    out = bases()
    if settings.sources_base_url:
        out = {name: f"{settings.sources_base_url.rstrip('/')}/{name}" for name in out}
    if settings.gias_base_url:
        out["gias"] = settings.gias_base_url
    return out


def select_sources(names: Iterable[str] = ()) -> list[Source]:
    """The sources named (all when none), in the sources file's order; FetchError names unknown ones."""
    known = all_sources()
    names = list(names)
    unknown = [n for n in names if n not in known]
    if unknown:
        raise FetchError(f"unknown source {', '.join(unknown)}; the sources are: {', '.join(known)}")
    return [s for n, s in known.items() if not names or n in names]


def parse_day(day: str | None) -> date | None:
    """--date YYYYMMDD."""
    if day is None:
        return None
    try:
        return datetime.strptime(day, "%Y%m%d").date()
    except ValueError:
        raise FetchError(f"--date must be YYYYMMDD, not {day!r}") from None


def fetch(engine: Engine | None, names: Iterable[str] = (), *, dest: Path | None = None,
          day: date | None = None, today: date | None = None, retries: int = 3, backoff: float = 1.0,
          timeout: float = 60, settings: Settings | None = None) -> FetchReport:
    """Download every source named (all when none) into `dest` (default the data folder's
    downloads/) and, with an engine, ingest what is new, source by source."""
    settings = settings or get_settings()
    dest = Path(dest or settings.downloads_dir)
    manifest = Manifest(dest / "manifest.json")
    where = source_bases(settings)
    report = FetchReport()
    for source in select_sources(names):
        result = SourceResult(source.name, source.title)
        report.sources.append(result)
        fetcher = _SourceFetch(source, dest, manifest, result, dict(retries=retries, backoff=backoff,
                                                                    timeout=timeout))
        for alternatives in source.targets(where[source.base], day=day, today=today):
            fetcher.first_available(alternatives)
        if not source.years:
            _prune(source, dest, manifest)
        if engine is not None and source.load:
            _ingest(engine, source, dest, manifest, result)
        elif not source.load:
            result.not_loaded += [f"{name}: {source.why}" for name in result.downloaded]
    if engine is not None and any(s.loaded for s in report.sources):
        from bot.demo import remove_demo_data

        report.removed_demo = remove_demo_data(engine)
    return report


@dataclass
class _SourceFetch:
    source: Source
    dest: Path
    manifest: Manifest
    result: SourceResult
    options: dict

    def first_available(self, alternatives: list[Target]) -> None:
        """Fetch the first of `alternatives` the server has (404: try the next)."""
        for target in alternatives:
            try:
                if self.fetch(target) != "missing":
                    return
            except DownloadError as exc:
                self.result.problems.append(f"download failed, the data already loaded stays: {exc}")
                return
        labels = [t.label for t in alternatives if t.label]
        what = labels[0] if len(labels) == 1 else (f"{labels[-1]} to {labels[0]}" if labels else "the file")
        if self.source.years:
            self.result.missing.append(what)  # a year not (yet) published
        else:
            self.result.problems.append(f"not found (HTTP 404) for {what}: {alternatives[0].url}")

    def fetch(self, target: Target) -> str:
        """"downloaded", "unchanged" or "missing"."""
        url = self._picked(target.url) if self.source.pick else target.url
        if url is None:
            return "missing"
        known = self._known(url)
        got = download(url, self.dest / ".partial" / _slug(url), known, **self.options)
        if got.status != "downloaded":
            if got.status == "unchanged":
                self.result.unchanged += 1
                self.manifest.put(url, checked_at=now())
            return got.status
        part, sha = got.part, got.sha256
        if part is None or sha is None:  # (a download always has both)
            raise DownloadError(f"{url}: downloaded, but no file was kept")
        if known and sha == known.get("sha256"):  # the same bytes again (no validators)
            part.unlink()
            self.result.unchanged += 1
            self.manifest.put(url, etag=got.etag, last_modified=got.last_modified, checked_at=now())
            return "unchanged"
        if self.source.member:
            self._keep_members(target, got, part, self.source.member)
        else:
            self._keep(target, got, part, got.name, url, sha)
        return "downloaded"

    def _known(self, url: str) -> dict:
        """The manifest record to ask "changed since?" with; none when a file kept from `url`
        (or from its ZIP) is no longer there, so it is downloaded again."""
        kept = [e["file"] for k, e in self.manifest.entries.items()
                if (k == url or k.startswith(url + "#")) and "file" in e]
        return {} if any(not (self.dest / f).is_file() for f in kept) else self.manifest.get(url)

    def _picked(self, page_url: str) -> str | None:
        """The newest attachment of a GOV.UK content-API page matching `pick` (None: no page)."""
        got = download(page_url, self.dest / ".partial" / _slug(page_url), self.manifest.get(page_url),
                       **self.options)
        if got.status == "missing":
            return None
        if got.status == "unchanged":
            return self.manifest.get(page_url)["picked"]
        part = got.part
        if part is None:  # (a download always has its file)
            raise DownloadError(f"{page_url}: downloaded, but no file was kept")
        try:
            page = json.loads(part.read_text(encoding="utf-8"))
            attachments = page["details"]["attachments"]
        except (ValueError, KeyError, TypeError) as exc:
            raise DownloadError(f"{page_url}: not a GOV.UK content page with attachments ({exc})") from None
        finally:
            part.unlink()
        want, ext = self.source.pick["title"].lower(), self.source.pick.get("ext", "").lower()
        found = [(_title_date(a.get("title", "")), urljoin(page_url, a["url"])) for a in attachments
                 if want in a.get("title", "").lower() and a.get("url", "").lower().endswith(ext)]
        if not found:
            raise DownloadError(f"{page_url}: no attachment titled like {self.source.pick['title']!r}")
        picked = max(found, key=lambda f: f[0] or date.min)[1]
        self.manifest.put(page_url, etag=got.etag, last_modified=got.last_modified, picked=picked,
                          checked_at=now())
        return picked

    def _keep(self, target: Target, got: Fetched, data: Path, name: str, key: str, sha: str) -> bool:
        """Check the file's format, then put it in place; False for a changed format (the file is
        kept beside, as .rejected, not loaded, and fetched again next time)."""
        final = self.dest / target.file.format(name=name)
        change = self.source.format_change(file_header(data))
        final.parent.mkdir(parents=True, exist_ok=True)
        label = target.label or final.name
        if change:
            data.replace(final.with_name(final.name + ".rejected"))
            self.result.problems.append(f"{label}: format changed, not loaded (the data already loaded "
                                        f"stays): {change}")
            return False
        data.replace(final)
        self.result.downloaded.append(final.name + (" (resumed)" if got.resumed else ""))
        kept = final.relative_to(self.dest).as_posix()
        for other in [k for k, e in self.manifest.entries.items() if k != key and e.get("file") == kept]:
            del self.manifest.entries[other]  # an older URL of the same file
        self.manifest.put(key, source=self.source.name, label=target.label, file=kept, sha256=sha,
                          size=final.stat().st_size, etag=got.etag, last_modified=got.last_modified,
                          fetched_at=now(), checked_at=now())
        return True

    def _keep_members(self, target: Target, got: Fetched, part: Path, member_glob: str) -> None:
        """A ZIP download (in `part`): keep each member matching `member_glob`."""
        try:
            archive = zipfile.ZipFile(part)
        except zipfile.BadZipFile:
            part.unlink()
            self.result.problems.append(f"format changed, not loaded: expected a ZIP holding "
                                        f"{member_glob}, got another kind of file")
            return
        with archive:
            members = [m for m in archive.namelist()
                       if fnmatch.fnmatch(m.rsplit("/", 1)[-1].lower(), member_glob.lower())]
            if not members:
                self.result.problems.append(f"format changed, not loaded: no member like {member_glob} "
                                            f"in the ZIP ({', '.join(archive.namelist()[:5])})")
            kept = []
            for member in members:
                out = part.with_name(part.name + ".member")
                with archive.open(member) as src, open(out, "wb") as dst:
                    shutil.copyfileobj(src, dst)
                kept.append(self._keep(target, got, out, member.rsplit("/", 1)[-1], f"{got.url}#{member}",
                                       sha256_file(out)))
        if members and all(kept):  # else fetched (and reported) again next time
            self.manifest.put(got.url, etag=got.etag, last_modified=got.last_modified, sha256=got.sha256,
                              checked_at=now())
        part.unlink()


def _ingest(engine: Engine, source: Source, dest: Path, manifest: Manifest, result: SourceResult) -> None:
    """Ingest this source's kept files not yet ingested, in one transaction; a failure leaves
    the database as it was."""
    from bot.ingest import IngestError, ingest_paths

    pending = {key: e for key, e in manifest.entries.items()
               if e.get("source") == source.name and e.get("sha256") != e.get("ingested")
               and (dest / e["file"]).is_file()}
    if not pending:
        return
    try:
        report = ingest_paths(engine, [dest / e["file"] for e in pending.values()])
    except IngestError as exc:
        result.problems.append(f"ingest failed, the data already loaded stays: {exc}")
        return
    for f in report.files:
        if f.status == "loaded":
            result.loaded.append(f.path.name)
        elif f.status == "skipped":
            result.not_loaded.append(f"{f.path.name}: {f.reason}")
    for key, entry in pending.items():
        manifest.put(key, ingested=entry["sha256"], ingested_at=now())


def _prune(source: Source, dest: Path, manifest: Manifest) -> None:
    """Keep the newest `source.keep` files of a daily or monthly source, and the newest one that
    was ingested (the data loaded came from it); delete the older ones."""
    mine = sorted(((k, e) for k, e in manifest.entries.items() if e.get("source") == source.name),
                  key=lambda ke: (ke[1].get("label") or "", ke[1].get("fetched_at") or ""), reverse=True)
    keep = {k for k, _ in mine[: source.keep]}
    ingested = next((k for k, e in mine if e.get("ingested") == e.get("sha256")), None)
    keep |= {ingested} if ingested is not None else set()
    for key, entry in mine:
        if key not in keep:
            (dest / entry["file"]).unlink(missing_ok=True)
            del manifest.entries[key]
    manifest.save()


def source_status(dest: Path) -> list[dict]:
    """Each source's newest kept file: its year or date, when fetched, when last checked, and
    whether it is ingested (from the manifest in `dest`)."""
    entries = [e for e in Manifest(Path(dest) / "manifest.json").entries.values() if e.get("source")]
    out: list[dict[str, Any]] = []
    for source in all_sources().values():
        mine = [e for e in entries if e["source"] == source.name]
        if not mine:
            out.append({"source": source.name, "title": source.title, "cadence": source.cadence})
            continue
        newest = max(mine, key=lambda e: (e.get("label") or "", e.get("fetched_at") or ""))
        out.append({
            "source": source.name, "title": source.title, "cadence": source.cadence,
            "data": newest.get("label") or Path(newest["file"]).name,
            "years": sorted(e["label"] for e in mine if e.get("label")) if source.years else None,
            "fetched_at": newest.get("fetched_at"),
            "checked_at": max(e.get("checked_at") or "" for e in mine) or None,
            "ingested": bool(newest.get("ingested")) and newest.get("ingested") == newest.get("sha256"),
        })
    return out


_MONTH_DATE = re.compile(r"(\d{1,2}) ([A-Za-z]{3})[a-z]* (\d{4})")


def _title_date(title: str) -> date | None:
    """"... latest inspections as at 31 October 2026" -> 2026-10-31."""
    m = _MONTH_DATE.search(title)
    if not m:
        return None
    try:
        return datetime.strptime(f"{m.group(1)} {m.group(2).title()} {m.group(3)}", "%d %b %Y").date()
    except ValueError:
        return None


def _slug(url: str) -> str:
    return re.sub(r"[^A-Za-z0-9.]+", "_", url)[-120:] + ".part"
