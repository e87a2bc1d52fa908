"""Read-side queries over the records store: a handful of indexed queries per answer."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import Engine, Row, and_, bindparam, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from bot import geo
from bot.rows import FigureRow, InspectionRow, SchoolRow
from bot.models import (
    Allocation, AllocationCriterion, Figure, Inspection, LocalAuthority, Postcode, School, SchoolLink,
    SchoolName, SourceFile,
)

# Reads use constant Core statements with bound parameters (compiled once, cached by SQLAlchemy)
# and return plain rows with the model's attribute names: no per-call statement building, no ORM.
SCHOOLS, LINKS, INSPECTIONS = School.__table__, SchoolLink.__table__, Inspection.__table__
POSTCODES = Postcode.__table__
_SCHOOLS_BY_URN = select(SCHOOLS).where(SCHOOLS.c.urn.in_(bindparam("urns", expanding=True)))
_FIGURES_OF = select(Figure.__table__).where(
    Figure.__table__.c.urn.in_(bindparam("urns", expanding=True)),
    Figure.__table__.c.area == "school",
    Figure.__table__.c.key_stage.in_(bindparam("stages", expanding=True)),
)
_FIGURES_OF_MEASURES = _FIGURES_OF.where(Figure.__table__.c.measure.in_(bindparam("measures", expanding=True)))
_INSPECTIONS_OF = (
    select(INSPECTIONS)
    .where(INSPECTIONS.c.urn.in_(bindparam("urns", expanding=True)))
    .order_by(INSPECTIONS.c.start_date.desc())
)
_LINKS_OF = select(LINKS).where(or_(LINKS.c.urn == bindparam("urn"), LINKS.c.link_urn == bindparam("urn")))
_POSTCODE = select(POSTCODES).where(POSTCODES.c.district == bindparam("district"))
_GENERATION = select(
    select(func.max(SourceFile.id)).scalar_subquery(), select(func.max(Figure.id)).scalar_subquery()
)

COMPARATOR_AREAS = ("la", "england", "england_state")
# Census and absence LA/England rows are per phase: area_key "la:919:primary", "england:special".
PHASED_KEY_STAGES = frozenset({"census", "absence"})
NON_MAINTAINED_SPECIAL = ("non-maintained special", "nmss")
# Figures, schools and inspections are read as the plain named tuples of bot.rows (attribute access
# like the model): answers read each row's fields many times, and tuple attributes are much cheaper
# than a result Row's.
FIGURES = Figure.__table__


def school(session: Session, urn: int) -> SchoolRow | None:
    """The school with this URN, or None."""
    row = session.execute(_SCHOOLS_BY_URN, {"urns": [urn]}).first()
    return None if row is None else SchoolRow._make(row)


def schools(session: Session, urns: Iterable[int]) -> dict[int, SchoolRow]:
    """Schools by URN (missing URNs are left out)."""
    urns = list(dict.fromkeys(urns))
    if not urns:
        return {}
    return {s.urn: s for s in map(SchoolRow._make, session.execute(_SCHOOLS_BY_URN, {"urns": urns}))}


def former_names(session: Session, urn: int) -> list[str]:
    """Names the school was known by before (kind 'former')."""
    rows = session.scalars(
        select(SchoolName.name).where(SchoolName.urn == urn, SchoolName.kind == "former")
    )
    return list(rows)


@dataclass
class Link:
    """A predecessor or successor establishment."""

    urn: int
    name: str | None
    link_type: str
    link_date: date | None


def _links(session: Session, urn: int, own: str, theirs: str) -> list[Link]:
    """Links recorded as `own` on this school or as `theirs` on the other one (by URN)."""
    out: dict[int, Link] = {}
    for r in session.execute(_LINKS_OF, {"urn": urn}):
        mine = r.urn == urn
        if not (r.link_type or "").startswith(own if mine else theirs):
            continue
        other = r.link_urn if mine else r.urn
        out.setdefault(other, Link(other, r.link_name if mine else None, r.link_type, r.link_date))
    return list(out.values())


def predecessors(session: Session, urn: int) -> list[Link]:
    """Schools this one replaced (academy conversion, merger), newest link first."""
    links = _links(session, urn, "Predecessor", "Successor")
    newest_first = sorted(links, key=lambda lk: lk.link_date.toordinal() if lk.link_date else 0)
    return newest_first[::-1]


def successors(session: Session, urn: int) -> list[Link]:
    """Schools that replaced this one."""
    return _links(session, urn, "Successor", "Predecessor")


def school_figures(
    session: Session,
    urns: Iterable[int],
    key_stages: Iterable[str],
    measures: Iterable[str] | None = None,
) -> list[FigureRow]:
    """The figures of these schools in these key stages (all years; only `measures` if given)."""
    params = {"urns": list(dict.fromkeys(urns)), "stages": sorted(set(key_stages))}
    if not params["urns"] or not params["stages"]:
        return []
    stmt = _FIGURES_OF
    if measures is not None:
        params["measures"] = sorted(set(measures))
        stmt = _FIGURES_OF_MEASURES
    return list(map(FigureRow._make, session.execute(stmt, params)))


# The measures that count a school's pupils on roll, by key stage: the school census's NOR and the
# performance tables' TOTPUPS / t_allks_pupils (stored as total_pupils); tried in this order when
# two sources give the same year.
ROLL_MEASURES = (("census", "pupils_on_roll"), ("ks4", "total_pupils"), ("ks2", "total_pupils"))


@dataclass(frozen=True)
class RollCount:
    """A number of pupils on roll and where it comes from: kind "gias" (NumberOfPupils of the
    extract dated `as_of`) or a key stage of ROLL_MEASURES (`year`: the academic year's ending
    year, whose January census it counts)."""

    value: int
    kind: str
    year: int | None = None
    as_of: date | None = None
    provisional: bool = False
    source_file_id: int | None = None

    @property
    def counted(self) -> date:
        """When the count was taken, to order counts of different sources."""
        return self.as_of if self.as_of is not None else date(self.year or 1, 1, 15)


def pupil_counts(session: Session, school: SchoolRow) -> list[RollCount]:
    """Every count of the school's pupils on roll the records hold (GIAS, school census, KS4 and
    KS2 school information), newest first; one per year and one per value (the newest)."""
    out = []
    if school.pupils:
        out.append(RollCount(int(school.pupils), "gias", school.as_of.year if school.as_of else None,
                             school.as_of, False, school.source_file_id))
    order = {pair: i for i, pair in enumerate(ROLL_MEASURES)}
    figs = [f for f in school_figures(session, [school.urn], {ks for ks, _ in ROLL_MEASURES},
                                      {m for _, m in ROLL_MEASURES})
            if (f.key_stage, f.measure) in order and f.value]
    figs.sort(key=lambda f: (-f.year, f.provisional, order[(f.key_stage, f.measure)]))
    out += [RollCount(int(round(f.value or 0)), f.key_stage, f.year, None, bool(f.provisional), f.source_file_id)
            for f in figs]
    out.sort(key=lambda c: c.counted, reverse=True)  # stable: a year's sources keep their order
    kept: list[RollCount] = []
    for c in out:
        if not any(k.value == c.value or (k.kind != "gias" and c.kind != "gias" and k.year == c.year)
                   for k in kept):
            kept.append(c)
    return kept


def latest_by_measure(figures: Iterable[FigureRow]) -> dict[tuple[int | None, str, str], FigureRow]:
    """(urn, key_stage, measure) -> the newest figure, final preferred over provisional."""
    best: dict[tuple[int | None, str, str], FigureRow] = {}
    for f in figures:
        key = (f.urn, f.key_stage, f.measure)
        cur = best.get(key)
        if cur is None or (f.year, not f.provisional) > (cur.year, not cur.provisional):
            best[key] = f
    return best


def by_year_and_file(figures: Iterable[FigureRow]) -> dict[tuple[int, int], dict[str, FigureRow]]:
    """(year, source_file_id) -> {measure: figure}: a figure's companions (CI limits, cohort)."""
    out: dict[tuple[int, int], dict[str, FigureRow]] = {}
    for f in figures:
        out.setdefault((f.year, f.source_file_id), {})[f.measure] = f
    return out


