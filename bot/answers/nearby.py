"""Schools near a postcode district, town or local authority (distance only, not catchment)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from bot import caveats as cv
from bot import geo, records
from bot.answer import Answer, Choice, Source
from bot.answers._common import Db, finish, session_for, source_label
from bot.answers.ofsted import category, grade
from bot.answers.provision import provision_line
from bot.render import knowledge, render
from bot.rows import SchoolRow

RANKS = {"outstanding": 1, "good": 2, "requires improvement": 3, "inadequate": 4,
         "serious weaknesses": 4, "special measures": 4}  # the two categories of Inadequate
NEAR_M, NEAR_ENOUGH = 3000.0, 3  # beyond 3 km only while fewer than 3 schools are listed


def _fits(g: str | None, want: int, op: str) -> bool:
    """Whether a grade meets the filter: exactly / at least / at most the wanted grade."""
    rank = RANKS.get((g or "").lower())
    if rank is None:
        return False
    return rank == want if op == "exactly" else rank <= want if op == "at_least" else rank >= want


def _title(words: str) -> str:
    """"church of england" -> "Church of England"."""
    small = knowledge("measures")["nearby"]["lower_case"]
    return " ".join(w if w in small else w.capitalize() for w in words.lower().split())


def _latest_grades(session, urns: list[int]) -> dict[int, tuple[str | None, str | None, date | None]]:
    """urn -> (single-word grade, kind, date) of the latest graded inspection or report card."""
    out: dict[int, tuple[str | None, str | None, date | None]] = {}
    for i in records.inspections(session, urns):
        if i.kind in ("graded", "report_card") and i.urn not in out:
            out[i.urn] = (grade(i.overall) if i.kind == "graded" else None, i.kind, i.start_date)
    return out


def nearby(
    db: Db,
    place: str | None,
    *,
    phase: str | None = None,
    type_group: str | None = None,
    faith: bool | str | None = None,
    rating: str | None = None,
    rating_op: str | None = None,
    gender: str | None = None,
    provision: str | None = None,
    need: str | None = None,
    point: tuple[float, float] | None = None,
    count: bool = False,
    radius_km: float = 5.0,
    limit: int = 10,
    today: date | None = None,
) -> Answer:
    """Schools nearest to `place`, or in it when it is a local authority ("primary schools in
    Hampshire"), or nearest to `point` (latitude, longitude: a location the user shared, used
    for this answer only and named nowhere in it), filtered by phase, type group, faith, gender,
    SEND provision (resourced provision | sen unit | any), a type of need (a GIAS code: SLCN,
    ASD, ...) and Ofsted grade: `rating_op` exactly | at_least (the default) | at_most.
    `count`: say how many there are first."""
    op = rating_op or "at_least"
    with session_for(db) as session:
        centre: tuple[float, float, str] | None
        if point is not None:
            centre = (*geo.to_grid(*point), knowledge("messages")["your_location"])
        else:
            centre = records.place_centre(session, place or "")
        if centre is None:
            text, html = render("place_not_found.j2", place=place)
            return Answer(
                intent="nearby", text=text, html=html, outcome="not_found", follow_ups=["help"]
            )
        east, north, label = centre
        in_la = point is None and records.place_kind(session, place or "") == "la"
        want = RANKS.get((rating or "").lower())
        found: Sequence[tuple[SchoolRow, float | None]]
        if in_la:
            found = [(s, None) for s in records.schools_in_la(
                session, label, phase=phase, faith=faith, type_group=type_group, gender=gender,
                provision=provision, need=need)]
        else:
            found = records.schools_near(
                session, east, north, radius_m=radius_km * 1000, phase=phase, faith=faith,
                type_group=type_group, gender=gender, provision=provision, need=need, limit=limit * 5 if (want or count) else limit,
            )
        grades = _latest_grades(session, [s.urn for s, _ in found])
        today = today or date.today()
        ungraded = bool(want) and bool(found) and not any(
            grades.get(s.urn) or grade(s.ofsted_rating) for s, _ in found)
        if ungraded:  # no grade known for any school there: list them, and say why unfiltered
            asked_rating, want, rating = rating, None, None
        excluded_cards, total = 0, 0
        fitting: list[tuple] = []  # (school, distance, grade, kind, date) of the schools listed
        others: list[tuple] = []  # of the schools nearby the grade filter left out
        for s, dist in found:
            gias = (grade(s.ofsted_rating), "graded", s.ofsted_last_inspection)
            g, kind, when = grades.get(s.urn, gias)
            if want:
                if kind == "report_card":
                    excluded_cards += 1
                    continue
                if not _fits(g, want, op):
                    others.append((s, dist, g, kind, when))
                    continue
            total += 1
            if not _enough(fitting, dist, limit, provision or need):  # a few close by, not a long
                fitting.append((s, dist, g, kind, when))                # list reaching further out
        unrated = [s.name for s, _, g, _, _ in others if g is None]
        # Too few good schools fit: the others nearby, whatever their grade, listed after them
        # (a search for weak schools that finds few is good news: it only says what it left out).
        few = want is not None and want <= RANKS["good"] and op != "at_most" and len(fitting) < NEAR_ENOUGH
        extra: list[tuple] = []
        for other in others if few else []:
            if not _enough(fitting + extra, other[1], limit, provision or need):
                extra.append(other)
        rows: list[dict[str, Any]] = []
        more: list[dict[str, Any]] = []
        kinds: list[str | None] = []
        old, approximate = False, False
        categories = False  # a Serious Weaknesses or Special Measures school is listed
        for into, picked in ((rows, fitting), (more, extra)):
            for s, dist, g, kind, when in picked:
                row, old_grade, named = _row(s, dist, g, kind, when, s.urn not in grades, provision or need,
                                             today)
                into.append(row)
                kinds += [kind] if g or kind == "report_card" else []
                old, categories = old or old_grade, categories or named
                approximate = approximate or (dist is not None and s.easting is None)
        words = knowledge("measures")["nearby"]
        faith_word = {True: words["faith"], False: words["non_faith"], "any": words["faith"],
                      "none": words["non_faith"]}.get(faith, _title(faith) if isinstance(faith, str) else None)
        # nothing is better than Outstanding or worse than Inadequate: "outstanding", not "outstanding-or-better"
        end = (op == "at_least" and want == RANKS["outstanding"]) or (op == "at_most" and want == RANKS["inadequate"])
        rated = rating and words["rated"].get("exactly" if end else op, words["rated"]["at_least"]).format(
            r=rating.lower())
        what, kind_words = (_what(w, gender, faith_word, type_group, phase, provision, need) for w in (rated, None))
        demo = any(r["demo"] for r in rows + more)
        notes = [cv.demo_data(demo)]
        if old:
            notes.append(cv.Caveat("old_inspection", key="old_grades_listed"))
        if approximate:
            notes.append(cv.Caveat("approximate_distance"))
        if ungraded:
            notes.insert(0, cv.Caveat("no_grades_near", {"rating": (asked_rating or "").lower()}))
        if excluded_cards or "report_card" in kinds:
            notes.append(cv.Caveat("report_card_not_comparable"))
        if categories:
            notes.append(cv.Caveat("inadequate_categories"))
        sources = [Source(kind="gias")] + ([] if point is not None else [Source(kind="postcodes")])
        preposition = words["in"] if in_la else words["near"]
        answer = finish(
            "nearby",
            "nearby.j2",
            title=words["title"].format(what=what[0].upper() + what[1:], preposition=preposition, place=label),
            rows=rows,
            more=more,
            unrated=[] if few else unrated,
            rated=rated,
            place=label,
            what=what,
            kind_words=kind_words,
            in_la=in_la,
            total=total,
            count=count,
            radius=words["radius"].format(km=f"{radius_km:g}"),
            from_point=point is not None,
            schools=[r["urn"] for r in rows],  # the schools that answer it; `listed` has the others too
            caveats=notes,
            sources=sources,
            source_labels=[source_label(s) for s in sources],
            follow_ups=["overview", "compare"],
            demo=demo,
        )
        answer.listed = [Choice(r["urn"], f"{i}. {r['name']}") for i, r in enumerate(rows + more, 1)]
        return answer


def _enough(rows: list, dist: float | None, limit: int, send: str | None) -> bool:
    """Whether the list is long enough to stop before a school at `dist`: at `limit`, or beyond
    3 km once a few are listed (not for SEND provision, which is rarer)."""
    return len(rows) >= limit or (dist is not None and dist > NEAR_M and len(rows) >= NEAR_ENOUGH
                                  and not send)


def _row(s, dist: float | None, g: str | None, kind: str | None, when: date | None, from_gias: bool,
         send: str | None, today: date) -> tuple[dict, bool, bool]:
    """A listed school as the template reads it, whether its grade is old, and whether it names an
    Inadequate category."""
    named = category(s.ofsted_rating) if from_gias else None
    words = knowledge("measures")["nearby"]
    month = f"{when:%b %Y}" if when else None
    if kind == "report_card":
        ofsted = words["ofsted_report_card"].format(when=month)
    elif g:
        said = ("ofsted_category" if named else "ofsted") + ("_dated" if when else "")
        ofsted = words[said].format(grade=g, category=named, when=month)
    else:
        ofsted = None
    facts = ", ".join(p for p in ((s.phase or "").lower(), s.type_name, s.town) if p)
    where = None if dist is None else _distance(dist, approximate=s.easting is None)
    row = {"urn": s.urn, "name": s.name, "facts": facts, "ofsted": ofsted, "distance": where, "demo": s.demo,
           "send": provision_line(s) if send else None}
    old = g is not None and cv.old_inspection(when, g, today) is not None
    return row, old, bool(g and named)


def _what(rated: str | None, gender: str | None, faith_word: str | None, type_group: str | None,
          phase: str | None, provision: str | None, need: str | None) -> str:
    """"good-or-better secondary schools with an SEN unit" (without `rated`: "secondary schools ...")."""
    words = (rated, gender, faith_word, type_group, phase)
    schools = knowledge("measures")["nearby"]["schools"]
    what = " ".join(w.lower() if w is not faith_word else w for w in words if w) or schools
    what = what if what.endswith(schools) else f"{what} {schools}"
    return what + _send_words(provision, need)


def _send_words(provision: str | None, need: str | None) -> str:
    """" with resourced provision", " for autism (autistic spectrum disorder)" (knowledge/)."""
    words = knowledge("measures")["nearby"]
    if need:
        return words["need"].format(need=knowledge("measures")["send"]["needs"].get(need, need))
    return words["provision"].get((provision or "").lower(), "")


def _distance(metres: float, *, approximate: bool) -> str:
    """"1.4 km (0.9 miles)"; for a school placed at its postcode district's centre, "about …"."""
    words = knowledge("measures")["nearby"]
    if approximate and metres < 500:
        return words["same_district"]
    distance = words["distance"].format(km=f"{metres / 1000:.1f}", miles=f"{metres / 1609.34:.1f}")
    return words["about"].format(distance=distance) if approximate else distance
