"""A school's SEND provision from GIAS, in words: resourced provision or an SEN unit, the types
of need it provides for (knowledge/measures.yaml `send`), its places and pupils."""

from __future__ import annotations

from bot.caveats import join_words
from bot.rows import SchoolRow
from bot.render import knowledge


def needs(school: SchoolRow) -> list[str]:
    """The types of need GIAS lists for the school, in words (knowledge/measures.yaml send.needs)."""
    words = knowledge("measures")["send"]["needs"]
    return [words.get(code, code) for code in (school.sen_needs or "").split(";") if code]


def is_special(school: SchoolRow) -> bool:
    """A special school (GIAS type), whose pupils all have special educational needs."""
    return "special" in f"{school.type_name or ''} {school.type_group or ''}".lower()


def provision_line(school: SchoolRow) -> str | None:
    """The school's SEND provision as a card line ("SEN unit for speech, language and
    communication needs: 14 places, 16 pupils on roll"), or None when GIAS records none."""
    said = provision_sentence(school)
    if said is None:
        return None
    bare = said.split(" ", 1)[1] if said.split(" ", 1)[0] in ("a", "an") else said
    return bare[:1].upper() + bare[1:]


def provision_sentence(school: SchoolRow) -> str | None:
    """The school's SEND provision as said in a sentence ("an SEN unit for speech, language and
    communication needs: 14 places, 16 pupils on roll"), or None when GIAS records none."""
    kinds = knowledge("measures")["send"]["provision"]
    kind = kinds.get(school.sen_provision or "")
    listed = needs(school)
    if kind is None:
        if is_special(school) and listed:
            return f"a special school for {join_words(listed)}"
        return None
    text = kind + (f" for {join_words(listed)}" if listed else "")
    provided = (school.sen_provision or "").lower()
    counts = {what: _places(capacity, on_roll) for what, capacity, on_roll in (
        ("resourced provision", school.rp_capacity, school.rp_on_roll),
        ("SEN unit", school.sen_unit_capacity, school.sen_unit_on_roll))
        if what.lower().split()[-1] in provided}
    counts = {what: said for what, said in counts.items() if said}
    if len(counts) > 1:
        return f"{text}: " + "; ".join(f"{what} {said}" for what, said in counts.items())
    return f"{text}: {next(iter(counts.values()))}" if counts else text


def _places(capacity: int | None, on_roll: int | None) -> str:
    """"14 places, 16 pupils on roll" (what is known of it)."""
    parts = [f"{capacity} places" if capacity is not None else None,
             f"{on_roll} pupils on roll" if on_roll is not None else None]
    return ", ".join(p for p in parts if p)