def census_phase(school: SchoolRow) -> str | None:
    """The phase of the census/absence summary rows a school compares with: primary, secondary or
    special (GIAS type first, then phase, then ages). None for independent schools, PRUs and
    unknown phases: the summary rows cover state-funded and non-maintained special schools only."""
    kind = f"{school.type_name or ''} {school.type_group or ''}".lower()
    if any(t in kind for t in NON_MAINTAINED_SPECIAL):
        return "special"
    if "independent" in kind or kind.startswith("ind"):  # INDSPEC, INDSS: independent special
        return None
    if "special" in kind:
        return "special"
    phase = (school.phase or "").lower()
    if "referral" in kind or "alternative" in kind or "alternative" in phase:
        return None
    if "special" in phase:
        return "special"
    if "primary" in phase or "nursery" in phase:
        return "primary"
    if "secondary" in phase or "all-through" in phase or "all through" in phase or "16" in phase:
        return "secondary"
    if school.high_age is not None and school.high_age <= 11:
        return "primary"
    if school.low_age is not None and school.low_age >= 10:
        return "secondary"
    return None


def comparators(
    session: Session, figures: Iterable[FigureRow], la_code: int | None, phase: str | None = None
) -> dict[tuple, list[FigureRow]]:
    """LA and England figures for the same key stage, measure and year as each school figure.

    Key: (key_stage, measure, year, provisional, area) -> rows; `comparator` picks the one from
    the school figure's own file when there is one. Census and absence rows are kept only for
    `phase` (see `census_phase`), none when it is None.
    """
    combos = {(f.key_stage, f.measure, f.year) for f in figures}
    if not combos:
        return {}
    cached = _catalogue(session).comparators
    _load_comparators(session, cached, [c for c in combos if c not in cached])
    out: dict[tuple, list[FigureRow]] = {}
    suffix = f":{phase}"
    for combo in combos:
        by_la = cached[combo]
        for f in [*by_la.get(None, ()), *(by_la.get(la_code, ()) if la_code is not None else ())]:
            if f.key_stage in PHASED_KEY_STAGES and (phase is None or not f.area_key.endswith(suffix)):
                continue
            out.setdefault((f.key_stage, f.measure, f.year, bool(f.provisional), f.area), []).append(f)
    return out


