"""Tables of the question log (one row per question, one row per school it was about) and of
the local answers operators write for what open data cannot answer.

Nothing here identifies a person: `user_hash` is a keyed, per-period hash (see `hashing`),
`text` and `comment` are redacted before they are stored (see `redact`), and no chat id is kept.
`day`, `week` and `bucket` exist so reports aggregate and sample in SQL without date functions.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, DateTime, Float, Index, Integer, SmallInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from bot.models import Base


class LoggedQuestion(Base):
    """One question as asked (redacted) and how it was answered."""

    __tablename__ = "question_log"
    __table_args__ = (
        Index("ix_question_log_day", "day"),
        Index("ix_question_log_asked_at", "asked_at"),
        Index("ix_question_log_user_hash", "user_hash"),
        Index("ix_question_log_la_day", "la_code", "day"),  # one LA's review and export
    )

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    asked_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    day: Mapped[date] = mapped_column(Date)  # UTC date of asked_at
    week: Mapped[str] = mapped_column(String(8))  # ISO week, e.g. "2026-W48"
    channel: Mapped[str] = mapped_column(String(30))
    chat_type: Mapped[str | None] = mapped_column(String(20))
    intent: Mapped[str] = mapped_column(String(30))
    topic: Mapped[str | None] = mapped_column(String(60))
    outcome: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[float | None] = mapped_column(Float)
    latency_ms: Mapped[int] = mapped_column(Integer)
    la_code: Mapped[int | None] = mapped_column(Integer)  # LA of the first school asked about
    text: Mapped[str] = mapped_column(Text)  # redacted
    user_hash: Mapped[str | None] = mapped_column(String(32))
    bucket: Mapped[int] = mapped_column(SmallInteger)  # uniform 0..999, for sampling in SQL
    useful: Mapped[bool | None] = mapped_column(Boolean)
    comment: Mapped[str | None] = mapped_column(Text)  # redacted
    feedback_at: Mapped[datetime | None] = mapped_column(DateTime)
    local_answer_id: Mapped[int | None] = mapped_column(Integer)  # the local answer served, if any


class LoggedSchool(Base):
    """A school a logged question was about (a comparison has several)."""

    __tablename__ = "question_log_schools"
    __table_args__ = (
        Index("ix_question_log_schools_question_id", "question_id"),
        Index("ix_question_log_schools_day", "day"),
        Index("ix_question_log_schools_la_day", "la_code", "day"),  # one LA's review
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    question_id: Mapped[str] = mapped_column(String(32))
    urn: Mapped[int] = mapped_column(Integer)
    la_code: Mapped[int | None] = mapped_column(Integer)
    day: Mapped[date] = mapped_column(Date)


class LocalAnswer(Base):
    """An answer written by the people responsible (a council, a school, a parents' group) for a
    topic open data cannot answer, for England, one LA or one school. Served after Schoolbot's
    own "not in open data" line while live: not retired and not past `expires`."""

    __tablename__ = "local_answers"
    __table_args__ = (Index("ix_local_answers_topic", "topic"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    topic: Mapped[str] = mapped_column(String(60))  # an unanswerable topic, or a theme's words
    la_code: Mapped[int | None] = mapped_column(Integer)  # None: all of England
    urn: Mapped[int | None] = mapped_column(Integer)  # a school: the most specific scope
    organisation: Mapped[str] = mapped_column(String(120))  # who answers ("Surrey County Council")
    source: Mapped[str] = mapped_column(String(500))  # their page (http or https)
    text: Mapped[str] = mapped_column(Text)  # plain text, escaped wherever it is shown
    created_at: Mapped[datetime] = mapped_column(DateTime)  # UTC
    updated_at: Mapped[datetime] = mapped_column(DateTime)  # UTC: the date the answer shows
    expires: Mapped[date | None] = mapped_column(Date)  # last day it is served
    retired_at: Mapped[datetime | None] = mapped_column(DateTime)
    added_via: Mapped[str] = mapped_column(String(20))  # cli | file | telegram
