"""The operators' desk: what the people named in OPERATORS can do from a chat (Telegram's
/review and /answer), without any Telegram here.

An operator is named by the keyed hash of their Telegram user id (`hashing.operator_hash`), with
their LA and organisation; nobody else gets anything from the desk.
"""

from __future__ import annotations

import hmac
import re
from datetime import date, timedelta

from sqlalchemy import Engine

from bot.answers import unanswerable
from bot.questionlog.cube import utc_today
from bot.questionlog.hashing import operator_hash
from bot.questionlog.local_answers import LocalAnswerError, LocalAnswers, Served, topics
from bot.questionlog.report import summary_html
from bot.questionlog.review import BEFORE, build_review, la_names
from bot.sanitise import LIMIT, clean
from bot.settings import Operator, Settings

UNTIL = re.compile(r"^(?:until|expires?)\s*:?\s*(\d{4}-\d{2}-\d{2})$", re.IGNORECASE)
LINK = re.compile(r"^https?://\S+$")


class Desk:
    """/review and /answer for the operators of `settings`."""

    def __init__(self, engine: Engine, settings: Settings, answers: LocalAnswers) -> None:
        self.engine = engine
        self.key = settings.log_hash_key
        self.operators = dict(settings.operators)
        self.answers = answers

    def operator(self, user: str | None) -> Operator | None:
        """The operator this Telegram user id is, or None (compared in constant time)."""
        if not user or not self.operators:
            return None
        mine = operator_hash(self.key, str(user))
        found = None
        for name, op in self.operators.items():
            if hmac.compare_digest(name.encode(), mine.encode()):
                found = op
        return found

    def review(self, op: Operator, today: date | None = None) -> str:
        """This week's summary for the operator's LA (Telegram HTML): the last whole week, beside
        the weeks before it."""
        today = today or utc_today()
        since = today - timedelta(days=today.weekday() + 7 * (BEFORE + 1))
        return summary_html(build_review(self.engine, since, la=op.la, today=today))

    @staticmethod
    def topics() -> list[str]:
        return topics()

    def area(self, op: Operator) -> str:
        """"Surrey (LA 936)": the operator's LA as the records name it."""
        with self.engine.connect() as conn:
            return f"{la_names(conn, [op.la])[op.la]} (LA {op.la})"

    def add(self, op: Operator, topic: str, reply: str) -> Served:
        """Add the operator's answer from their reply: the text, the link to their page on a line
        of its own, and optionally "until YYYY-MM-DD". LocalAnswerError says what to change."""
        lines = [clean(ln).strip() for ln in str(reply)[:LIMIT].splitlines()]
        lines = [ln for ln in lines if ln]
        links = [ln for ln in lines if LINK.match(ln)]
        until = [m.group(1) for ln in lines if (m := UNTIL.match(ln))]
        text = " ".join(ln for ln in lines if ln not in links and not UNTIL.match(ln))
        if not links:
            raise LocalAnswerError("put the link to your page (https://…) on a line of its own")
        try:
            expires = date.fromisoformat(until[-1]) if until else None
        except ValueError:
            raise LocalAnswerError(f"until {until[-1]}: not a date (YYYY-MM-DD)") from None
        return self.answers.add(topic=topic, text=text, by=op.by, source=links[-1], la=op.la,
                                expires=expires, via="telegram")

    @staticmethod
    def preview(served: Served) -> str:
        """How parents asking about the topic in the area now see it (Telegram HTML)."""
        return unanswerable(served.topic if served.topic in topics() else "other", None, local=served).html