def _load_comparators(session: Session, cached: dict, missing: list[tuple[str, str, int]]) -> None:
    """Every LA and England row of these (key_stage, measure, year) into the per-database cache:
    combo -> {la_code (None for England): rows in id order}."""
    if not missing:
        return
    stmt = select(FIGURES).where(
        FIGURES.c.key_stage.in_({c[0] for c in missing}),
        FIGURES.c.measure.in_({c[1] for c in missing}),
        FIGURES.c.year.in_({c[2] for c in missing}),
        FIGURES.c.area.in_(COMPARATOR_AREAS),
    ).order_by(FIGURES.c.id)
    rows = list(map(FigureRow._make, session.execute(stmt)))
    for combo in missing:
        cached[combo] = {}
    for f in rows:
        by_la = cached.get((f.key_stage, f.measure, f.year))
        if by_la is not None:
            by_la.setdefault(f.la_code if f.area == "la" else None, []).append(f)


def warm_up(session: Session) -> None:
    """Fill the per-database caches now (start-up) rather than on first use (an answer): every
    LA/England comparator row, the latest year of every measure, place centres and the grid."""
    cat = _catalogue(session)
    combos = session.execute(select(FIGURES.c.key_stage, FIGURES.c.measure, FIGURES.c.year)
                             .where(FIGURES.c.area.in_(COMPARATOR_AREAS)).distinct())
    _load_comparators(session, cat.comparators, [tuple(c) for c in combos if tuple(c) not in cat.comparators])
    newest = select(FIGURES.c.key_stage, FIGURES.c.measure, func.max(FIGURES.c.year)).group_by(
        FIGURES.c.key_stage, FIGURES.c.measure)
    cat.latest.update({(ks, m): y for ks, m, y in session.execute(newest)})
    _places(session)
    _open_within(session, 0.0, 0.0, 1.0)


def comparator(comps: dict[tuple, list[FigureRow]], f: FigureRow, area: str) -> FigureRow | None:
    """The `area` figure matching school figure `f`: from its own file, else the same year and
    the same provisional/final release (national and LA figures are shared by every LA's file)."""
    rows = comps.get((f.key_stage, f.measure, f.year, bool(f.provisional), area)) or []
    return next((r for r in rows if r.source_file_id == f.source_file_id), rows[0] if rows else None)


@dataclass(frozen=True)
class FileInfo:
    """A source file's description (a plain copy, safe to keep between sessions)."""

    id: int
    name: str
    kind: str
    year: int | None
    provisional: bool
    demo: bool


@dataclass
class _Catalogue:
    """Per-database cache of what changes only on ingest (every ingest adds source files and
    figures): source files, latest years, LA/England comparator rows, place centres."""

    generation: tuple | None = None
    files: dict[int, FileInfo] = field(default_factory=dict)
    latest: dict[tuple[str, str], int | None] = field(default_factory=dict)
    comparators: dict[tuple[str, str, int], dict[int | None, list[FigureRow]]] = field(default_factory=dict)
    places: dict[str, dict[str, tuple[float, float, str]]] | None = None
    grid: dict[tuple[int, int], list[tuple[int, float, float, tuple[float, float]]]] | None = None
    centres: dict[str, tuple[float, float]] | None = None  # postcode district -> centroid
    coverage: Coverage | None = None


_CATALOGUES: weakref.WeakKeyDictionary[Engine, _Catalogue] = weakref.WeakKeyDictionary()


