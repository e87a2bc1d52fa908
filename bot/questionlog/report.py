"""Rendering a `Review`: a rich terminal summary, a self-contained HTML report (jinja2) and the
short weekly summary an operator gets with /review on Telegram. Every count shown is published
(see `suppress`): "≤5" for 5 or fewer."""

from __future__ import annotations

from html import escape as html_escape
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.questionlog.review import THEME_SAMPLE, Review
from bot.questionlog.suppress import SMALL, shown
from bot.questionlog.themes import MIN_SHOWN, Theme

TEMPLATES = Path(__file__).resolve().parent / "templates"
WEEK_CHART_WIDTH, WEEK_CHART_HEIGHT = 720, 160
ROUNDING = ("Counts are of whole weeks, rounded to multiples of 5 so that no small number can be "
            "worked out; ≤5 means 5 or fewer.")


def period(review: Review) -> str:
    """"14 September 2026 to 29 November 2026 (11 whole weeks)", or why there is nothing."""
    if review.weeks is None:
        return "no whole week that has ended in this period"
    n = review.weeks.count
    return f"{review.weeks} ({n} whole week{'s' if n != 1 else ''})"


def area(review: Review) -> str:
    return f"{review.la_name} (LA {review.la})" if review.la is not None else "England"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:,.0f} ms"


def _n(count: int) -> str:
    return shown(count, thousands=True)


def change(weekly: list[int]) -> str:
    """Last week against the week before, from published counts: "+25", "−5", "0" or ""."""
    if len(weekly) < 2:
        return ""
    if weekly[-1] <= SMALL and weekly[-2] <= SMALL:
        return "≤5 both" if weekly[-1] and weekly[-2] else ""
    diff = weekly[-1] - weekly[-2]
    return f"+{diff:,}" if diff > 0 else f"−{-diff:,}" if diff < 0 else "0"


def share(part: int, whole: int) -> str:
    """A share of published counts, or "–" when the whole is too small to say."""
    return f"{part / whole:.0%}" if whole > SMALL else "–"


def _examples(theme: Theme) -> str:
    """Example texts, only for themes of MIN_SHOWN or more (never one person's message alone)."""
    return " | ".join(theme.examples) if theme.size >= MIN_SHOWN else ""


def _themes_title(review: Review) -> str:
    title = f"Unanswered questions by theme ({_n(review.unanswered)} unanswered; themes of {MIN_SHOWN} or more"
    if review.sampled:
        title += f"; from a sample of about {THEME_SAMPLE:,} questions, sizes scaled"
    return title + ")"


def _last(weekly: list[int]) -> int:
    return weekly[-1] if weekly else 0


def print_review(review: Review, console: Console | None = None) -> None:
    """Print the review as tables on the terminal."""
    console = console or Console()
    console.print(f"[bold]Question log review[/bold] — {escape(area(review))} — {escape(period(review))}")
    if review.weeks is None:
        console.print("Reviews and exports cover whole ISO weeks (Monday to Sunday) that have ended and "
                      "are inside the retention window; choose a longer period.")
        return
    console.print(
        f"{_n(review.total)} questions · {_n(review.unanswered)} unanswered · feedback on "
        f"{review.feedback_rate:.1%} ({_n(review.useful)} 👍, {_n(review.not_useful)} 👎) · "
        f"latency median {_ms(review.latency_p50)}, p95 {_ms(review.latency_p95)}")
    console.print(ROUNDING)
    table = Table(title="Questions per week", title_justify="left")
    table.add_column("week")
    table.add_column("questions", justify="right")
    for week, n in review.per_week:
        table.add_row(week, _n(n))
    console.print(table)
    for title, rows in (("Outcomes", review.outcomes), ("Intents", review.intents), ("Channels", review.channels)):
        table = Table(title=title, title_justify="left")
        table.add_column(title[:-1].lower())
        table.add_column("questions", justify="right")
        table.add_column("share", justify="right")
        for key, n in rows:
            table.add_row(escape(str(key)), _n(n), share(n, review.total) if n > SMALL else "–")
        console.print(table)
    for title, ranked in ((f"Top schools (asked about {MIN_SHOWN} or more times)", review.schools),
                          ("Top local authorities", review.las)):
        table = Table(title=title, title_justify="left")
        table.add_column("code", justify="right")
        table.add_column("name")
        table.add_column("questions", justify="right")
        for r in ranked:
            table.add_row(str(r.key), escape(r.name), _n(r.count))
        console.print(table)
    _print_themes(review, console)
    _print_topics(review, console)
    _print_local(review, console)
    _print_todo(review, console)
    console.print(f"[bold]👎 What people wanted to know[/bold] — {_n(review.comments)} replies; "
                  f"shown only as themes of {MIN_SHOWN} or more")
    for theme in review.complaints:
        console.print(f"  • {escape(theme.label)} ({_n(theme.size)}): {escape(_examples(theme))}")


def _print_themes(review: Review, console: Console) -> None:
    table = Table(title=_themes_title(review), title_justify="left")
    for col in ("#", "theme", "questions", "last week", "change", "", "got a local answer", "examples"):
        table.add_column(col, justify="right" if col in ("#", "questions", "last week", "change") else "left")
    for i, theme in enumerate(review.themes[:15], 1):
        table.add_row(str(i), escape(theme.label), _n(theme.size), _n(_last(theme.weekly)), change(theme.weekly),
                      theme.flag or "", _n(theme.local), escape(_examples(theme)))
    console.print(table)


