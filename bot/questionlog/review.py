"""The operator review: whole ISO weeks, every count a sum of rounded cells (see `suppress`),
themes from a capped sample of the unanswered questions; `la` narrows everything to one LA.

A question is in the LA of the first school it was about, or of the place it named. Beside the
totals the review shows, for each topic open data cannot answer, how many got a local answer
and the 👍/👎 on those, each local answer's feedback, the change week on week with what is new
or growing, and — by area — the themes that still have no answer anywhere.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time
from collections.abc import Callable

from sqlalchemy import Engine, func, select

from bot.models import LocalAuthority, School
from bot.questionlog.cube import (Cube, Scanned, Weeks, first_day, in_weeks, load_cube, utc_today,
                                  whole_weeks)
from bot.questionlog.local_answers import LocalAnswers, Served, is_theme
from bot.questionlog.models import LoggedQuestion as Q
from bot.questionlog.models import LoggedSchool as S
from bot.questionlog.suppress import SMALL, published, rounded
from bot.questionlog.themes import MIN_SHOWN, Theme, cluster

UNANSWERED = ("not_found", "unanswerable", "not_understood")
THEME_SAMPLE = 3000  # at most this many unanswered texts are clustered
TOP = 10
BEFORE = 3  # a week is compared with the mean of up to this many weeks before it
GROWING = 1.5  # ... and is growing at this many times that mean, and at least MIN_SHOWN more
FLAGGED = 20  # no week of fewer questions is flagged: chance and rounding make a handful look new
NOT_USEFUL = ("not_useful", "replied")
NO_AREA = "No school or place named"


@dataclass
class Ranked:
    """A school or LA and how many questions were about it (published)."""

    key: int | None
    name: str
    count: int


@dataclass
class Gap:
    """A topic: questions asked, how many the open data could not answer, how many of those got
    a local answer and the 👍/👎 on them, and the unanswerable questions of each week."""

    topic: str
    asked: int
    unanswerable: int
    local: int = 0
    useful: int = 0
    not_useful: int = 0
    weekly: list[int] = field(default_factory=list)
    flag: str | None = None

    @property
    def local_share(self) -> float | None:
        """Share answered locally; None when too few to say."""
        return self.local / self.unanswerable if self.unanswerable > SMALL else None


@dataclass
class LocalRow:
    """A local answer, how many questions it answered in the period, and their 👍/👎."""

    answer: Served
    served: int
    useful: int
    not_useful: int


@dataclass
class Area:
    """An LA (None: questions naming no school or place) and its themes of MIN_SHOWN or more
    questions that no local answer covers: the to-do list of its services."""

    la: int | None
    name: str
    themes: list[tuple[Theme, int]]  # the theme and its published count in this area


@dataclass
class Review:
    """Everything the review shows, for the terminal, the HTML report and /review. Every count
    is published (see `suppress`): a multiple of 5, with 5 shown as "≤5"."""

    since: date | None
    until: date | None
    weeks: Weeks | None = None  # the whole weeks covered; None when there are none
    la: int | None = None
    la_name: str | None = None
    total: int = 0
    per_week: list[tuple[str, int]] = field(default_factory=list)
    channels: list[tuple[str, int]] = field(default_factory=list)
    intents: list[tuple[str, int]] = field(default_factory=list)
    outcomes: list[tuple[str, int]] = field(default_factory=list)
    schools: list[Ranked] = field(default_factory=list)  # only those asked about MIN_SHOWN+ times
    las: list[Ranked] = field(default_factory=list)
    unanswered: int = 0
    themes: list[Theme] = field(default_factory=list)  # of MIN_SHOWN or more questions
    sampled: bool = False  # themes from a sample of THEME_SAMPLE texts, sizes scaled
    gaps: list[Gap] = field(default_factory=list)
    local: list[LocalRow] = field(default_factory=list)
    todo: list[Area] = field(default_factory=list)
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
    def growing(self) -> list[Gap | Theme]:
        """Topics and themes flagged new or growing in the last week."""
        both: list[Gap | Theme] = [*self.gaps, *self.themes]
        return [x for x in both if x.flag]


def trend(weekly: list[int]) -> str | None:
    """"new" or "growing" for the last of published weekly counts (oldest first), else None:
    new when at least FLAGGED after weeks of 5 or fewer; growing when at least FLAGGED, GROWING
    times the mean of the weeks before it and at least MIN_SHOWN more."""
    if len(weekly) < 2 or weekly[-1] < FLAGGED:
        return None
    last, before = weekly[-1], weekly[:-1][-BEFORE:]
    if max(before) <= SMALL:
        return "new"
    mean = sum(before) / len(before)
    return "growing" if last >= GROWING * mean and last - mean >= MIN_SHOWN else None


def build_review(engine: Engine, since: date | None = None, until: date | None = None, *,
                 la: int | None = None, today: date | None = None,
                 retention_days: int | None = None) -> Review:
    """Review the whole weeks inside [since, until] (UTC days; None = open) that have ended by
    `today` and are wholly inside the retention window (`retention_days`, default the setting);
    with `la`, only the questions of that LA."""
    today = today or utc_today()
    if retention_days is None:
        from bot.settings import get_settings

        retention_days = get_settings().log_retention_days
    review = Review(since=since, until=until, la=la)
    store = LocalAnswers(engine, clock=lambda: datetime.combine(today, time(12)))
    with engine.connect() as conn:
        weeks = whole_weeks(since or first_day(conn, la), until, today=today, retention_days=retention_days)
        review.weeks = weeks
        if la is not None:
            review.la_name = la_names(conn, [la]).get(la, f"LA {la}")
        if weeks is None:
            return review
        cube = load_cube(conn, weeks, la)
        _counts(cube, weeks, review)
        _gaps(cube, weeks, review)
        _local(cube, store, review, today)
        review.schools = _top_schools(conn, weeks, la)
        review.las = _top_las(conn, cube)
        _complaints(conn, weeks, la, review)
        _latency(conn, weeks, la, review)
        members = _themes(conn, cube, weeks, la, review)
        review.todo = _todo(conn, members, store, today)
    return review


def _where(stmt, weeks: Weeks, la: int | None, schools: bool = False):
    """`stmt` narrowed to the questions (or, with `schools`, the school links) of the period and LA."""
    if schools:
        day = Scanned(S.day)
        stmt = stmt.where(day >= weeks.first, day <= weeks.last)
        return stmt.where(S.la_code == la) if la is not None else stmt
    stmt = stmt.where(in_weeks(weeks))
    return stmt.where(Q.la_code == la) if la is not None else stmt


def _ranked(counts: dict) -> list[tuple[str, int]]:
    return sorted(((str(k), n) for k, n in counts.items()), key=lambda kv: (-kv[1], kv[0]))


def _counts(cube: Cube, weeks: Weeks, review: Review) -> None:
    per_week = cube.by(lambda c: c.week)
    review.per_week = [(w, per_week.get(w, 0)) for w in weeks.labels]
    review.total = cube.count()
    review.channels = _ranked(cube.by(lambda c: c.channel))
    review.intents = _ranked(cube.by(lambda c: c.intent))
    review.outcomes = _ranked(cube.by(lambda c: c.outcome))
    review.unanswered = cube.count(lambda c: c.outcome in UNANSWERED)
    review.feedback = cube.count(lambda c: c.feedback != "none")
    review.useful = cube.count(lambda c: c.feedback == "useful")
    review.not_useful = cube.count(lambda c: c.feedback in NOT_USEFUL)
    review.comments = cube.count(lambda c: c.feedback == "replied")


def _gaps(cube: Cube, weeks: Weeks, review: Review) -> None:
    """Each topic with unanswerable questions: asked, unanswerable, answered locally, feedback on
    the local answers, and the unanswerable questions week by week."""
    by_topic: dict[str, list] = defaultdict(list)
    for cell in cube.cells:
        by_topic[cell.subject].append(cell)
    gaps = []
    for topic, cells in by_topic.items():
        sub = Cube(cells)
        if not any(c.outcome == "unanswerable" for c in cells):
            continue
        need = sub.by(lambda c: c.week, lambda c: c.outcome == "unanswerable")
        weekly = [need.get(w, 0) for w in weeks.labels]
        gaps.append(Gap(
            topic=topic, asked=sub.count(), unanswerable=sub.count(lambda c: c.outcome == "unanswerable"),
            local=sub.count(lambda c: c.local is not None),
            useful=sub.count(lambda c: c.local is not None and c.feedback == "useful"),
            not_useful=sub.count(lambda c: c.local is not None and c.feedback in NOT_USEFUL),
            weekly=weekly, flag=trend(weekly)))
    review.gaps = sorted(gaps, key=lambda g: (-g.unanswerable, g.topic))


def _local(cube: Cube, store: LocalAnswers, review: Review, today: date) -> None:
    """Each local answer live now or served in the period: questions answered, 👍/👎."""
    served: dict[int, list] = defaultdict(list)
    for cell in cube.cells:
        if cell.local is not None:
            served[cell.local].append(cell)
    rows = []
    for answer in store.list(la=review.la):
        cells = served.get(answer.id)
        if not cells and not answer.live(today):
            continue
        sub = Cube(cells or [])
        rows.append(LocalRow(answer, served=sub.count(), useful=sub.count(lambda c: c.feedback == "useful"),
                             not_useful=sub.count(lambda c: c.feedback in NOT_USEFUL)))
    review.local = sorted(rows, key=lambda r: (-r.served, r.answer.topic, r.answer.id))


def la_names(conn, codes: list[int | None]) -> dict[int | None, str]:
    """The names of LA codes (the LA table, else the schools'), "LA 123" when unknown."""
    codes = [c for c in codes if c is not None]
    names = dict(conn.execute(
        select(LocalAuthority.code, LocalAuthority.name).where(LocalAuthority.code.in_(codes))).all())
    missing = [c for c in codes if c not in names]
    if missing:
        names.update(conn.execute(
            select(School.la_code, func.min(School.la_name))
            .where(School.la_code.in_(missing), School.la_name.is_not(None)).group_by(School.la_code)
        ).all())
    return {c: names.get(c, f"LA {c}") for c in codes}


def _top_schools(conn, weeks: Weeks, la: int | None) -> list[Ranked]:
    """Schools asked about MIN_SHOWN or more times (fewer are not listed at all), rounded by the
    key of their questions (summed for the top schools only)."""
    counted = _where(select(S.urn, func.count()), weeks, la, schools=True)
    rows = conn.execute(counted.group_by(S.urn).having(func.count() >= MIN_SHOWN)
                        .order_by(func.count().desc(), S.urn).limit(TOP)).all()
    urns = [urn for urn, _ in rows]
    keys = dict(conn.execute(_where(select(S.urn, func.sum(Q.bucket)).join(Q, Q.id == S.question_id)
                                    .where(S.urn.in_(urns)), weeks, la, schools=True)
                             .group_by(S.urn)).all()) if urns else {}
    names = dict(conn.execute(select(School.urn, School.name).where(School.urn.in_(urns))).all())
    ranked = [Ranked(urn, names.get(urn, f"URN {urn}"), rounded(n, keys.get(urn) or 0)) for urn, n in rows]
    return sorted(ranked, key=lambda r: (-r.count, r.key))


def _top_las(conn, cube: Cube) -> list[Ranked]:
    counts = cube.by(lambda c: c.la, lambda c: c.la is not None)
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP]
    names = la_names(conn, [code for code, _ in top])
    return [Ranked(code, names[code], n) for code, n in top]