def _catalogue(session: Session) -> _Catalogue:
    """The cache for this session's database, checked once per session (max ids: index lookups)."""
    engine = session.get_bind().engine  # an Engine's .engine is itself, a Connection's its engine
    cat = _CATALOGUES.get(engine)
    if cat is None:
        cat = _Catalogue()
        _CATALOGUES[engine] = cat
    checked: object = session.info.get("records_catalogue")
    if checked is not cat:
        generation = tuple(session.execute(_GENERATION).one())
        if generation != cat.generation:
            files = {
                f.id: FileInfo(f.id, f.name, f.kind, f.year, bool(f.provisional), bool(f.demo))
                for f in session.execute(select(SourceFile.__table__))
            }
            cat.generation, cat.files, cat.latest, cat.comparators = generation, files, {}, {}
            cat.places = cat.grid = cat.centres = cat.coverage = None
        session.info["records_catalogue"] = cat
    return cat


def caches(session: Session) -> _Catalogue:
    """This database's caches as they are (after `warm_up`: filled), to keep between runs."""
    return _catalogue(session)


def adopt_caches(engine: Engine, kept: _Catalogue) -> None:
    """Use caches kept by an earlier run for `engine` (when it has none yet); they are checked
    against the database like any others, so ones from before an ingest are refilled."""
    _CATALOGUES.setdefault(engine, kept)


def latest_years(session: Session, pairs: Iterable[tuple[str, str]]) -> dict[tuple[str, str], int]:
    """(key_stage, measure) -> the newest year in the records for that measure (any area)."""
    cat = _catalogue(session)
    pairs = list(dict.fromkeys(pairs))
    missing = [p for p in pairs if p not in cat.latest]
    if missing:
        parts = [
            select(
                literal(ks).label("ks"),
                literal(m).label("m"),
                select(func.max(Figure.year))
                .where(Figure.key_stage == ks, Figure.measure == m)
                .scalar_subquery()
                .label("y"),
            )
            for ks, m in missing
        ]
        stmt = parts[0] if len(parts) == 1 else union_all(*parts)
        for ks, m, y in session.execute(stmt):
            cat.latest[(ks, m)] = y
    return {p: year for p in pairs if (year := cat.latest.get(p)) is not None}


def source_files(session: Session, ids: Iterable[int | None]) -> dict[int | None, FileInfo]:
    """Source files by id (looking up a missing id, or None, gives nothing)."""
    files = _catalogue(session).files
    return {i: files[i] for i in ids if i is not None and i in files}


def inspections(session: Session, urns: Iterable[int]) -> list[InspectionRow]:
    """Inspections of these schools, newest first."""
    urns = list(dict.fromkeys(urns))
    if not urns:
        return []
    return list(map(InspectionRow._make, session.execute(_INSPECTIONS_OF, {"urns": urns})))


def postcode_district(session: Session, district: str) -> Row | None:
    """A postcode district centroid (outcode, any case/spacing): a row with Postcode's attributes."""
    return session.execute(_POSTCODE, {"district": district.replace(" ", "").upper()}).first()


def place_centre(session: Session, place: str) -> tuple[float, float, str] | None:
    """Centre (easting, northing, label) of a postcode district, a town, a village or district
    of a town (a school's locality) or a local authority.

    Towns, localities and LAs use the mean position of their open schools.
    """
    words = place.split()
    outcode = words[0] if words else ""
    if len(words) == 1 and re.fullmatch(r"[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}", outcode):
        outcode = outcode[:-3]  # a full postcode written without its space
    pc = postcode_district(session, outcode) if outcode else None
    if pc is not None and pc.easting is not None:
        return float(pc.easting), float(pc.northing), pc.district
    name = place.strip().lower()
    places = _places(session)
    found = places["town"].get(name) or places["locality"].get(name) or places["la"].get(name)
    if found is None:  # "Kingston upon Hull, City of" is "kingston upon hull"; a town's first word alone
        key = _place_key(name)
        for kind in ("town", "la", "locality"):
            hits = [v for n, v in places[kind].items() if _place_key(n) == key]
            hits = hits or [v for n, v in places[kind].items() if _place_key(n).startswith(key + " ")]
            if len(hits) == 1:
                return hits[0]
    return found


def _place_key(name: str) -> str:
    """A place name without punctuation and "City of"/"County of" ("Southend-on-Sea" -> "southend on sea")."""
    words = re.sub(r"[^a-z0-9]+", " ", name.lower()).split()
    if words[-2:] in (["city", "of"], ["county", "of"]):
        words = words[:-2]
    return " ".join(words)


def _places(session: Session) -> dict[str, dict[str, tuple[float, float, str]]]:
    """Town, locality and LA name (lower case) -> mean position of their open schools (a school
    without its own position counts at its postcode district's centre), cached per database."""
    cat = _catalogue(session)
    if cat.places is None:
        centres = _district_centres(session)
        sums: dict[str, dict[str, list]] = {"town": {}, "locality": {}, "la": {}}
        rows = session.execute(select(School.town, School.locality, School.la_name, School.easting,
                                      School.northing, School.postcode).where(School.is_open.is_(True)))
        for town, locality, la, easting, northing, postcode in rows:
            at = (easting, northing) if easting is not None else _district_centre(centres, postcode)
            if at is None or at[1] is None:
                continue
            for key, name in (("town", town), ("locality", locality), ("la", la)):
                if name:
                    acc = sums[key].setdefault(name.lower(), [0.0, 0.0, 0, name])
                    acc[0] += at[0]
                    acc[1] += at[1]
                    acc[2] += 1
                    acc[3] = min(acc[3], name)
        cat.places = {key: {n: (e / k, no / k, label) for n, (e, no, k, label) in found.items()}
                      for key, found in sums.items()}
    return cat.places


