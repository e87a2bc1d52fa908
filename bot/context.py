"""Conversation context kept in the database, so follow-ups work across turns and instances.

A conversation is keyed by a keyed hash of the chat id (never the raw id). The state is small:
the schools last answered about, the intent and key stage, and a pending clarification.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, bindparam, delete, select
from sqlalchemy.exc import SQLAlchemyError

from bot.models import Conversation

EXPIRY = timedelta(hours=24)
log = logging.getLogger(__name__)


def _utcnow() -> datetime:
    """Now in UTC, naive (as the conversations table stores it)."""
    return datetime.now(UTC).replace(tzinfo=None)


@dataclass
class State:
    """What a conversation remembers between turns."""

    schools: list[int] = field(default_factory=list)
    intent: str | None = None
    key_stage: str | None = None
    pending: list[int] = field(default_factory=list)  # URNs offered in a clarification
    pending_intent: str | None = None
    pending_key_stage: str | None = None
    pending_others: list[int] = field(default_factory=list)  # already-resolved schools of a compare
    pending_query: str | None = None  # the words that matched several schools
    term: str | None = None  # the measure or term last explained ("what is it for X?")
    previous: list[int] = field(default_factory=list)  # the school asked about before ("compare them")
    measure: str | None = None  # the figure last asked for ("and in 2018?" asks it again)
    years: list[int] = field(default_factory=list)
    areas: list[str] = field(default_factory=list)  # town and LA of the schools discussed, to read
    # a later name there first ("and Kings?" in a conversation about Camberley)
    nearby: dict | None = None  # the last list asked for: {"place", "filters", "rating_op"}, so that
    # "what about primaries?" asks it again with that filter changed


def chat_key(chat: str, secret: str) -> str:
    """The stored key of a chat: an HMAC of its id, so no raw Telegram id reaches the database."""
    return hmac.new(secret.encode(), f"chat:{chat}".encode(), hashlib.sha256).hexdigest()[:40]


class ContextStore:
    """Loads and saves conversation state; a missing, expired or unreadable state is a fresh one,
    and a database that cannot be read or written is logged, never an error in an answer."""

    def __init__(self, engine: Engine, secret: str) -> None:
        self.engine = engine
        self.secret = secret

    def load(self, chat: str | None) -> State:
        if chat is None:
            return State()
        try:
            with self.engine.connect() as conn:
                row = conn.execute(self._load_statement, {"key": chat_key(chat, self.secret)}).first()
        except SQLAlchemyError as exc:
            log.warning("conversation context not read (%s): answering without it",
                        exc.__class__.__name__)
            return State()
        if row is None or _utcnow() - row.updated_at > EXPIRY:
            return State()
        try:
            return State(**row.state)
        except TypeError:
            return State()

    _load_statement = select(Conversation.state, Conversation.updated_at).where(
        Conversation.key == bindparam("key"))

    def save(self, chat: str | None, state: State) -> None:
        if chat is None:
            return
        values = {"key": chat_key(chat, self.secret), "state": asdict(state),
                  "updated_at": _utcnow()}
        upsert = _insert(self.engine.dialect.name)(Conversation)
        statement = upsert.values(values).on_conflict_do_update(
            index_elements=[Conversation.key], set_={"state": values["state"], "updated_at": values["updated_at"]})
        try:
            with self.engine.begin() as conn:
                conn.execute(statement)
        except SQLAlchemyError as exc:
            log.warning("conversation context not saved (%s)", exc.__class__.__name__)

    def forget(self, chat: str) -> None:
        """Delete this chat's state (/forget)."""
        with self.engine.begin() as conn:
            conn.execute(delete(Conversation).where(Conversation.key == chat_key(chat, self.secret)))

    def expire(self) -> int:
        """Delete states older than the expiry; returns how many (0 when the database fails)."""
        cutoff = _utcnow() - EXPIRY
        try:
            with self.engine.begin() as conn:
                return conn.execute(delete(Conversation).where(Conversation.updated_at < cutoff)).rowcount
        except SQLAlchemyError as exc:
            log.warning("expired conversation context not deleted (%s)", exc.__class__.__name__)
            return 0


def _insert(dialect: str):
    """The dialect's INSERT with ON CONFLICT (imported for the back-end in use only)."""
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as postgresql_insert

        return postgresql_insert
    from sqlalchemy.dialects.sqlite import insert as sqlite_insert

    return sqlite_insert
