"""Local answers: what the people responsible say where open data cannot answer.

A council's admissions or transport team, a school or a parents' group writes an answer for a
topic (one of the `unanswerable` topics of knowledge/measures.yaml, or the words of one of the
review's themes) for all of England, one local authority or one school. Schoolbot serves the
most specific live answer (school, then LA, then England; the newest first) after its own "not
in open data" line, attributed and dated, with its link. The text is plain text: it is escaped
wherever it is shown, cut of control characters and limited to `MAX_TEXT` characters.

Answers live with the bot's own state (on SQLite the state file), so an operator can write one
while an ingest runs. `schoolbot answers add/list/edit/retire/load` and Telegram's /answer use
`LocalAnswers`; the core asks it for `best()`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml
from sqlalchemy import ColumnElement, Engine, and_, bindparam, func, or_, select, update

from bot.models import School
from bot.questionlog.models import LocalAnswer
from bot.questionlog.themes import tokens
from bot.render import knowledge
from bot.sanitise import clean

log = logging.getLogger(__name__)
MAX_TEXT = 600  # characters: a paragraph, a quarter of a Telegram message
MAX_BY = 120
MAX_SOURCE = 500
MAX_WORDS = 5  # a theme topic is at most this many content words
MAX_CACHED = 50_000  # schools' and places' LAs remembered per process
NOT_TOPICS = ("other", "outside_england")  # catch-alls: nobody can answer "other"
SCOPES = ("school", "la", "england")
VIA = ("cli", "file", "telegram")
_OUTCODE = re.compile(r"^[A-Za-z]{1,2}\d[A-Za-z\d]?$")
_BIDI = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")  # text direction overrides
COLUMNS = tuple(LocalAnswer.__table__.columns)  # read as plain rows: no session to keep
_T = LocalAnswer.__table__.c
_LIVE = select(*COLUMNS).where(  # live answers for England, LA :la or school :urn (built once)
    _T.retired_at.is_(None), or_(_T.expires.is_(None), _T.expires >= bindparam("today")),
    or_(and_(_T.urn.is_(None), _T.la_code.is_(None)), and_(_T.urn.is_(None), _T.la_code == bindparam("la")),
        _T.urn == bindparam("urn")))


class LocalAnswerError(ValueError):
    """A local answer that cannot be stored, with a message saying what to change."""


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


def topics() -> list[str]:
    """The unanswerable topics an answer can be written for (knowledge/measures.yaml)."""
    return [t for t in knowledge("measures")["unanswerable"] if t not in NOT_TOPICS]


def topic_key(topic: str) -> str:
    """An unanswerable topic's key — its key, or the topic questions in these words get ("school
    bus" -> transport, read as the core reads questions), or an alias — else the content words
    of a theme ("parking · drop-off" -> "parking drop-off"). LocalAnswerError when it has none."""
    from bot.understanding import understand

    said = clean(topic, 200).strip().lower()
    keys = topics()
    if said.replace(" ", "_") in keys:
        return said.replace(" ", "_")
    read = understand(said)
    if read.intent == "unanswerable" and read.topic in keys:
        return read.topic
    known = knowledge("measures")["unanswerable"]
    for key in keys:
        if said in [a.lower() for a in known[key].get("aliases", [])]:
            return key
    words = list(dict.fromkeys(tokens(said)))
    if not words:
        raise LocalAnswerError(
            f"topic {topic!r} is neither a topic ({', '.join(topics())}) nor the words of a theme")
    if len(words) > MAX_WORDS:
        raise LocalAnswerError(f"topic {topic!r}: a theme is at most {MAX_WORDS} words, as the review shows it")
    return " ".join(words)


def is_theme(topic: str) -> bool:
    """True for a topic that is a theme's words rather than an unanswerable topic."""
    return topic not in knowledge("measures")["unanswerable"]


@dataclass(frozen=True)
class Served:
    """A local answer as a question gets it (also the `local_answer` object of `ask --json`)."""

    id: int
    topic: str
    scope: str  # school | la | england
    la_code: int | None
    urn: int | None
    by: str
    source: str
    dated: date  # when it was written or last changed
    text: str
    expires: date | None = None
    retired: bool = False

    def live(self, day: date) -> bool:
        """Served on `day`: not retired, and not past its expiry date."""
        return not self.retired and (self.expires is None or self.expires >= day)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "topic": self.topic, "scope": self.scope, "la_code": self.la_code,
                "urn": self.urn, "by": self.by, "source": self.source, "date": self.dated.isoformat(),
                "text": self.text}