NO_FAITH = ("none", "does not apply", "not applicable", "")


def _lower(col):
    return func.lower(func.coalesce(col, ""))


def _phase_condition(phase: str):
    """Understanding's phase words -> a condition on GIAS fields."""
    p = phase.lower()
    if p == "infant":
        return or_(_lower(School.name).like("%infant%"), and_(_lower(School.phase) == "primary",
                                                              School.high_age <= 8))
    if p == "junior":
        return or_(_lower(School.name).like("%junior%"), and_(_lower(School.phase) == "primary",
                                                              School.low_age >= 7))
    if p == "special":
        return or_(_lower(School.type_name).like("%special%"), _lower(School.name).like("%special%"))
    if p == "sixth form":
        return or_(_lower(School.phase).like("%16%"), _lower(School.sixth_form).like("has a sixth form%"))
    return _lower(School.phase).like(f"%{p}%")


def _type_condition(kind: str):
    """Understanding's type words (academy, independent, grammar, free school, maintained)."""
    k = kind.lower()
    if k == "grammar":  # a state school that selects by ability (not a selective independent school)
        return and_(_lower(School.admissions_policy).like("selective%"),
                    ~_lower(School.type_group).like("%independent%"), ~_lower(School.type_name).like("%independent%"))
    if k == "maintained":
        return _lower(School.type_group).like("%maintained%")
    if k == "academy":
        return or_(_lower(School.type_group).like("%academ%"), _lower(School.type_name).like("%academy%"))
    return or_(_lower(School.type_group).like(f"%{k}%"), _lower(School.type_name).like(f"%{k}%"))


def _faith_condition(faith: bool | str):
    """True/"any": any religious character; False/"none": none; else its name (e.g. "roman catholic")."""
    col = _lower(School.religious_character)
    if faith is True or faith == "any":
        return col.not_in(NO_FAITH)
    if faith is False or faith == "none":
        return col.in_(NO_FAITH)
    return col.like(f"%{str(faith).lower()}%")


def _provision_condition(provision: str):
    """SEND provision: "resourced provision", "sen unit", or "any" (either, or a special school)."""
    p = provision.lower()
    kind = _lower(School.sen_provision)
    if p == "resourced provision":
        return kind.like("resourced provision%")
    if p == "sen unit":
        return kind.like("%sen unit")
    return or_(School.sen_provision.is_not(None), _phase_condition("special"))


def _need_condition(need: str):
    """A type of SEN GIAS lists the school as providing for (a code of columns.yaml sen_needs)."""
    return (literal(";") + School.sen_needs + literal(";")).like(f"%;{need};%")


def _filter_conditions(phase: str | None, faith: bool | str | None, type_group: str | None,
                       gender: str | None, provision: str | None = None,
                       need: str | None = None) -> list:
    # Children's centres are in GIAS but are not schools.
    conds = [or_(School.type_name.is_(None), ~_lower(School.type_name).like("%children%centre%"))]
    if need:  # a type of need is listed only for a school that provides for it
        conds.append(_need_condition(need))
    elif provision:
        conds.append(_provision_condition(provision))
    if phase:
        conds.append(_phase_condition(phase))
    if type_group:
        conds.append(_type_condition(type_group))
    if faith is not None:
        conds.append(_faith_condition(faith))
    if gender:
        conds.append(_lower(School.gender).like(f"{gender.lower()}%"))
    return conds


