"""Trend charts: a measure over the years for a school (or an area) beside its local authority
and England, as a small PNG for Telegram.

`series_chart` gathers the figures an answer already took from the records into a plain,
JSON-safe dict (Answer.chart); `chart_png` draws it with matplotlib's Agg backend (no display,
safe in worker threads: no pyplot state), imported only when a chart is first drawn.
"""

from __future__ import annotations

import io
import math
from typing import Any
from collections.abc import Iterable

from bot.caveats import academic_year
from bot.knowledge_files import knowledge

WIDTH, HEIGHT, DPI = 6.4, 3.8, 100  # 640 x 380 pixels: readable on a phone
STYLES: tuple[dict[str, Any], ...] = ({"linewidth": 2.6, "marker": "o", "color": "#1f5fa8"},  # the school (or area) itself
          {"linewidth": 1.6, "linestyle": "--", "marker": ".", "color": "#d2691e"},  # its LA
          {"linewidth": 1.6, "linestyle": ":", "marker": ".", "color": "#555555"})  # England


def series_chart(title: str, label: str, unit: str | None, points: Iterable[tuple[int, dict[str, float | None]]],
                 names: list[str], source: str, no_exam: Iterable[int] = ()) -> dict | None:
    """A chart of `label` over the years: `points` are (ending year, {series name: value}), one
    series per name of `names` (the subject first, then its LA and England); `no_exam` years are
    shown as a gap. None when there are fewer than two years with a value to draw."""
    by_year = {year: values for year, values in points}
    gaps = [y for y in no_exam if min(by_year, default=0) < y < max(by_year, default=0)]
    years = sorted({*by_year, *gaps})
    series = [{"name": name, "values": [_number(by_year.get(y, {}).get(name)) for y in years]}
              for name in names]
    series = [s for s in series if any(v is not None for v in s["values"])]
    if not series or sum(v is not None for v in series[0]["values"]) < 2:
        return None
    return {"title": title, "label": label, "unit": unit, "years": [academic_year(y) for y in years],
            "series": series, "source": source, "no_exam": [academic_year(y) for y in gaps]}


def _number(value: float | None) -> float | None:
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else float(value)


def chart_png(chart: dict) -> bytes:
    """The chart (a dict from `series_chart`) as PNG bytes: title, years, one line per series
    (gaps where there is no figure), the no-exam years shaded, and the source under it."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(WIDTH, HEIGHT), dpi=DPI)
    FigureCanvasAgg(fig)
    ax = fig.add_axes((0.1, 0.2, 0.86, 0.66))
    years = chart["years"]
    xs = list(range(len(years)))
    for style, s in zip(STYLES, chart["series"]):
        ys = [math.nan if v is None else v for v in s["values"]]
        ax.plot(xs, ys, label=s["name"], **style)
    for gap in chart.get("no_exam", []):
        i = years.index(gap)
        ax.axvspan(i - 0.4, i + 0.4, color="#eeeeee", zorder=0)
        ax.text(i, 0.5, knowledge("measures")["chart"]["no_exams"], transform=ax.get_xaxis_transform(), ha="center", va="center",
                rotation=90, fontsize=8, color="#777777")
    if chart.get("unit") == "score":
        ax.axhline(0, color="#999999", linewidth=0.8)
    ax.set_xticks(xs, years, fontsize=8)
    ax.set_xlim(-0.5, len(years) - 0.5)
    ax.set_ylabel(_unit_label(chart.get("unit")), fontsize=8)
    ax.tick_params(axis="y", labelsize=8)
    ax.grid(axis="y", alpha=0.3)
    ax.legend(fontsize=8, frameon=False, loc="best")
    fig.suptitle(_fit(chart["title"], 70), fontsize=11, x=0.02, ha="left")
    ax.set_title(_fit(chart["label"], 90), fontsize=9, loc="left", color="#333333")
    fig.text(0.02, 0.03, _fit(knowledge("measures")["chart"]["source"].format(source=chart["source"]), 110), fontsize=7, color="#555555")
    out = io.BytesIO()
    fig.savefig(out, format="png", dpi=DPI)
    return out.getvalue()


def _unit_label(unit: str | None) -> str:
    return knowledge("measures")["chart"]["units"].get(unit or "", "")


def _fit(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