def _complaints(conn, weeks: Weeks, la: int | None, review: Review) -> None:
    """The 👎 replies (the most recent ones, at most THEME_SAMPLE) grouped into themes; only
    themes of MIN_SHOWN or more are kept, so no single reply is ever shown on its own."""
    said = _where(select(Q.comment, Q.bucket).where(Q.useful.is_(False), Q.comment.is_not(None)), weeks, la)
    rows = conn.execute(said.order_by(Q.feedback_at.desc()).limit(THEME_SAMPLE)).all()
    themes = [t for t in cluster([c for c, _ in rows]) if t.size >= MIN_SHOWN]
    for theme in themes:
        theme.size = rounded(theme.size, sum(rows[i][1] for i in theme.members))
    review.complaints = themes


def _latency(conn, weeks: Weeks, la: int | None, review: Review) -> None:
    """Exact median and p95 from a histogram of whole milliseconds (grouped in SQL)."""
    stmt = _where(select(Q.latency_ms, func.count()), weeks, la).group_by(Q.latency_ms).order_by(Q.latency_ms)
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


@dataclass
class _Text:
    text: str
    week: str
    la: int | None
    topic: str | None
    local: int | None
    bucket: int


Counted = Callable[[list[_Text]], int]


def _themes(conn, cube: Cube, weeks: Weeks, la: int | None,
            review: Review) -> list[tuple[Theme, list[_Text], Counted]]:
    """Cluster the unanswered questions (a uniform sample by `bucket` when there are many); keep
    themes of MIN_SHOWN or more, each with its published size, weekly counts and trend flag, its
    usual topic and how many of its questions got a local answer. Returns each theme with its
    texts and how a subset of them is counted (scaled, rounded by its key), for `_todo`."""
    pool = sum(c.count for c in cube.cells if c.outcome in UNANSWERED)  # exact: only to sample
    if not pool:
        return []
    buckets = min(1000, math.ceil(1000 * THEME_SAMPLE / pool))
    stmt = _where(select(Q.text, Q.week, Q.la_code, Q.topic, Q.local_answer_id, Q.bucket)
                  .where(Q.outcome.in_(UNANSWERED), Q.bucket < buckets), weeks, la).limit(THEME_SAMPLE)
    texts = [_Text(*row) for row in conn.execute(stmt)]
    scale = pool / len(texts) if texts and buckets < 1000 else 1.0
    review.sampled = buckets < 1000

    def count(members: list[_Text]) -> int:
        return published([rounded(round(len(members) * scale), sum(m.bucket for m in members))], bool(members))

    shown: list[tuple[Theme, list[_Text], Callable[[list[_Text]], int]]] = []
    for theme in cluster([t.text for t in texts]):
        members = [texts[i] for i in theme.members]
        if len(members) * scale < MIN_SHOWN:
            continue
        theme.size = count(members)
        theme.weekly = [count([m for m in members if m.week == w]) for w in weeks.labels]
        theme.flag = trend(theme.weekly)
        topics = Counter(m.topic for m in members if m.topic)
        if topics and topics.most_common(1)[0][1] * 2 >= len(members):
            theme.topic = topics.most_common(1)[0][0]
        theme.local = count([m for m in members if m.local is not None])
        shown.append((theme, members, count))
    shown.sort(key=lambda tm: (-tm[0].size, tm[0].label))
    review.themes = [t for t, _, _ in shown]
    return shown


