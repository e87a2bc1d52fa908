"""Answers that need no school records: explain, unanswerable, help, privacy, not found, clarify."""

from __future__ import annotations

from rapidfuzz import fuzz, process

from bot import records
from bot.answer import Answer, Choice
from bot.answers._common import Db, session_for
from bot.render import knowledge, render, say


def _plain(intent: str, template: str, *, outcome: str = "answered", **context) -> Answer:
    text, html = render(template, **context)
    return Answer(intent=intent, text=text, html=html, outcome=outcome)


def _lookup(section: str, query: str | None, cutoff: float) -> str | None:
    """The key of knowledge/measures.yaml[section] whose key or aliases best match `query`."""
    entries = knowledge("measures")[section]
    choices: dict[str, str] = {}
    for key, entry in entries.items():
        choices[key.replace("_", " ")] = key
        for alias in entry.get("aliases", []):
            choices[alias] = key
    q = (query or "").strip().lower()
    if not q:
        return None
    if q in entries:
        return q
    if q in choices:
        return choices[q]
    hit = process.extractOne(q, list(choices), scorer=fuzz.WRatio, score_cutoff=cutoff)
    return choices[hit[0]] if hit else None


def explain(term: str | None) -> Answer:
    """A plain-English explanation of a measure or term, from knowledge/measures.yaml."""
    key = _lookup("terms", term, 80)
    if key is None:
        terms = ", ".join(t["title"] for t in list(knowledge("measures")["terms"].values())[:8])
        return _plain(
            "explain", "explain.j2", outcome="not_understood",
            title=say("no_explanation", term=term)[0], text=say("explanations", terms=terms)[0],
        )
    entry = knowledge("measures")["terms"][key]
    answer = _plain("explain", "explain.j2", title=entry["title"], text=entry["text"])
    answer.topic, answer.title = key, entry["title"]
    return answer


def unanswerable(topic: str | None, school_name: str | None = None, local=None) -> Answer:
    """Say plainly that open data cannot answer this, and where to find it. `topic` is kept.

    `local` (a bot.questionlog.local_answers.Served) is what the people responsible answer: it
    follows Schoolbot's own line, attributed, dated and linked, its text escaped."""
    topics = knowledge("measures")["unanswerable"]
    key = topic if topic in topics else (_lookup("unanswerable", topic, 85) or "other")
    shown = None
    if local is not None:
        shown = {"by": local.by, "date": f"{local.dated:%-d %B %Y}", "text": local.text,
                 "source": local.source, "label": local.source.removeprefix("https://")}
    answer = _plain(
        "unanswerable", "unanswerable.j2", outcome="unanswerable", name=school_name,
        text=topics[key]["text"], local=shown,
    )
    answer.topic = topic or key
    if local is not None:
        answer.local_answer = local.to_json()
    return answer


def help() -> Answer:  # noqa: A001 - the intent's name
    """What Schoolbot can do, with example questions."""
    return _plain("help", "help.j2")


def privacy(period: str, days: int) -> Answer:
    """What is kept about questions and how to delete it: the keyed code changes `period`, rows
    are kept `days` (bot.questionlog.privacy_terms)."""
    return _plain("privacy", "privacy.j2", period=period, days=days)


def not_found(query: str, *, intent: str = "unknown", place: str | None = None) -> Answer:
    """No school close enough to the name asked for."""
    text, html = render("not_found.j2", query=query, place=place)
    return Answer(intent=intent, text=text, html=html, outcome="not_found", follow_ups=["help"])


def choice_label(school) -> str:
    """"Name — Town, phase" (+ closed, + demo) for a clarifying button (plain text)."""
    phase = (school.phase or "").lower() or None
    where = ", ".join(p for p in (school.town or school.la_name, phase) if p)
    return say("choice_label", name=school.name, where=where, closed=not school.is_open, demo=school.demo)[0]


def clarify(db: Db, urns: list[int], *, query: str | None = None, intent: str = "unknown") -> Answer:
    """Ask which school was meant: each choice with its town and phase."""
    with session_for(db) as session:
        found = records.schools(session, urns)
    choices = [Choice(urn=u, label=choice_label(found[u])) for u in urns if u in found]
    text, html = render("clarify.j2", query=query, choices=choices)
    return Answer(
        intent=intent, text=text, html=html, clarify=[c.urn for c in choices], choices=choices,
        outcome="clarified", demo=any(found[c.urn].demo for c in choices),
    )
