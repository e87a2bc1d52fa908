"""The period a publication covers (whole ISO weeks) and its table of rounded cells.

Every count the export and the review publish is `Cube.count(...)` or `Cube.by(...)`: a sum of
cells rounded by the rule of `suppress` (see there for why). Cells are grouped in SQL.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from sqlalchemy import case, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.expression import ColumnElement

from bot.questionlog.models import LoggedQuestion as Q
from bot.questionlog.suppress import published, rounded

K = TypeVar("K", bound=Hashable)  # a key cells are grouped by


def week_label(day: date) -> str:
    """The ISO week of `day`, as the log stores it: "2026-W48"."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


@dataclass(frozen=True)
class Weeks:
    """Whole ISO weeks, Monday `first` to Sunday `last` (UTC days)."""

    first: date
    last: date

    @property
    def labels(self) -> list[str]:
        return [week_label(self.first + timedelta(weeks=i)) for i in range(self.count)]

    @property
    def count(self) -> int:
        return (self.last - self.first).days // 7 + 1

    def __str__(self) -> str:
        return f"{self.first:%-d %B %Y} to {self.last:%-d %B %Y}"


def utc_today() -> date:
    return datetime.now(UTC).date()


def first_day(conn, la: int | None = None) -> date | None:
    """Where an open period starts: the Monday of the week of the oldest question logged (of
    LA `la`)."""
    stmt = select(func.min(Q.day))
    if la is not None:
        stmt = stmt.where(Q.la_code == la)
    day = conn.execute(stmt).scalar()
    if day is None:
        return None
    day = day if isinstance(day, date) else date.fromisoformat(str(day)[:10])
    return day - timedelta(days=day.weekday())


def whole_weeks(since: date | None, until: date | None, *, today: date,
                retention_days: int) -> Weeks | None:
    """The whole ISO weeks inside [since, until] that have ended before `today` and whose every
    day is still wholly kept (the retention purge removes questions older than `retention_days`
    days, so the day `today - retention_days` may be partly gone). None when there is none."""
    kept = today - timedelta(days=retention_days - 1)
    start = max(since or kept, kept)
    first = start + timedelta(days=(7 - start.weekday()) % 7)  # the first Monday on or after
    end = min(until or today, today - timedelta(days=1))
    last = end - timedelta(days=(end.weekday() + 1) % 7)  # the last Sunday on or before
    return Weeks(first, last) if last > first else None


class Scanned(ColumnElement):
    """A column SQLite must not read through an index (written `+column` there, as its manual
    advises): for a period that is most of the log, one scan is several times faster than the
    day index SQLite would otherwise take. Other databases get the column itself."""

    inherit_cache = True

    def __init__(self, column) -> None:
        self.column = column
        self.type = column.type


@compiles(Scanned)
def _scanned(element: Scanned, compiler, **kw) -> str:
    return compiler.process(element.column, **kw)


@compiles(Scanned, "sqlite")
def _scanned_sqlite(element: Scanned, compiler, **kw) -> str:
    return "+" + compiler.process(element.column, **kw)


def in_weeks(weeks: Weeks):
    """The questions of `weeks`, by their week column: a period of most of the log is then read
    in one scan, not through the day index (SQLite would take that, and be several times slower)."""
    return Q.week.in_(weeks.labels)


FEEDBACK = case((Q.useful.is_(True), "useful"),
                (Q.useful.is_(False) & Q.comment.is_not(None), "replied"),
                (Q.useful.is_(False), "not_useful"), else_="none")


class Cell:
    """Questions of one week, LA, intent, outcome, topic, channel, feedback and local answer;
    `value` is their count rounded by the cell's key (the sum of their record keys)."""

    __slots__ = ("week", "la", "intent", "outcome", "topic", "channel", "feedback", "local", "count",
                 "key", "value")

    def __init__(self, week: str, la: int | None, intent: str, outcome: str, topic: str | None,
                 channel: str, feedback: str, local: int | None, count: int, key: int) -> None:
        self.week, self.la, self.intent, self.outcome, self.topic = week, la, intent, outcome, topic
        self.channel = channel
        self.feedback = feedback  # none | useful | not_useful | replied (not useful, with a reply)
        self.local = local  # the local answer they got
        self.count, self.key = count, key
        self.value = rounded(count, key)

    @property
    def subject(self) -> str:
        """The topic, or the intent when there is none (the review's topic tables)."""
        return self.topic or self.intent

    def __repr__(self) -> str:
        return (f"Cell({self.week}, la={self.la}, {self.intent}, {self.outcome}, {self.topic}, {self.channel}, "
                f"{self.feedback}, local={self.local}, count={self.count})")


class Cube:
    """The cells of a period (and LA): the only source of published counts."""

    def __init__(self, cells: Iterable[Cell]) -> None:
        self.cells = list(cells)

    def count(self, where: Callable[[Cell], bool] | None = None) -> int:
        """The published count of the questions of the cells `where` selects."""
        chosen = [c for c in self.cells if where is None or where(c)]
        return published((c.value for c in chosen), bool(chosen))

    def by(self, key: Callable[[Cell], K],
           where: Callable[[Cell], bool] | None = None) -> dict[K, int]:
        """Published counts per value of `key` (over the cells `where` selects)."""
        groups: dict[K, list[int]] = defaultdict(list)
        for c in self.cells:
            if where is None or where(c):
                groups[key(c)].append(c.value)
        return {k: published(v, True) for k, v in groups.items()}


def load_cube(conn, weeks: Weeks, la: int | None = None) -> Cube:
    """The cells of `weeks` (questions of LA `la` only, when given), grouped in SQL."""
    feedback = FEEDBACK.label("feedback")
    keys = (Q.week, Q.la_code, Q.intent, Q.outcome, Q.topic, Q.channel, feedback, Q.local_answer_id)
    stmt = (select(*keys, func.count(), func.sum(Q.bucket))
            .where(in_weeks(weeks))
            .group_by(Q.week, Q.la_code, Q.intent, Q.outcome, Q.topic, Q.channel, FEEDBACK,
                      Q.local_answer_id))
    if la is not None:
        stmt = stmt.where(Q.la_code == la)
    return Cube(Cell(week, la_code, intent, outcome, topic, channel, fb, local, n, int(key or 0))
                for week, la_code, intent, outcome, topic, channel, fb, local, n, key
                in conn.execution_options(yield_per=20000).execute(stmt))