def _served(row) -> Served:
    """A row of `local_answers` (read as a plain row: no ORM object to build) as served."""
    scope = "school" if row.urn is not None else "la" if row.la_code is not None else "england"
    return Served(id=row.id, topic=row.topic, scope=scope, la_code=row.la_code, urn=row.urn,
                  by=row.organisation, source=row.source, dated=row.updated_at.date(), text=row.text,
                  expires=row.expires, retired=row.retired_at is not None)


def _plain(text: str, limit: int) -> str:
    """Cut, control and bidirectional-override characters out, spaces collapsed."""
    return re.sub(r"\s+", " ", _BIDI.sub("", clean(text, limit))).strip()


def check_text(text: str) -> str:
    """The answer's text, cleaned (control characters out, spaces collapsed), or an error."""
    out = _plain(text, 20_000)
    if not out:
        raise LocalAnswerError("the text is empty: write the answer parents should see")
    if len(out) > MAX_TEXT:
        raise LocalAnswerError(f"the text is {len(out):,} characters; at most {MAX_TEXT} "
                               "(link to your page for the rest)")
    return out


def check_by(by: str) -> str:
    out = _plain(by, 1000)
    if len(out) < 2:
        raise LocalAnswerError("say who answers (by), e.g. \"Surrey County Council\"")
    if len(out) > MAX_BY:
        raise LocalAnswerError(f"--by is {len(out)} characters; at most {MAX_BY}")
    return out


def check_source(source: str) -> str:
    """An http(s) address with a host: parents follow it for the rest."""
    out = clean(source, 2000).strip()
    parts = urlsplit(out)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"\s", out):
        raise LocalAnswerError(f"the source {out!r} is not a web address (https://…)")
    if len(out) > MAX_SOURCE:
        raise LocalAnswerError(f"the source is {len(out)} characters; at most {MAX_SOURCE}")
    return out


def check_expires(expires: date | None, today: date) -> date | None:
    if expires is not None and expires < today:
        raise LocalAnswerError(f"the expiry date {expires.isoformat()} is already past")
    return expires


