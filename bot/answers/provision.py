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
    articles = knowledge("measures")["send"]["articles"]
    bare = said.split(" ", 1)[1] if said.split(" ", 1)[0] in articles else said
    return bare[:1].upper() + bare[1:]


def provision_sentence(school: SchoolRow) -> str | None:
    """The school's SEND provision as said in a sentence ("an SEN unit for speech, language and
    communication needs: 14 places, 16 pupils on roll"), or None when GIAS records none."""
    words = knowledge("measures")["send"]
    kind = words["provision"].get(school.sen_provision or "")
    listed = needs(school)
    if kind is None:
        if is_special(school) and listed:
            return words["special_school"].format(needs=join_words(listed))
        return None
    text = words["for_needs"].format(provision=kind, needs=join_words(listed)) if listed else kind
    provided = (school.sen_provision or "").lower()
    counts = {words["counted"][which]: _places(capacity, on_roll) for which, capacity, on_roll in (
        ("provision", school.rp_capacity, school.rp_on_roll),
        ("unit", school.sen_unit_capacity, school.sen_unit_on_roll))
        if which in provided}
    counts = {what: said for what, said in counts.items() if said}
    if len(counts) > 1:
        return words["with_counts"].format(provision=text, counts="; ".join(
            words["count"].format(what=what, counts=said) for what, said in counts.items()))
    return words["with_counts"].format(provision=text, counts=next(iter(counts.values()))) if counts else text


def _places(capacity: int | None, on_roll: int | None) -> str:
    """"14 places, 16 pupils on roll" (what is known of it)."""
    words = knowledge("measures")["send"]
    parts = [words["places"].format(n=capacity) if capacity is not None else None,
             words["on_roll"].format(n=on_roll) if on_roll is not None else None]
    return ", ".join(p for p in parts if p)
