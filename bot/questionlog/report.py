"""Rendering a `Review`: a rich terminal summary and a self-contained HTML report (jinja2)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.questionlog.review import Review
from bot.questionlog.suppress import shown
from bot.questionlog.themes import MIN_SHOWN

TEMPLATES = Path(__file__).resolve().parent / "templates"
DAY_CHART_WIDTH, DAY_CHART_HEIGHT = 720, 160


def _period(review: Review) -> str:
    first = review.since or (review.per_day[0][0] if review.per_day else None)
    last = review.until or (review.per_day[-1][0] if review.per_day else None)
    return f"{first} to {last}" if first else "no questions logged"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def print_review(review: Review, console: Console | None = None) -> None:
    """Print the review as tables on the terminal."""
    console = console or Console()
    console.print(f"[bold]Question log review[/bold] — {_period(review)}")
    console.print(
        f"{review.total:,} questions · {review.unanswered:,} unanswered · feedback on "
        f"{review.feedback_rate:.1%} ({review.useful:,} 👍, {review.not_useful:,} 👎) · "
        f"latency median {_ms(review.latency_p50)}, p95 {_ms(review.latency_p95)}"
    )
    breakdowns = (("Outcomes", review.outcomes), ("Intents", review.intents), ("Channels", review.channels))
    for title, rows in breakdowns:
        table = Table(title=title, title_justify="left")
        table.add_column(title[:-1].lower())
        table.add_column("questions", justify="right")
        table.add_column("share", justify="right")
        for key, n in rows:
            table.add_row(escape(str(key)), f"{n:,}", f"{n / review.total:.1%}")
        console.print(table)
    for title, rows in (("Top schools", review.schools), ("Top local authorities", review.las)):
        table = Table(title=title, title_justify="left")
        table.add_column("code", justify="right")
        table.add_column("name")
        table.add_column("questions", justify="right")
        for r in rows:
            table.add_row(str(r.key), escape(r.name), shown(r.count))
        console.print(table)
    table = Table(title=_themes_title(review), title_justify="left")
    table.add_column("#", justify="right")
    table.add_column("theme")
    table.add_column("questions", justify="right")
    table.add_column("examples")
    for i, theme in enumerate(review.themes[:15], 1):
        table.add_row(str(i), escape(theme.label), shown(theme.size), escape(_examples(theme)))
    console.print(table)
    table = Table(title="What the data can't answer, by topic", title_justify="left")
    for col in ("topic", "asked", "unanswerable", "share"):
        table.add_column(col, justify="left" if col == "topic" else "right")
    for g in review.gaps:
        share = f"{g.unanswerable / g.asked:.0%}"
        table.add_row(escape(g.topic), f"{g.asked:,}", f"{g.unanswerable:,}", share)
    console.print(table)
    console.print(f"[bold]👎 What people wanted to know[/bold] — {review.comments:,} replies; "
                  f"shown only as themes of {MIN_SHOWN} or more")
    for theme in review.complaints:
        console.print(f"  • {escape(theme.label)} ({shown(theme.size)}): {escape(_examples(theme))}")


def _themes_title(review: Review) -> str:
    title = f"Unanswered questions by theme ({review.unanswered:,} unanswered"
    if review.sampled:
        title += f"; themes from a sample of {review.theme_sample:,}, sizes scaled"
    return title + ")"


def _examples(theme) -> str:
    """Example texts, only for themes of MIN_SHOWN or more (never one person's message alone)."""
    return " | ".join(theme.examples) if theme.size >= MIN_SHOWN else ""


def _bars(rows: list[tuple], total: int) -> list[dict]:
    top = max((n for _, n in rows), default=0) or 1
    return [
        {"label": str(k), "count": n, "pct": 100 * n / top, "share": n / total if total else 0}
        for k, n in rows
    ]


def _day_chart(review: Review) -> dict:
    """Columns of an inline SVG chart, one per day (days without questions drawn as 0)."""
    if not review.per_day:
        return {"bars": [], "width": DAY_CHART_WIDTH, "height": DAY_CHART_HEIGHT, "max": 0}
    counts = dict(review.per_day)
    first, last = review.per_day[0][0], review.per_day[-1][0]
    days = [first + timedelta(days=i) for i in range((last - first).days + 1)]
    top = max(counts.values())
    step = DAY_CHART_WIDTH / len(days)
    bars = []
    for i, day in enumerate(days):
        n = counts.get(day, 0)
        h = (DAY_CHART_HEIGHT - 38) * n / top
        bars.append({"x": i * step, "w": max(step - 1, 0.5), "y": DAY_CHART_HEIGHT - 20 - h, "h": h,
                     "day": day, "count": n})
    return {"bars": bars, "width": DAY_CHART_WIDTH, "height": DAY_CHART_HEIGHT, "max": top,
            "first": first, "last": last}


def render_html(review: Review) -> str:
    """The review as one self-contained HTML page (inline CSS and SVG, no external assets)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["shown"] = lambda n: shown(n, thousands=True)
    return env.get_template("review.html.j2").render(
        r=review,
        period=_period(review),
        days=_day_chart(review),
        outcomes=_bars(review.outcomes, review.total),
        intents=_bars(review.intents, review.total),
        channels=_bars(review.channels, review.total),
        themes=review.themes[:15],
        themes_title=_themes_title(review),
        examples=_examples,
        min_shown=MIN_SHOWN,
        ms=_ms,
    )
