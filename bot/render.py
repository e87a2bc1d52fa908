"""Answer rendering: knowledge/ YAML and jinja2 templates (and Schoolbot's own sentences, small
templates in knowledge/messages.yaml), rendered as Telegram HTML and plain text.

Templates render once, as HTML with autoescaping on; the helpers `b`, `i`, `link` and `code` emit
Telegram's HTML subset, so every dynamic value is escaped without the templates having to remember
it. The plain text is derived from that HTML (tags dropped, links as "label (url)", unescaped).
"""

from __future__ import annotations

import re
from html import unescape
from functools import lru_cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup, escape

from bot.caveats import Caveat, academic_year
from bot.knowledge_files import knowledge, knowledge_path
from bot.template_cache import template_cache

TEMPLATES = knowledge_path("templates")


def warm_up() -> None:
    """Load knowledge/ and compile every template (and message) now, so the first answer is not slow."""
    knowledge("measures")
    knowledge("caveats")
    for path in sorted(TEMPLATES.glob("*.j2")):
        _env().get_template(path.name)
    for key in knowledge("messages"):
        _message(key)


def measure_info(measure: str) -> dict:
    """Label and unit of a canonical measure id (falls back to the id itself)."""
    return knowledge("measures")["measures"].get(measure) or {"label": measure, "unit": "points"}


def fmt_value(measure: str, value: float | None, text: str | None = None) -> str:
    """A figure as a parent reads it: 78%, +0.45, -3.6, 104, 47.3, 1,204."""
    if value is None:
        return text or ""
    unit = measure_info(measure).get("unit")
    if unit == "percent":
        return f"{value:.0f}%" if abs(value - round(value)) < 0.05 else f"{value:.1f}%"
    if unit == "score":  # to the places the DfE publishes (`decimals`): +0.45, but -3.6 at KS2
        return f"{value:+.{measure_info(measure).get('decimals', 2)}f}"
    if unit == "scaled":
        return f"{value:.0f}" if value == round(value) else f"{value:.1f}"
    if unit == "count":
        return f"{value:,.0f}"
    if unit == "text":
        return text or f"{value:g}"
    return f"{value:.1f}"


def caveat_text(caveat: Caveat) -> str:
    """The caveat's sentence from knowledge/caveats.yaml, filled with its facts."""
    wording = knowledge("caveats").get(caveat.wording) or knowledge("caveats").get(caveat.id, caveat.id)
    try:
        text = wording.format(**caveat.params)
    except (KeyError, IndexError):
        text = wording
    prefix = caveat.params.get("prefix")
    return f"{prefix}: {text}" if prefix else text


def source_line(kind: str, year: int | None, provisional: bool = False) -> str:
    """E.g. "DfE KS4 performance tables 2023/24 (final)"."""
    name = knowledge("measures")["sources"].get(kind, kind)
    if year is None:
        return name
    label = f"{name} {academic_year(year)}"
    if kind in ("ks2", "ks4", "ks5"):
        label += " (provisional)" if provisional else " (final)"
    return label


def _wrap(tag: str):
    return lambda x: Markup(f"<{tag}>{escape(x)}</{tag}>")


def _link(url: str, label: str | None = None) -> Markup:
    href = url if re.match(r"^https?://", url or "") else f"https://{url}"
    return Markup(f'<a href="{escape(href)}">{escape(label or url)}</a>')


@lru_cache
def _env() -> Environment:
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=StrictUndefined,
        auto_reload=False,  # templates do not change while running: no stat() per answer
        bytecode_cache=template_cache(),  # compiled once per template version, kept between runs
    )
    env.globals.update(b=_wrap("b"), i=_wrap("i"), code=_wrap("code"), link=_link, caveat_text=caveat_text,
                       labels=knowledge("measures")["line_labels"])
    env.filters["ay"] = academic_year
    return env


def _tidy(text: str) -> str:
    text = re.sub(r"[ \t]+\n", "\n", text)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


_LINK = re.compile(r'<a href="([^"]*)">(.*?)</a>', re.S)
_TAG = re.compile(r"</?(?:b|i|code)>")


@lru_cache
def line_label(key: str) -> str:
    """The label heading an answer's closing lines, as _parts.j2 writes it: "Note: ", "More: ",
    "Source: " (knowledge/measures.yaml `line_labels`; `key` is note, more or source)."""
    return knowledge("measures")["line_labels"][key] + ": "


def html_to_text(html: str) -> str:
    """The plain-text twin of rendered HTML: links as "label (url)" (on the "More:" line as the
    bare address), tags dropped, unescaped."""

    def link(m: re.Match) -> str:
        url, label = unescape(m.group(1)), m.group(2)
        shown = unescape(_TAG.sub("", label))
        return url if shown in (url, url.removeprefix("https://")) else f"{label} ({url})"

    def bare(m: re.Match) -> str:
        return re.sub(r"^https?://(www\.)?", "", unescape(m.group(1)))

    more = line_label("more")  # the line of links to see more: in plain text, their addresses only
    lines = [_LINK.sub(bare, ln) if ln.startswith(more) else ln for ln in html.split("\n")]
    return unescape(_TAG.sub("", _LINK.sub(link, "\n".join(lines))))


def render(template: str, **context: Any) -> tuple[str, str]:
    """Render knowledge/templates/<template> as Telegram HTML and derive the plain text from it."""
    html = _tidy(_env().get_template(template).render(**context))
    return html_to_text(html), html


def say(key: str, **context: Any) -> tuple[str, str]:
    """One of Schoolbot's own sentences (knowledge/messages.yaml), each a small template like
    those of knowledge/templates, its {{ placeholders }} filled in: (plain text, HTML)."""
    html = _tidy(_message(key).render(**context))
    return html_to_text(html), html


@lru_cache
def _message(key: str) -> Template:
    return _env().from_string(" ".join(str(knowledge("messages")[key]).split()))