def _print_topics(review: Review, console: Console) -> None:
    table = Table(title="What the data can't answer, by topic", title_justify="left")
    for col in ("topic", "asked", "unanswerable", "answered locally", "share", "👍", "👎", "last week",
                "change", ""):
        table.add_column(col, justify="left" if col in ("topic", "") else "right")
    for g in review.gaps:
        table.add_row(escape(g.topic), _n(g.asked), _n(g.unanswerable), _n(g.local), share(g.local, g.unanswerable),
                      _n(g.useful), _n(g.not_useful), _n(_last(g.weekly)), change(g.weekly), g.flag or "")
    console.print(table)


def _print_local(review: Review, console: Console) -> None:
    table = Table(title="Local answers", title_justify="left")
    for col in ("id", "topic", "scope", "by", "answered", "👍", "👎"):
        table.add_column(col, justify="right" if col in ("id", "answered", "👍", "👎") else "left")
    for row in review.local:
        a = row.answer
        table.add_row(str(a.id), escape(a.topic), scope(a), escape(a.by), _n(row.served), _n(row.useful),
                      _n(row.not_useful))
    console.print(table)


def _print_todo(review: Review, console: Console) -> None:
    console.print(f"[bold]Themes with no answer anywhere, by area[/bold] (themes of {MIN_SHOWN} or more)")
    for found in review.todo:
        said = "; ".join(f"{t.label} ({_n(n)}{', ' + t.flag if t.flag else ''})" for t, n in found.themes)
        console.print(f"  • {escape(found.name)}: {escape(said)}")
    if not review.todo:
        console.print("  none")


def scope(answer) -> str:
    if answer.urn is not None:
        return f"school {answer.urn}"
    return f"LA {answer.la_code}" if answer.la_code is not None else "England"


def _bars(rows: list[tuple], total: int) -> list[dict]:
    top = max((n for _, n in rows), default=0) or 1
    return [{"label": str(k), "count": n, "pct": 100 * n / top, "share": share(n, total) if n > SMALL else "–"}
            for k, n in rows]


def _week_chart(review: Review) -> dict:
    """Columns of an inline SVG chart, one per week."""
    if not review.per_week:
        return {"bars": [], "width": WEEK_CHART_WIDTH, "height": WEEK_CHART_HEIGHT, "max": 0}
    top = max(n for _, n in review.per_week) or 1
    step = WEEK_CHART_WIDTH / len(review.per_week)
    bars = []
    for i, (week, n) in enumerate(review.per_week):
        h = (WEEK_CHART_HEIGHT - 38) * n / top
        bars.append({"x": i * step, "w": max(step - 2, 0.5), "y": WEEK_CHART_HEIGHT - 20 - h, "h": h,
                     "week": week, "count": _n(n)})
    return {"bars": bars, "width": WEEK_CHART_WIDTH, "height": WEEK_CHART_HEIGHT, "max": _n(top),
            "first": review.per_week[0][0], "last": review.per_week[-1][0]}


def render_html(review: Review) -> str:
    """The review as one self-contained HTML page (inline CSS and SVG, no external assets)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["shown"] = _n
    return env.get_template("review.html.j2").render(
        r=review, period=period(review), area=area(review), rounding=ROUNDING,
        weeks=_week_chart(review),
        outcomes=_bars(review.outcomes, review.total), intents=_bars(review.intents, review.total),
        channels=_bars(review.channels, review.total),
        themes=review.themes[:15], themes_title=_themes_title(review), examples=_examples,
        min_shown=MIN_SHOWN, ms=_ms, change=change, share=share, last=_last, scope=scope,
        growing=review.growing,
    )


def summary_html(review: Review) -> str:
    """The week's summary for /review (Telegram HTML): the last whole week of the review, with
    the change on the week before, new or growing needs, local answers and the to-do list."""
    e = html_escape
    if review.weeks is None or not review.per_week:
        return f"<b>Schoolbot — {e(area(review))}</b>\nNo whole week has ended yet to review."
    week, total = review.per_week[-1]
    weekly = [n for _, n in review.per_week]
    lines = [f"<b>Schoolbot — {e(area(review))}, week {e(week)}</b>",
             f"Questions: {_n(total)} ({change(weekly) or 'first week'} on the week before)"]
    gaps = sorted((g for g in review.gaps if _last(g.weekly)), key=lambda g: -_last(g.weekly))[:6]
    if gaps:
        lines.append("\n<b>What open data could not answer</b>")
        for g in gaps:
            flag = f" — <b>{g.flag}</b>" if g.flag else ""
            local = f" · answered locally {_n(g.local)}" if g.local else ""
            lines.append(f"• {e(g.topic)}: {_n(_last(g.weekly))} ({change(g.weekly)}){flag}{local}")
    rising = [t for t in review.themes if t.flag][:5]
    if rising:
        lines.append("\n<b>New or growing themes</b>")
        lines += [f"• {e(t.label)}: {_n(_last(t.weekly))} ({change(t.weekly)}) — {t.flag}" for t in rising]
    if review.local:
        lines.append("\n<b>Your local answers</b>")
        lines += [f"• #{r.answer.id} {e(r.answer.topic)}: answered {_n(r.served)}, 👍 {_n(r.useful)} 👎 {_n(r.not_useful)}"
                  for r in review.local[:5]]
    todo = [t for found in review.todo for t in found.themes][:5]
    if todo:
        lines.append("\n<b>No answer anywhere yet</b>")
        lines += [f"• {e(t.label)} ({_n(n)})" for t, n in todo]
    lines.append(f"\n<i>{e(ROUNDING)}</i> /answer adds a local answer.")
    return "\n".join(lines)

