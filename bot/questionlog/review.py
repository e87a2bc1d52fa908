"""The operator review: every figure aggregated in SQL (GROUP BY), themes from a capped sample."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, case, func, select

from bot.models import LocalAuthority, School
from bot.questionlog.models import LoggedQuestion as Q
from bot.questionlog.models import LoggedSchool as S
from bot.questionlog.themes import MIN_SHOWN, Theme, cluster

UNANSWERED = ("not_found", "unanswerable", "not_understood")
THEME_SAMPLE = 3000  # at most this many unanswered texts are clustered
TOP = 10


@dataclass
class Ranked:
    """A school or LA and how many questions were about it."""

    key: int | None
    name: str
    count: int


@dataclass
class Gap:
    """A topic: questions asked, and how many the open data could not answer."""

    topic: str
    asked: int
    unanswerable: int


@dataclass
class Review:
    """Everything the review shows, for the terminal and the HTML report."""

    since: date | None
    until: date | None
    total: int = 0
    per_day: list[tuple[date, int]] = field(default_factory=list)
    channels: list[tuple[str, int]] = field(default_factory=list)
    intents: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    schools: list[Ranked] = field(default_factory=list)
    las: list[Ranked] = field(default_factory=list)
    unanswered: int = 0
    themes: list[Theme] = field(default_factory=list)
    theme_sample: int = 0  # texts clustered (theme sizes are scaled up when this < unanswered)
    gaps: list[Gap] = field(default_factory=list)
    feedback: int = 0
    useful: int = 0
    not_useful: int = 0
    complaints: list[Theme] = field(default_factory=list)  # themes of 10+ 👎 replies, with examples
    comments: int = 0  # 👎 replies in the period
    latency_p50: float | None = None
    latency_p95: float | None = None

    @property
    def feedback_rate(self) -> float:
        return self.feedback / self.total if self.total else 0.0

    @property
    def sampled(self) -> bool:
        return self.theme_sample < self.unanswered


def build_review(engine: Engine, since: date | None = None, until: date | None = None) -> Review:
    """Aggregate the log between `since` and `until` (inclusive UTC days; None = open)."""
    review = Review(since=since, until=until)

    def where(stmt, day=Q.day):
        if since:
            stmt = stmt.where(day >= since)
        if until:
            stmt = stmt.where(day <= until)
        return stmt

    with engine.connect() as conn:
        days = conn.execute(where(select(Q.day, func.count()).group_by(Q.day)))
        review.per_day = sorted((_as_date(d), n) for d, n in days)
        review.total = sum(n for _, n in review.per_day)
        _cube(conn, where, review)
        review.schools = _top_schools(conn, where)
        review.las = _top_las(conn, where)
        _complaints(conn, where, review)
        _latency(conn, where, review)
        _themes(conn, where, review)
    return review


def _as_date(value) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def _top_schools(conn, where) -> list[Ranked]:
    rows = conn.execute(
        where(select(S.urn, func.count()).group_by(S.urn), S.day)
        .order_by(func.count().desc(), S.urn).limit(TOP)
    ).all()
    urns = [u for u, _ in rows]
    names = dict(conn.execute(select(School.urn, School.name).where(School.urn.in_(urns))).all())
    return [Ranked(urn, names.get(urn, f"URN {urn}"), n) for urn, n in rows]


def _top_las(conn, where) -> list[Ranked]:
    rows = conn.execute(
        where(select(Q.la_code, func.count()).where(Q.la_code.is_not(None)).group_by(Q.la_code))
        .order_by(func.count().desc(), Q.la_code).limit(TOP)
    ).all()
    codes = [c for c, _ in rows]
    names = dict(conn.execute(
        select(LocalAuthority.code, LocalAuthority.name).where(LocalAuthority.code.in_(codes))
    ).all())
    missing = [c for c in codes if c not in names]
    if missing:
        names.update(conn.execute(
            select(School.la_code, func.min(School.la_name))
            .where(School.la_code.in_(missing), School.la_name.is_not(None)).group_by(School.la_code)
        ).all())
    return [Ranked(code, names.get(code, f"LA {code}"), n) for code, n in rows]


def _cube(conn, where, review: Review) -> None:
    """Channels, intents, outcomes, topic gaps and feedback from one GROUP BY scan."""
    topic = func.coalesce(Q.topic, Q.intent)
    stmt = where(select(
        Q.channel, Q.intent, Q.outcome, topic, func.count(), func.count(Q.useful),
        func.sum(case((Q.useful.is_(True), 1), else_=0)),
    ).group_by(Q.channel, Q.intent, Q.outcome, topic))
    channels, intents, outcomes = Counter(), Counter(), Counter()
    asked, unanswerable = Counter(), Counter()
    for channel, intent, outcome, subject, n, rated, useful in conn.execute(stmt):
        channels[channel] += n
        intents[intent] += n
        outcomes[outcome] += n
        asked[subject] += n
        if outcome == "unanswerable":
            unanswerable[subject] += n
        review.feedback += rated
        review.useful += int(useful or 0)
    review.channels, review.intents = channels.most_common(), intents.most_common()
    review.outcomes = outcomes.most_common()
    review.unanswered = sum(outcomes[o] for o in UNANSWERED)
    review.not_useful = review.feedback - review.useful
    review.gaps = sorted(
        (Gap(t, asked[t], n) for t, n in unanswerable.items()), key=lambda g: (-g.unanswerable, g.topic)
    )


def _complaints(conn, where, review: Review) -> None:
    """The 👎 replies (the most recent ones, at most THEME_SAMPLE) grouped into themes; only
    themes of MIN_SHOWN or more are kept, so no single reply is ever shown on its own."""
    said = where(select(Q.comment).where(Q.useful.is_(False), Q.comment.is_not(None)))
    review.comments = conn.execute(select(func.count()).select_from(said.subquery())).scalar() or 0
    comments = list(conn.execute(said.order_by(Q.feedback_at.desc()).limit(THEME_SAMPLE)).scalars())
    review.complaints = [t for t in cluster(comments) if t.size >= MIN_SHOWN]


def _latency(conn, where, review: Review) -> None:
    """Exact median and p95 from a histogram of whole milliseconds (grouped in SQL)."""
    stmt = where(select(Q.latency_ms, func.count()).group_by(Q.latency_ms)).order_by(Q.latency_ms)
    hist = conn.execute(stmt).all()
    total = sum(n for _, n in hist)
    if not total:
        return

    def percentile(p: float) -> float:
        rank, seen = max(1, math.ceil(p * total)), 0
        for value, n in hist:
            seen += n
            if seen >= rank:
                return float(value)
        return float(hist[-1][0])

    review.latency_p50, review.latency_p95 = percentile(0.5), percentile(0.95)


def _themes(conn, where, review: Review) -> None:
    """Cluster the unanswered questions, on a uniform sample (by `bucket`) when there are many."""
    if not review.unanswered:
        return
    buckets = min(1000, math.ceil(1000 * THEME_SAMPLE / review.unanswered))
    stmt = where(select(Q.text).where(Q.outcome.in_(UNANSWERED), Q.bucket < buckets)).limit(THEME_SAMPLE)
    texts = list(conn.execute(stmt).scalars())
    review.theme_sample = len(texts) if buckets < 1000 else review.unanswered
    scale = review.unanswered / len(texts) if texts and buckets < 1000 else 1.0
    themes = cluster(texts)
    for theme in themes:
        theme.size = round(theme.size * scale)
    review.themes = themes
