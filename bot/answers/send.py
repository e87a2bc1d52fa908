"""SEND: a school's resourced provision or SEN unit and the types of need it provides for (GIAS),
with the shares of pupils on SEN support and with an EHC plan (school census) beside its LA and
England; "does X have a SEN unit?" is answered Yes or No first.
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from bot import records
from bot.answer import Answer
from bot.answers import cards
from bot.answers._common import base, extract_date, finish, gias_source, school_caveats, source_label
from bot.answers.figures import build_sections
from bot.answers.provision import is_special, provision_line, provision_sentence
from bot.rows import SchoolRow
from bot.render import knowledge

KS4_SEN = ["pct_sen", "pct_ehcp"]  # the shares of pupils at the end of KS4 (performance tables)


def answer(session: Session, school: SchoolRow, measure: str, slot: dict, years: list[int] | None) -> Answer:
    """The SEND answer: provision (Yes or No first when asked whether it has any), then the
    shares of pupils on SEN support and with an EHC plan, the LA's and England's; asked for the
    shares, those of the pupils at the end of KS4 when the census has none, else that the
    records hold none (said first)."""
    figs = records.school_figures(session, [school.urn], ["census"])
    secs = build_sections(session, school, ["census"], figures=figs, measures={"census": slot["measures"]},
                          years=years)
    sec = secs[0] if secs else None
    lines = sec.lines if sec is not None else []
    cohort = {}  # no census figures: those of the pupils at the end of KS4, where held
    if not lines and measure != "sen_provision":
        ks4 = build_sections(session, school, ["ks4"], measures={"ks4": KS4_SEN})
        if ks4 and ks4[0].lines:
            sec, cohort = ks4[0], {ln.measure: ln for ln in ks4[0].lines if ln.value is not None}
    gias = gias_source(session, school)
    when = extract_date(gias)
    words = knowledge("measures")["send"]
    return finish(
        "pupils",
        "send.j2",
        **base(school),
        asked=measure,
        provision=provision_sentence(school),
        provision_line=provision_line(school),
        special=is_special(school),
        known=school.as_of is not None,  # a school with GIAS details, which say what it has
        when=f"{when:%B %Y}" if when else None,
        lines=lines,
        cohort=cohort,
        meaning=words["meaning"],
        more=words["more"],
        schools=[school.urn],
        caveats=school_caveats(school) + (sec.caveats if sec is not None else []),
        inline=sec.inline if sec is not None else [],
        sources=[gias] + (sec.sources if sec is not None else []),
        source_labels=[source_label(gias)] + (sec.source_labels if sec is not None else []),
        follow_ups=cards.others("pupils"),
        demo=bool(school.demo) or bool(sec is not None and sec.demo),
    )