def _todo(conn, themes: list[tuple[Theme, list[_Text], Counted]], store: LocalAnswers,
          today: date) -> list[Area]:
    """By area (LA), the themes of MIN_SHOWN or more questions there that no local answer
    reaches: fewer than half of them got one, and no live answer for the area (or England)
    has the theme's topic or its words."""
    if not themes:
        return []
    live = [a for a in store.list(retired=False) if a.live(today)]
    areas: dict[int | None, list[tuple[Theme, int]]] = defaultdict(list)
    for theme, members, count in themes:
        by_la: dict[int | None, list] = defaultdict(list)
        for m in members:
            by_la[m.la].append(m)
        for la, here in by_la.items():
            size = count(here)
            if size < MIN_SHOWN or 2 * sum(m.local is not None for m in here) >= len(here):
                continue
            if any(_covers(a, theme, la) for a in live):
                continue
            areas[la].append((theme, size))
    names = la_names(conn, list(areas))
    out = [Area(la, names.get(la, NO_AREA), sorted(found, key=lambda ts: (-ts[1], ts[0].label)))
           for la, found in areas.items()]
    return sorted(out, key=lambda a: (-sum(n for _, n in a.themes), a.la is None, a.la or 0))


def _covers(answer: Served, theme: Theme, la: int | None) -> bool:
    """True when a local answer reaches the theme's questions in `la` (its LA's own or England's;
    a school's answer covers only that school, not the area)."""
    if answer.urn is not None or answer.la_code not in (None, la):
        return False
    if is_theme(answer.topic):
        return set(answer.topic.split()) <= set(theme.words)
    return answer.topic == theme.topic
