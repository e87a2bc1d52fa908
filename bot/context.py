"""Conversation context kept in the database, so follow-ups work across turns and instances.

A conversation is keyed by a keyed hash of the chat id (never the raw id). The state is small:
the schools last answered about, the intent and key stage, and a pending clarification.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Engine, delete, select

from bot.db import session_scope
from bot.models import Conversation

EXPIRY = timedelta(hours=24)


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


def chat_key(chat: str, secret: str) -> str:
    """The stored key of a chat: an HMAC of its id, so no raw Telegram id reaches the database."""
    return hmac.new(secret.encode(), f"chat:{chat}".encode(), hashlib.sha256).hexdigest()[:40]


class ContextStore:
    """Loads and saves conversation state; a missing, expired or unreadable state is a fresh one."""

    def __init__(self, engine: Engine, secret: str) -> None:
        self.engine = engine
        self.secret = secret

    def load(self, chat: str | None) -> State:
        if chat is None:
            return State()
        with session_scope(self.engine) as session:
            row = session.get(Conversation, chat_key(chat, self.secret))
            if row is None or datetime.utcnow() - row.updated_at > EXPIRY:
                return State()
            try:
                return State(**row.state)
            except TypeError:
                return State()

    def save(self, chat: str | None, state: State) -> None:
        if chat is None:
            return
        key = chat_key(chat, self.secret)
        with session_scope(self.engine) as session:
            row = session.get(Conversation, key)
            if row is None:
                session.add(Conversation(key=key, state=asdict(state), updated_at=datetime.utcnow()))
            else:
                row.state = asdict(state)
                row.updated_at = datetime.utcnow()

    def forget(self, chat: str) -> None:
        with session_scope(self.engine) as session:
            session.execute(delete(Conversation).where(Conversation.key == chat_key(chat, self.secret)))

    def expire(self) -> int:
        """Delete states older than the expiry; returns how many."""
        cutoff = datetime.utcnow() - EXPIRY
        with session_scope(self.engine) as session:
            keys = session.scalars(select(Conversation.key).where(Conversation.updated_at < cutoff)).all()
            session.execute(delete(Conversation).where(Conversation.updated_at < cutoff))
            return len(keys)
