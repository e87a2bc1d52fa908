"""One answer for a question with several intents ("X ofsted + sats please"): each part's answer
first, then the notes that qualify them, where to see more, the sources and the follow-ups."""

from __future__ import annotations

from bot.answer import Answer
from bot.answers._common import unique_sources
from bot.render import html_to_text, knowledge, line_label


def _paragraphs(html: str, demo: bool) -> list[str]:
    paras = [p for p in html.split("\n\n") if p.strip()]
    return paras[1:] if demo and paras else paras


def _lines(html: str, prefix: str) -> list[str]:
    return [ln for ln in html.splitlines() if ln.startswith(prefix)]


def combined(answers: list[Answer]) -> Answer:
    """Several answers as one: each part's first paragraph (its answer), then their notes (each
    once, at most `max_inline`; the rest collapsed), links, sources and follow-ups."""
    parts = [a for a in answers if a is not None]
    if not parts:
        raise ValueError("combined() needs at least one answer")
    if len(parts) == 1:
        return parts[0]
    demo = any(a.demo for a in parts)
    note, more_line, source = line_label("note"), line_label("more"), "<i>" + line_label("source")  # as _parts.j2 writes them
    firsts = [_paragraphs(a.html, a.demo)[0] for a in parts if _paragraphs(a.html, a.demo)]
    leads = ["\n".join(ln for ln in p.splitlines() if not ln.startswith(note)) for p in firsts]
    notes = list(dict.fromkeys(n for a in parts for n in _lines(a.html, note)))
    limit = knowledge("caveats").get("max_inline", 2)
    shown, hidden = notes[:limit], notes[limit:]
    more = list(dict.fromkeys(m for a in parts for m in _lines(a.html, more_line)))
    sources = list(dict.fromkeys(
        s for a in parts for line in _lines(a.html, source)
        for s in line.removeprefix(source).removesuffix("</i>").split("; ")))
    blocks = []
    if demo:
        first_demo = next(a for a in parts if a.demo)
        blocks.append(first_demo.html.split("\n\n", 1)[0])
    blocks.append("\n".join(leads))
    tail = "\n".join([*shown, *more, *([source + "; ".join(sources) + "</i>"] if sources else [])])
    if tail:
        blocks.append(tail)
    html = "\n\n".join(blocks)
    answered = {a.intent for a in parts}
    collapsed = list(dict.fromkeys(
        [html_to_text(n).removeprefix(note) for n in hidden] + [n for a in parts for n in a.notes]))
    follow = [f for f in dict.fromkeys(f for a in parts for f in a.follow_ups)
              if f not in answered and f != "notes"] + (["notes"] if collapsed else [])
    first = parts[0]
    return Answer(
        intent=first.intent,
        text=html_to_text(html),
        html=html,
        schools=list(dict.fromkeys(u for a in parts for u in a.schools)),
        caveats=list(dict.fromkeys(c for a in parts for c in a.caveats)),
        sources=unique_sources([s for a in parts for s in a.sources]),
        outcome="answered" if any(a.outcome == "answered" for a in parts) else first.outcome,
        follow_ups=follow,
        demo=demo,
        notes=collapsed,
        title=first.title,
        topic=first.topic,
    )