class LocalAnswers:
    """The local answers on `engine`; `clock` gives naive-UTC "now" (tests pass a fixed one)."""

    def __init__(self, engine: Engine, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.clock = clock
        self._las: dict[tuple[str, object], int | None] = {}  # a school's or place's LA, per process

    # ---- serving ----------------------------------------------------------------------------

    def lookup(self, topic: str | None, *, urn: int | None, place: str | None,
               text: str) -> tuple[Served | None, int | None]:
        """The best live answer for a question about school `urn` (or a `place`), and the LA the
        question is in. Never raises: when the database fails the question is answered without."""
        try:
            la = self.la_of_school(urn) if urn is not None else self.la_of_place(place)
            return self.best(topic, urn=urn, la=la, text=text), la
        except Exception as exc:
            log.error("local answers unavailable (%s); answering without", type(exc).__name__)
            return None, None

    def best(self, topic: str | None, *, urn: int | None = None, la: int | None = None,
             text: str = "") -> Served | None:
        """The most specific live answer for `topic` about school `urn` in LA `la` (or a place
        in it): the school's own, else the LA's, else England's; among equals a theme's words
        found in the question's `text` before the topic, then the newest."""
        if not topic:
            return None
        with self.engine.connect() as conn:
            rows = conn.execute(_LIVE, {"today": self.clock().date(), "la": la, "urn": urn}).all()
        words = set(tokens(text))
        fitting = [r for r in rows
                   if r.topic == topic or (is_theme(r.topic) and set(r.topic.split()) <= words)]
        if not fitting:
            return None
        best = min(fitting, key=lambda r: (0 if r.urn is not None else 1 if r.la_code is not None else 2,
                                           0 if is_theme(r.topic) else 1, -r.updated_at.timestamp(), -r.id))
        return _served(best)

    def la_of_school(self, urn: int) -> int | None:
        """The LA of a school (looked up once per process, as the question log does)."""
        if ("school", urn) not in self._las:
            with self.engine.connect() as conn:
                self._las["school", urn] = conn.execute(select(School.la_code).where(School.urn == urn)).scalar()
        return self._las["school", urn]

    def la_of_place(self, place: str | None) -> int | None:
        """The LA of a town, locality, LA name or postcode district: the LA of most of the open
        schools there (None when the records have none); looked up once per process."""
        name = clean(place, 100).strip().lower()
        if not name:
            return None
        if ("place", name) not in self._las:
            if len(self._las) > MAX_CACHED:  # places come from what people type: keep it bounded
                self._las.clear()
            self._las["place", name] = self._place_la(name)
        return self._las["place", name]

    def _place_la(self, name: str) -> int | None:
        where: ColumnElement[bool]
        if _OUTCODE.match(name):
            where = func.upper(School.postcode).like(f"{name.upper()} %")
        else:
            where = or_(func.lower(School.town) == name, func.lower(School.locality) == name,
                        func.lower(School.la_name) == name)
        stmt = (select(School.la_code).where(School.is_open.is_(True), School.la_code.is_not(None), where)
                .group_by(School.la_code).order_by(func.count().desc(), School.la_code).limit(1))
        with self.engine.connect() as conn:
            return conn.execute(stmt).scalar()

    # ---- writing ----------------------------------------------------------------------------

    def add(self, *, topic: str, text: str, by: str, source: str, la: int | None = None,
            urn: int | None = None, expires: date | None = None, via: str = "cli") -> Served:
        """Store a new answer (every value checked first); returns it as served."""
        values = self._checked(topic=topic, text=text, by=by, source=source, la=la, urn=urn,
                               expires=expires)
        now = self.clock()
        with self.engine.begin() as conn:
            new_id = conn.execute(LocalAnswer.__table__.insert().values(
                **values, created_at=now, updated_at=now, added_via=via if via in VIA else "cli",
            ).returning(LocalAnswer.id)).scalar_one()
        return self.get(new_id)

    def edit(self, answer_id: int, **changes: Any) -> Served:
        """Change an answer's text, source, organisation, topic, scope or expiry (None values
        are left as they are; `expires=False` removes the expiry). Its date becomes today."""
        current = self.get(answer_id)
        if current.retired:
            raise LocalAnswerError(f"local answer {answer_id} is retired; add a new one instead")
        merged: dict[str, Any] = {"topic": current.topic, "text": current.text, "by": current.by,
                  "source": current.source, "la": current.la_code, "urn": current.urn,
                  "expires": current.expires}
        for key, value in changes.items():
            if value is not None:
                merged[key] = None if value is False else value
        if changes.get("urn") is not None and changes.get("la") is None:
            merged["la"] = None  # the school says which LA
        values = self._checked(**merged)
        with self.engine.begin() as conn:
            conn.execute(update(LocalAnswer).where(LocalAnswer.id == answer_id)
                         .values(**values, updated_at=self.clock()))
        return self.get(answer_id)

    def retire(self, answer_id: int) -> Served:
        """Stop serving an answer (it stays listed, and its feedback stays in the review)."""
        current = self.get(answer_id)
        if not current.retired:
            with self.engine.begin() as conn:
                conn.execute(update(LocalAnswer).where(LocalAnswer.id == answer_id)
                             .values(retired_at=self.clock()))
        return self.get(answer_id)

    def get(self, answer_id: int) -> Served:
        with self.engine.connect() as conn:
            row = conn.execute(select(*COLUMNS).where(LocalAnswer.id == answer_id)).first()
        if row is None:
            raise LocalAnswerError(f"there is no local answer {answer_id} (see `schoolbot answers list`)")
        return _served(row)

    def list(self, *, la: int | None = None, retired: bool = True) -> list[Served]:
        """Every answer (for `la`: England's, the LA's and its schools'), newest first."""
        stmt = select(*COLUMNS)
        if la is not None:
            stmt = stmt.where(or_(LocalAnswer.la_code == la, LocalAnswer.la_code.is_(None)))
        if not retired:
            stmt = stmt.where(LocalAnswer.retired_at.is_(None))
        with self.engine.connect() as conn:
            rows = conn.execute(stmt.order_by(LocalAnswer.updated_at.desc(), LocalAnswer.id.desc())).all()
        return [_served(r) for r in rows]

    def load(self, path: Path | str, *, replace: bool = False) -> dict[str, int]:
        """Add or update the answers of a YAML file (see README); with `replace`, retire the live
        answers of the file's organisations that it no longer lists. The whole file is checked
        before anything is written. Returns counts: added, updated, unchanged, retired."""
        entries = _read_file(Path(path))
        checked = []
        for i, entry in enumerate(entries, 1):
            try:
                checked.append(self._checked(**entry))
            except LocalAnswerError as err:
                raise LocalAnswerError(f"{path}: answer {i} ({entry.get('topic', '?')}): {err}") from None
        keys = [(v["organisation"], v["topic"], v["la_code"], v["urn"]) for v in checked]
        if len(set(keys)) < len(keys):
            dup = next(k for k in keys if keys.count(k) > 1)
            raise LocalAnswerError(f"{path}: two answers by {dup[0]} for {dup[1]!r} in the same place")
        counts = {"added": 0, "updated": 0, "unchanged": 0, "retired": 0}
        now = self.clock()
        live = {(a.by, a.topic, a.la_code, a.urn): a for a in reversed(self.list(retired=False))}
        with self.engine.begin() as conn:
            for key, values in zip(keys, checked):
                old = live.pop(key, None)
                if old is None:
                    conn.execute(LocalAnswer.__table__.insert().values(
                        **values, created_at=now, updated_at=now, added_via="file"))
                    counts["added"] += 1
                elif (old.text, old.source, old.expires) != (values["text"], values["source"], values["expires"]):
                    conn.execute(update(LocalAnswer).where(LocalAnswer.id == old.id)
                                 .values(**values, updated_at=now))
                    counts["updated"] += 1
                else:
                    counts["unchanged"] += 1
            if replace:
                theirs = {k[0] for k in keys}
                gone = [a.id for k, a in live.items() if k[0] in theirs]
                if gone:
                    conn.execute(update(LocalAnswer).where(LocalAnswer.id.in_(gone)).values(retired_at=now))
                counts["retired"] = len(gone)
        return counts

    # ---- checks -----------------------------------------------------------------------------

    def _checked(self, *, topic: str, text: str, by: str, source: str, la: int | None = None,
                 urn: int | None = None, expires: date | None = None) -> dict[str, Any]:
        """Column values for an answer, every one checked; LocalAnswerError says what is wrong."""
        values: dict[str, Any] = {"topic": topic_key(topic), "text": check_text(text), "organisation": check_by(by),
                  "source": check_source(source),
                  "expires": check_expires(expires, self.clock().date())}
        values["la_code"], values["urn"] = self._scope(la, urn)
        return values

    def _scope(self, la: int | None, urn: int | None) -> tuple[int | None, int | None]:
        """(LA, URN) of a scope: a school brings its LA; an LA must have schools in the records
        (when the records hold any)."""
        if la is not None and not 100 <= int(la) <= 999:
            raise LocalAnswerError(f"--la {la}: an LA code has three digits (e.g. 936 for Surrey)")
        with self.engine.connect() as conn:
            if urn is not None:
                school_la = conn.execute(select(School.la_code).where(School.urn == urn)).first()
                if school_la is None:
                    raise LocalAnswerError(f"--school {urn}: no school with that URN in the records")
                if la is not None and school_la[0] is not None and school_la[0] != la:
                    raise LocalAnswerError(f"--school {urn} is in LA {school_la[0]}, not {la}")
                return school_la[0] if school_la[0] is not None else la, int(urn)
            if la is not None:
                known = conn.execute(select(School.urn).where(School.la_code == la).limit(1)).first()
                if known is None and conn.execute(select(School.urn).limit(1)).first() is not None:
                    raise LocalAnswerError(f"--la {la}: the records hold no school in that LA")
        return (int(la) if la is not None else None), None


def _read_file(path: Path) -> list[dict[str, Any]]:
    """The entries of an answers file: defaults (`by`, `la`, `source`, `expires`) at the top and
    a list under `answers` (or a bare list), each entry's keys checked."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as err:
        raise LocalAnswerError(f"cannot read {path}: {err.strerror or err}") from None
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        raise LocalAnswerError(f"{path} is not a YAML file: {str(err).splitlines()[0]}") from None
    defaults: dict[str, Any] = {}
    if isinstance(data, dict):
        defaults = {k: v for k, v in data.items() if k != "answers"}
        data = data.get("answers")
    if not isinstance(data, list) or not data:
        raise LocalAnswerError(f"{path}: expected a list of answers (under `answers:`)")
    allowed = {"topic", "text", "by", "source", "la", "school", "expires"}
    entries = []
    for i, item in enumerate(data, 1):
        if not isinstance(item, dict):
            raise LocalAnswerError(f"{path}: answer {i} is not a mapping of topic, text, by, source, …")
        unknown = (set(defaults) | set(item)) - allowed
        if unknown:
            raise LocalAnswerError(f"{path}: unknown key(s) {', '.join(sorted(map(str, unknown)))}; "
                                   f"use {', '.join(sorted(allowed))}")
        merged = {**defaults, **item}
        missing = [k for k in ("topic", "text", "by", "source") if not merged.get(k)]
        if missing:
            raise LocalAnswerError(f"{path}: answer {i} has no {', '.join(missing)}")
        entries.append({"topic": str(merged["topic"]), "text": str(merged["text"]), "by": str(merged["by"]),
                        "source": str(merged["source"]), "la": _int(path, i, "la", merged.get("la")),
                        "urn": _int(path, i, "school", merged.get("school")),
                        "expires": _date(path, i, merged.get("expires"))})
    return entries


def _int(path: Path, i: int, key: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise LocalAnswerError(f"{path}: answer {i}: {key} {value!r} is not a number")
    return int(value)


def _date(path: Path, i: int, value: Any) -> date | None:
    if value is None or value == "" or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise LocalAnswerError(f"{path}: answer {i}: expires {value!r} is not a date (YYYY-MM-DD)") from None