def schools_near(
    session: Session,
    easting: float,
    northing: float,
    *,
    radius_m: float = 5000,
    phase: str | None = None,
    faith: bool | str | None = None,
    type_group: str | None = None,
    gender: str | None = None,
    provision: str | None = None,
    need: str | None = None,
    open_only: bool = True,
    limit: int = 10,
) -> list[tuple[SchoolRow, float]]:
    """Schools within `radius_m` of a point (British National Grid), nearest first, with their
    distance in metres: measured on the WGS84 ellipsoid from the point to each school's own
    latitude/longitude (GIAS's Easting/Northing), or its postcode district's centre where GIAS
    gives no position.

    Filters take the understanding's words: phase primary|secondary|infant|junior|special|
    sixth form|nursery, type academy|independent|grammar|free school|maintained, faith
    any|none|<religion>, gender girls|boys|mixed; SEND provision resourced provision|sen unit|
    any, and a type of need (a GIAS code: SLCN, ASD, HI, ...).
    """
    origin = geo.to_latlon(easting, northing)
    reach = radius_m * GRID_SLACK  # grid metres and ground metres differ by up to 0.04 %
    if open_only:  # the positions of open schools are cached: fetch only those within reach
        within = _open_within(session, easting, northing, reach)
        if not within:
            return []
        conds = [School.urn.in_(within)]
    else:
        within = {}
        conds = [
            School.easting.between(easting - reach, easting + reach),
            School.northing.between(northing - reach, northing + reach),
        ]
    conds += _filter_conditions(phase, faith, type_group, gender, provision, need)
    found = []
    for s in map(SchoolRow._make, session.execute(select(SCHOOLS).where(*conds))):
        at = within.get(s.urn) or _position(s)
        if at is None:
            continue
        d = geo.distance_m(*origin, *at)
        if d <= radius_m:
            found.append((s, d))
    found.sort(key=lambda sd: (sd[1], sd[0].name))
    return found[:limit]


def schools_in_la(
    session: Session,
    la_name: str,
    *,
    phase: str | None = None,
    faith: bool | str | None = None,
    type_group: str | None = None,
    gender: str | None = None,
    provision: str | None = None,
    need: str | None = None,
) -> list[SchoolRow]:
    """The open schools of a local authority (its name, any case), by name; filters as
    `schools_near`."""
    conds = [School.is_open.is_(True), _lower(School.la_name) == la_name.strip().lower()]
    conds += _filter_conditions(phase, faith, type_group, gender, provision, need)
    rows = map(SchoolRow._make, session.execute(select(SCHOOLS).where(*conds)))
    return sorted(rows, key=lambda s: (s.name, s.urn))


def place_kind(session: Session, place: str) -> str | None:
    """What a place is: "la" (a local authority whose schools the records hold), "town",
    "locality", "district" (a postcode district), or None when unknown."""
    name = place.strip().lower()
    places = _places(session)
    if name in places["la"]:
        return "la"
    if name in places["town"]:
        return "town"
    if name in places["locality"]:
        return "locality"
    return "district" if place_centre(session, place) is not None else None


def district_of(postcode: str | None) -> str | None:
    """The district (outcode) of a full postcode: "GU15 3LJ" -> "GU15"."""
    code = (postcode or "").upper().replace(" ", "")
    return code[:-3] if len(code) >= 5 else None


GRID_M = 5000  # cell size of the cached grid of open schools' positions
GRID_SLACK = 1.001  # candidates are found on the grid a little beyond the radius asked


def _position(school: SchoolRow) -> tuple[float, float] | None:
    """A school's own latitude/longitude (from its Easting/Northing when not stored yet)."""
    if school.latitude is not None and school.longitude is not None:
        return school.latitude, school.longitude
    if school.easting is not None and school.northing is not None:
        return geo.to_latlon(school.easting, school.northing)
    return None


def _district_centres(session: Session) -> dict[str, tuple[float, float]]:
    """Postcode district -> its centroid, for schools without their own position (cached)."""
    cat = _catalogue(session)
    if cat.centres is None:
        cat.centres = {d: (e, n) for d, e, n in session.execute(
            select(Postcode.district, Postcode.easting, Postcode.northing).where(
                Postcode.easting.is_not(None))) if e is not None and n is not None}
    return cat.centres


def _district_centre(centres: dict[str, tuple[float, float]], postcode: str | None) -> tuple[float, float] | None:
    """The centroid of a postcode's district (from `_district_centres`), None when unknown."""
    district = district_of(postcode)
    return None if district is None else centres.get(district)


def position_of(session: Session, school: SchoolRow) -> tuple[float, float, bool] | None:
    """(latitude, longitude, approximate) of a school: its own position from GIAS, else its
    postcode district's centre (approximate); None when neither is known."""
    own = _position(school)
    if own is not None:
        return own[0], own[1], False
    centre = _district_centre(_district_centres(session), school.postcode)
    return (*geo.to_latlon(*centre), True) if centre else None


