"""The collapsed notes of an answer, as an answer of their own (the "Notes" follow-up)."""

from __future__ import annotations

from datetime import date

from bot.answer import Answer
from bot.answers._common import Db
from bot.answers.compare import compare
from bot.answers.school import admissions, contact, inspection, overview, pupils, results
from bot.render import render

WITH_MEASURE = {"inspection": inspection, "results": results, "pupils": pupils, "contact": contact,
                "admissions": admissions}


def notes_for(db: Db, urns: list[int], intent: str, *, measure: str | None = None,
              today: date | None = None) -> Answer:
    """Rebuild the answer of `intent` about `urns` (with `measure`) and give its collapsed notes."""
    if intent == "compare" or len(urns) > 1:
        source = compare(db, urns, measure=measure, today=today)
    elif intent in WITH_MEASURE:
        source = WITH_MEASURE[intent](db, urns[0], measure=measure, today=today)
    else:
        source = overview(db, urns[0], today=today)
    text, html = render("notes.j2", title=source.title, notes=source.notes)
    return Answer(intent=source.intent, text=text, html=html, schools=source.schools,
                  outcome=source.outcome, notes=source.notes, title=source.title,
                  demo=source.demo)
