"""`QuestionLog`: records answered questions, feedback, /forget and the retention purge."""

from __future__ import annotations

import logging
import random
import threading
import uuid
from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from time import perf_counter
from typing import Any

from sqlalchemy import Engine, delete, insert, select, update

from bot.answer import Answer
from bot.models import School
from bot.questionlog.hashing import all_hashes, period_label, user_hash
from bot.questionlog.models import LoggedQuestion, LoggedSchool
from bot.questionlog.redact import redact
from bot.questionlog.spool import Item, Spool, spool_path
from bot.questionlog.vocabulary import vocabulary_for
from bot.sanitise import clean
from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_TEXT = 1000
RETRY_QUEUE_SIZE = 500


def utcnow() -> datetime:
    """The current UTC time as a naive datetime (how the log stores times)."""
    return datetime.now(UTC).replace(tzinfo=None)


class QuestionLog:
    """The privacy-safe question log on `engine`, keyed and kept as `settings` say."""

    def __init__(
        self, engine: Engine, settings: Settings, clock: Callable[[], datetime] = utcnow,
        spool: Path | None = None,
    ) -> None:
        self.engine = engine
        self.clock = clock  # naive UTC "now"; tests pass a fixed one
        self.key = settings.log_hash_key
        self.period = settings.log_key_period
        self.retention_days = settings.log_retention_days
        period_label(clock().date(), self.period)  # fail early on a bad LOG_KEY_PERIOD
        if self.key == "change-me":
            log.warning("LOG_HASH_KEY is the default; set a long random value before going live")
        self.vocabulary = vocabulary_for(engine)  # what redaction keeps: built once per process
        redact("warm up: call 07700 900123, Mr Smith", self.vocabulary, [0])  # lazy imports now
        # questions the database could not take wait in a local file (see spool.py)
        self._spool = Spool(spool or spool_path(engine), RETRY_QUEUE_SIZE)
        self._lock = threading.Lock()
        self._las: dict[int, int | None] = {}  # a school's LA, looked up once per process
        if self._spool:  # left by an earlier run: written now if the database is back
            with self._lock:
                self._flush(database_up=False)

    def record(
        self,
        *,
        text: str,
        answer: Answer,
        channel: str,
        chat_type: str | None,
        user: str | None,
        latency_ms: float,
        la_codes: list[int | None] | None = None,
    ) -> str | None:
        """Log one answered question (redacted, user hashed) and return its id for feedback.

        The latency stored is `latency_ms` plus the time redaction took. Never raises, and never
        writes the question to the process log: when the database fails, the failure is logged
        by its kind, the row waits in a small bounded local spool file (it survives a restart)
        written with the next successful record, and None is returned.
        """
        started = perf_counter()
        try:
            row, schools = self._row(text, answer, channel, chat_type, user, latency_ms, la_codes)
            row["latency_ms"] = max(0, int(round(latency_ms + (perf_counter() - started) * 1000)))
        except Exception as exc:
            log.error("question log: could not prepare a row (%s); question not logged", _kind(exc))
            return None
        with self._lock:
            try:
                self._write([(row, schools)])
            except Exception as exc:
                log.error("question log: write failed (%s); the question waits to be retried", _kind(exc))
                self._queue((row, schools))
                return None
            if self._spool:
                self._flush(database_up=True)
        return row["id"]

    @property
    def pending(self) -> int:
        """How many questions wait in the spool for the database to come back."""
        return len(self._spool)

    def feedback(self, question_id: str, useful: bool, comment: str | None = None) -> bool:
        """Store 👍/👎 (and a redacted comment, kept when a later call gives none); True if found.

        Never raises: a database failure is logged and returns False.
        """
        values: dict[str, Any] = {"useful": bool(useful), "feedback_at": self.clock()}
        comment = clean(comment).strip()
        if comment:
            values["comment"] = redact(comment, self.vocabulary)[:MAX_TEXT] or None
        try:
            with self.engine.begin() as conn:
                result = conn.execute(
                    update(LoggedQuestion).where(LoggedQuestion.id == clean(question_id, 64))
                    .values(**values)
                )
            return result.rowcount > 0
        except Exception as exc:
            log.error("question log: feedback not stored (%s)", _kind(exc))
            return False

    def forget(self, user: str) -> int:
        """Delete every question logged from `user` (under any key of the retention window),
        after purging whatever is older than the window, so nothing of theirs is left.

        Returns the number of their questions deleted. Raises on database failure, so the caller
        can tell the person their request did not go through. Rows stored under a previous
        LOG_HASH_KEY cannot be found (the key change forgot every link to them); they go with
        the retention purge.
        """
        self.purge()
        hashes = all_hashes(self.key, str(user), self.clock().date(), self.retention_days)
        with self._lock:
            queued = self._spool.discard(lambda item: item[0]["user_hash"] in hashes)
        ids = select(LoggedQuestion.id).where(LoggedQuestion.user_hash.in_(hashes))
        with self.engine.begin() as conn:
            conn.execute(delete(LoggedSchool).where(LoggedSchool.question_id.in_(ids)))
            deleted = conn.execute(
                delete(LoggedQuestion).where(LoggedQuestion.user_hash.in_(hashes))
            ).rowcount
        return deleted + queued

    def purge(self, now: datetime | None = None) -> int:
        """Delete questions older than the retention window; returns how many were deleted."""
        cutoff = (now or self.clock()) - timedelta(days=self.retention_days)
        old = select(LoggedQuestion.id).where(LoggedQuestion.asked_at < cutoff)
        with self.engine.begin() as conn:
            conn.execute(delete(LoggedSchool).where(LoggedSchool.question_id.in_(old)))
            return conn.execute(
                delete(LoggedQuestion).where(LoggedQuestion.asked_at < cutoff)
            ).rowcount

    def _row(
        self,
        text: str,
        answer: Answer,
        channel: str,
        chat_type: str | None,
        user: str | None,
        latency_ms: float,
        la_codes: list[int | None] | None,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        now = self.clock()
        day = now.date()
        year, week, _ = day.isocalendar()
        qid = uuid.uuid4().hex
        urns = list(dict.fromkeys(answer.schools or answer.clarify or []))
        codes = list(la_codes) if la_codes is not None else []
        row = {
            "id": qid,
            "asked_at": now,
            "day": day,
            "week": f"{year}-W{week:02d}",
            "channel": str(channel)[:30],
            "chat_type": str(chat_type)[:20] if chat_type else None,
            "intent": str(answer.intent or "unknown")[:30],
            "topic": str(answer.topic)[:60] if answer.topic else None,
            "outcome": str(answer.outcome or "answered")[:20],
            "confidence": float(answer.confidence) if answer.confidence is not None else None,
            "latency_ms": max(0, int(round(latency_ms))),
            "la_code": codes[0] if codes and not urns else None,  # a question about no school: its LA
            "text": redact(text, self.vocabulary, urns)[:MAX_TEXT],
            "user_hash": (
                user_hash(self.key, str(user), period_label(day, self.period)) if user else None
            ),
            "bucket": random.randrange(1000),
            "useful": None,
            "comment": None,
            "feedback_at": None,
            "local_answer_id": (answer.local_answer or {}).get("id"),
            "place_la": answer.la_code,  # not a column: the LA when no school gives one
        }
        schools = [
            {"question_id": qid, "urn": int(urn), "la_code": codes[i] if i < len(codes) else None,
             "day": day}
            for i, urn in enumerate(urns)
        ]
        return row, schools

    def _queue(self, item: Item) -> None:
        """Spool a question the database could not take (the oldest go beyond the limit)."""
        try:
            if self._spool.add([item]):
                log.error("question log: retry queue full, dropping the oldest question")
        except OSError as exc:
            log.error("question log: cannot spool to %s (%s); question not logged",
                      self._spool.path, exc.__class__.__name__)

    def _flush(self, *, database_up: bool) -> None:
        """Write the spooled questions if the database answers; never raises. When a write
        has just succeeded (`database_up`), questions it still refuses are dropped one by one."""
        write = self._write_each if database_up else self._write_all
        try:
            written = self._spool.drain(write)
        except OSError as exc:
            log.error("question log: cannot read the spool %s (%s)", self._spool.path,
                      exc.__class__.__name__)
            return
        if written:
            log.info("question log: wrote %d queued question(s)", written)

    def _write_all(self, queued: list[Item]) -> list[Item]:
        """Write `queued` in one transaction; what stays queued (all of it on failure)."""
        try:
            self._write(queued)
        except Exception as exc:
            log.warning("question log: %d queued question(s) still wait (%s)", len(queued),
                        exc.__class__.__name__)
            return queued
        return []

    def _write_each(self, queued: list[Item]) -> list[Item]:
        """Write `queued` in one go, else one by one, dropping those the database rejects."""
        if not self._write_all(queued):
            return []
        for item in queued:
            try:
                self._write([item])
            except Exception as exc:
                log.error("question log: dropping a queued question the database rejects (%s)",
                          exc.__class__.__name__)
        return []

    def _write(self, batch: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]]) -> None:
        """Insert queued rows in one transaction, filling LA codes the caller did not give."""
        batch = list(batch)
        schools = [s for _, rows in batch for s in rows]
        with self.engine.begin() as conn:
            missing = {s["urn"] for s in schools if s["la_code"] is None} - self._las.keys()
            if missing:
                self._las.update(conn.execute(
                    select(School.urn, School.la_code).where(School.urn.in_(missing))).all())
            for s in schools:
                if s["la_code"] is None:
                    s["la_code"] = self._las.get(s["urn"])
            for row, rows in batch:
                row.setdefault("local_answer_id", None)  # a row spooled by an older version
                row["la_code"] = next((s["la_code"] for s in rows if s["la_code"] is not None),
                                      row.get("place_la") or row.get("la_code"))
            # a column written only when used: a log not yet migrated takes the rest as before
            leave = {"place_la"} | ({"local_answer_id"} if not any(r["local_answer_id"] for r, _ in batch) else set())
            conn.execute(insert(LoggedQuestion),
                         [{k: v for k, v in row.items() if k not in leave} for row, _ in batch])
            if schools:
                conn.execute(insert(LoggedSchool), schools)


def _kind(exc: BaseException) -> str:
    """What went wrong, by the exception's kind only: a database error's message can quote the
    row (SQLAlchemy adds the statement's parameters), so no message is ever logged."""
    orig = getattr(exc, "orig", None)
    kinds = [type(exc).__name__] + ([type(orig).__module__ + "." + type(orig).__name__] if orig else [])
    return " from ".join(kinds)