def _open_within(session: Session, easting: float, northing: float,
                 radius_m: float) -> dict[int, tuple[float, float]]:
    """Open schools within `radius_m` (grid metres) of a point, with their latitude/longitude,
    from the per-database grid cache. A school with no published coordinates is placed at the
    centre of its postcode district (`easting` is None on its row, so answers can say the
    distance is approximate)."""
    cat = _catalogue(session)
    if cat.grid is None:
        cat.grid = {}
        placed = select(School.urn, School.easting, School.northing, School.latitude, School.longitude).where(
            School.is_open.is_(True), School.easting.is_not(None), School.northing.is_not(None))
        unplaced = select(School.urn, School.postcode).where(
            School.is_open.is_(True), School.easting.is_(None), School.postcode.is_not(None))
        centres = _district_centres(session)
        positions: list[tuple[int, float, float, tuple[float, float]]] = [(urn, e, n, (lat, lon) if lat is not None and lon is not None else geo.to_latlon(e, n))
                     for urn, e, n, lat, lon in session.execute(placed) if e is not None and n is not None]
        at_centre = [(urn, d) for urn, pc in session.execute(unplaced) if (d := district_of(pc)) in centres]
        used = sorted({d for _, d in at_centre})
        latlon = dict(zip(used, geo.many_to_latlon([centres[d][0] for d in used], [centres[d][1] for d in used])))
        positions += [(urn, *centres[d], latlon[d]) for urn, d in at_centre]
        for urn, e, n, at in positions:
            cat.grid.setdefault((int(e // GRID_M), int(n // GRID_M)), []).append((urn, e, n, at))
    reach = int(radius_m // GRID_M) + 1
    ce, cn = int(easting // GRID_M), int(northing // GRID_M)
    r2 = radius_m * radius_m
    return {
        urn: at
        for de in range(-reach, reach + 1)
        for dn in range(-reach, reach + 1)
        for urn, e, n, at in cat.grid.get((ce + de, cn + dn), ())
        if (e - easting) ** 2 + (n - northing) ** 2 <= r2
    }


# The measure whose presence says a school's results of a key stage are in the records.
COVERAGE_MEASURES = {"ks2": "rwm_exp", "ks4": "att8", "ks5": "a_level_aps", "census": "pupils_on_roll",
                     "absence": "overall_absence", "destinations": "dest_overall"}


@dataclass
class Coverage:
    """What the records hold: schools by LA; for each key stage, year -> LA code -> schools with
    figures; inspections and the newest inspection date; LA names; GIAS extract dates."""

    schools: dict[int | None, int]
    results: dict[str, dict[int, dict[int | None, int]]]
    inspections: int
    newest_inspection: date | None
    la_names: dict[int, str]
    gias_dates: list[date]


def coverage(session: Session) -> Coverage:
    """What the records hold, by key stage, year and LA (cached until the next ingest)."""
    cat = _catalogue(session)
    if cat.coverage is None:
        schools = dict(session.execute(
            select(School.la_code, func.count()).where(School.is_open.is_(True)).group_by(School.la_code)).all())
        results: dict[str, dict[int, dict[int | None, int]]] = {}
        for ks, measure in COVERAGE_MEASURES.items():
            rows = session.execute(
                select(Figure.year, Figure.la_code, func.count())
                .where(Figure.key_stage == ks, Figure.measure == measure, Figure.area == "school",
                       Figure.value.is_not(None))
                .group_by(Figure.year, Figure.la_code))
            for year, la, n in rows:
                results.setdefault(ks, {}).setdefault(year, {})[la] = n
        count, newest = session.execute(select(func.count(), func.max(Inspection.start_date))).one()
        names = {code: name for code, name in session.execute(select(LocalAuthority.code, LocalAuthority.name))}
        names.update({code: name for code, name in session.execute(
            select(School.la_code, func.max(School.la_name)).where(School.la_code.is_not(None))
            .group_by(School.la_code)) if code is not None and name})
        dates = sorted({d for (d,) in session.execute(select(School.as_of).distinct()) if d})
        cat.coverage = Coverage(schools, results, count, newest, names, dates)
    return cat.coverage


@dataclass
class IndexRows:
    """What the name index is built from: every school but children's centres, former names,
    and successor links."""

    schools: list[Row]
    former: dict[int, list[str]]
    successors: dict[int, set[int]]


def index_rows(engine: Engine) -> IndexRows:
    """The rows the school-name index (bot.understanding.matcher) is built from."""
    with engine.connect() as conn:
        schools = conn.execute(select(
            School.urn, School.name, School.town, School.phase, School.is_open, School.la_name,
            School.postcode, School.locality, School.address3, School.gender, School.as_of,
        ).where(School.type_group.is_(None) | (School.type_group != "Children's Centres"))).all()
        former: dict[int, list[str]] = {}
        for urn, name in conn.execute(select(SchoolName.urn, SchoolName.name).where(SchoolName.kind != "current")):
            former.setdefault(urn, []).append(name)
        successors: dict[int, set[int]] = {}
        for urn, link_urn in conn.execute(
                select(SchoolLink.urn, SchoolLink.link_urn).where(SchoolLink.link_type.ilike("successor%"))):
            successors.setdefault(urn, set()).add(link_urn)
    return IndexRows(list(schools), former, successors)


ALLOCATIONS, CRITERIA = Allocation.__table__, AllocationCriterion.__table__


@dataclass
class Allocations:
    """A council's allocation figures for a school, oldest intake first, and its offers by
    criterion (year -> rows by priority); `files` the source files they came from."""

    years: list[Row]
    criteria: dict[int, list[Row]]
    files: dict[int | None, FileInfo]


def allocations(session: Session, school: SchoolRow) -> Allocations:
    """The council allocation figures of a school: those under its own LA and establishment
    number, and under those of the school it replaced (a converted school's number changes)."""
    keys = {(school.la_code, school.estab)}
    preds = schools(session, [lk.urn for lk in predecessors(session, school.urn)])
    keys |= {(p.la_code, p.estab) for p in preds.values()}
    keys = {k for k in keys if None not in k}
    if not keys:
        return Allocations([], {}, {})
    match = or_(*(and_(ALLOCATIONS.c.la_code == la, ALLOCATIONS.c.estab == estab) for la, estab in keys))
    years = list(session.execute(select(ALLOCATIONS).where(match).order_by(ALLOCATIONS.c.year)))
    crit_match = or_(*(and_(CRITERIA.c.la_code == la, CRITERIA.c.estab == estab) for la, estab in keys))
    criteria: dict[int, list[Row]] = {}
    for row in session.execute(select(CRITERIA).where(crit_match).order_by(CRITERIA.c.year, CRITERIA.c.priority)):
        criteria.setdefault(row.year, []).append(row)
    ids = {r.source_file_id for r in years} | {r.source_file_id for rows in criteria.values() for r in rows}
    return Allocations(years, criteria, source_files(session, ids))


@dataclass
class AllocationArea:
    """Which schools a local authority's allocation tables cover: how many, and their commonest
    towns (most schools first)."""

    la_code: int
    la_name: str | None
    schools: int
    towns: list[str]


def allocation_areas(session: Session) -> list[AllocationArea]:
    """The council allocation tables the records hold, one per LA (most schools first)."""
    keys = session.execute(select(ALLOCATIONS.c.la_code, ALLOCATIONS.c.estab).distinct()).all()
    if not keys:
        return []
    places = {(r.la_code, r.estab): (r.town, r.la_name) for r in session.execute(
        select(SCHOOLS.c.la_code, SCHOOLS.c.estab, SCHOOLS.c.town, SCHOOLS.c.la_name)
        .where(SCHOOLS.c.la_code.in_({k[0] for k in keys}), SCHOOLS.c.estab.in_({k[1] for k in keys})))}
    out: dict[int, AllocationArea] = {}
    towns: dict[int, dict[str, int]] = {}
    for la, estab in keys:
        town, la_name = places.get((la, estab), (None, None))
        area = out.setdefault(la, AllocationArea(la, la_name, 0, []))
        area.schools += 1
        area.la_name = area.la_name or la_name
        if town:
            towns.setdefault(la, {})[town] = towns.get(la, {}).get(town, 0) + 1
    for la, area in out.items():
        area.towns = sorted(towns.get(la, {}), key=lambda t: (-towns[la][t], t))
    return sorted(out.values(), key=lambda a: -a.schools)


def admissions_figures(session: Session, la_code: int, phase: str) -> list[FigureRow]:
    """The DfE's applications and offers figures of a local authority and of England for a
    phase (primary | secondary), every year held."""
    stmt = select(FIGURES).where(FIGURES.c.key_stage == "admissions",
                                 FIGURES.c.area_key.in_([f"la:{la_code}:{phase}", f"england:{phase}"]))
    return list(map(FigureRow._make, session.execute(stmt)))


def la_named(session: Session, text: str) -> tuple[int, str] | None:
    """(code, name) of the local authority a text names as a whole word ("in Hertfordshire"),
    the longest name first; None when it names none."""
    said = " " + re.sub(r"[^a-z0-9]+", " ", text.lower()) + " "
    names = coverage(session).la_names
    extra = dict(session.execute(select(LocalAuthority.code, LocalAuthority.name)).all())
    found = [(code, name) for code, name in {**extra, **names}.items()
             if name and f" {_place_key(name)} " in said]
    return max(found, key=lambda cn: len(cn[1])) if found else None


def area_figures(session: Session, key_stage: str, measure: str) -> dict[int, dict[str, list[FigureRow]]]:
    """Every LA and England figure of one measure, by year: year -> {"england" | "england_state" |
    "la:<code>": rows}."""
    rows = session.execute(select(FIGURES).where(
        FIGURES.c.key_stage == key_stage, FIGURES.c.measure == measure,
        FIGURES.c.area.in_(COMPARATOR_AREAS)).order_by(FIGURES.c.id))
    out: dict[int, dict[str, list[FigureRow]]] = {}
    for f in map(FigureRow._make, rows):
        key = f"la:{f.la_code}" if f.area == "la" else f.area
        out.setdefault(f.year, {}).setdefault(key, []).append(f)
    return out
