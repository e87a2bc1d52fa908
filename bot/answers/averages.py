"""The England (and an LA's) figure of a measure, for a question that names no school ("what's
the national average Attainment 8 for 2024?")."""

from __future__ import annotations

from bot import records
from bot.answer import Answer, Source
from bot.answers._common import ENGLAND, Db, finish, session_for, source_label
from bot.caveats import academic_year
from bot.render import fmt_value, knowledge, measure_info


def average(db: Db, measure: str, *, la_name: str | None = None, years: list[int] | None = None) -> Answer | None:
    """The England figure of `measure` (a slot id of knowledge/measures.yaml `slots`) in the year
    asked or the latest held, with the LA's when one is named; None when the records hold none."""
    spec = knowledge("measures")["slots"].get(measure) or {}
    ks = spec.get("key_stage")
    ids = spec.get("measures") or []
    if not ks or not ids:
        return None
    with session_for(db) as session:
        cov = records.coverage(session)
        la = next((c for c, n in cov.la_names.items() if la_name and n.lower() == la_name.lower()), None)
        lines, sources = [], []
        words = knowledge("measures")["averages"]
        for mid in ids:
            by_year = records.area_figures(session, ks, mid)
            held = sorted(y for y, areas in by_year.items() if areas.get("england_state") or areas.get("england"))
            if la is not None:  # the latest year that has the LA's figure too, if any has
                held = [y for y in held if by_year[y].get(f"la:{la}")] or held
            if not held:
                continue
            year = next((y for y in sorted(years or [], reverse=True) if y in held), held[-1])
            areas = by_year[year]
            england = (areas.get("england_state") or areas["england"])[0]  # `held`: one of them is there
            label = measure_info(mid)["label"]
            line = words["line"].format(what=label[0].upper() + label[1:], year=academic_year(year), area=ENGLAND,
                                        value=fmt_value(mid, england.value, england.text))
            local = areas.get(f"la:{la}") if la is not None else None
            if la is not None and local and local[0].value is not None:
                line += words["local"].format(area=cov.la_names[la], value=fmt_value(mid, local[0].value, local[0].text))
            lines.append(line)
            sources.append(Source(kind=ks, year=academic_year(year)))
        if not lines:
            return None
        asked = [academic_year(y) for y in years or []]
        return finish(
            "results",
            "average.j2",
            lines=lines,
            asked=asked,
            shown=[s.year for s in sources],
            meaning=spec.get("meaning"),
            sources=sources,
            source_labels=[source_label(s) for s in sources],
            follow_ups=["explain"],
        )
