"""Read-side queries over the records store: a handful of indexed queries per answer."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import Row, and_, func, literal, or_, select, union_all
from sqlalchemy.orm import Session

from bot.models import Figure, Inspection, Postcode, School, SchoolLink, SchoolName, SourceFile

COMPARATOR_AREAS = ("la", "england", "england_state")
# Figures are read as plain rows (attribute access like the model, without ORM identity overhead).
FIGURES = Figure.__table__
FigureRow = Row  # a row of the figures table: the same attribute names as bot.models.Figure


def school(session: Session, urn: int) -> School | None:
    """The school with this URN, or None."""
    return session.get(School, urn)


def schools(session: Session, urns: Iterable[int]) -> dict[int, School]:
    """Schools by URN (missing URNs are left out)."""
    urns = list(dict.fromkeys(urns))
    if not urns:
        return {}
    rows = session.scalars(select(School).where(School.urn.in_(urns)))
    return {s.urn: s for s in rows}


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
    link_date: object


def predecessors(session: Session, urn: int) -> list[Link]:
    """Schools this one replaced (academy conversion, merger), newest link first."""
    rows = session.scalars(
        select(SchoolLink).where(
            or_(
                and_(SchoolLink.urn == urn, SchoolLink.link_type.like("Predecessor%")),
                and_(SchoolLink.link_urn == urn, SchoolLink.link_type.like("Successor%")),
            )
        )
    ).all()
    out: dict[int, Link] = {}
    for r in rows:
        other = r.link_urn if r.urn == urn else r.urn
        name = r.link_name if r.urn == urn else None
        out.setdefault(other, Link(other, name, r.link_type, r.link_date))
    newest_first = sorted(out.values(), key=lambda lk: lk.link_date.toordinal() if lk.link_date else 0)
    return newest_first[::-1]


def successors(session: Session, urn: int) -> list[Link]:
    """Schools that replaced this one."""
    rows = session.scalars(
        select(SchoolLink).where(
            or_(
                and_(SchoolLink.urn == urn, SchoolLink.link_type.like("Successor%")),
                and_(SchoolLink.link_urn == urn, SchoolLink.link_type.like("Predecessor%")),
            )
        )
    ).all()
    out: dict[int, Link] = {}
    for r in rows:
        other = r.link_urn if r.urn == urn else r.urn
        name = r.link_name if r.urn == urn else None
        out.setdefault(other, Link(other, name, r.link_type, r.link_date))
    return list(out.values())


def school_figures(
    session: Session,
    urns: Iterable[int],
    key_stages: Iterable[str],
    measures: Iterable[str] | None = None,
) -> list[FigureRow]:
    """The figures of these schools in these key stages (all years; only `measures` if given)."""
    urns, key_stages = list(urns), list(key_stages)
    if not urns:
        return []
    stmt = select(FIGURES).where(
        FIGURES.c.urn.in_(urns), FIGURES.c.area == "school", FIGURES.c.key_stage.in_(key_stages)
    )
    if measures is not None:
        stmt = stmt.where(FIGURES.c.measure.in_(sorted(set(measures))))
    return list(session.execute(stmt))


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


def comparators(
    session: Session, figures: Iterable[FigureRow], la_code: int | None
) -> dict[tuple, list[FigureRow]]:
    """LA and England figures for the same key stage, measure and year as each school figure.

    Key: (key_stage, measure, year, provisional, area) -> rows; `comparator` picks the one from
    the school figure's own file when there is one.
    """
    figures = list(figures)
    if not figures:
        return {}
    # IN lists on the leading columns of ix_figures_comparator, then the LA on those rows.
    areas = [Figure.area.in_(("england", "england_state"))]
    if la_code is not None:
        areas.append(and_(Figure.area == "la", Figure.la_code == la_code))
    stmt = select(FIGURES).where(
        Figure.key_stage.in_({f.key_stage for f in figures}),
        Figure.measure.in_({f.measure for f in figures}),
        Figure.year.in_({f.year for f in figures}),
        Figure.area.in_(COMPARATOR_AREAS),
        or_(*areas),
    )
    out: dict[tuple, list[FigureRow]] = {}
    for f in session.execute(stmt):
        out.setdefault((f.key_stage, f.measure, f.year, bool(f.provisional), f.area), []).append(f)
    return out


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
    """Per-database cache of source files and latest years, dropped when new records arrive."""

    generation: tuple | None = None
    files: dict[int, FileInfo] = field(default_factory=dict)
    latest: dict[tuple[str, str], int | None] = field(default_factory=dict)


_CATALOGUES: dict[str, _Catalogue] = {}


def _catalogue(session: Session) -> _Catalogue:
    """The cache for this session's database, checked once per session (max ids: index lookups)."""
    bind = session.get_bind()
    cat = _CATALOGUES.setdefault(f"{bind.url!r}|{id(bind)}", _Catalogue())
    if session.info.get("records_catalogue") is not cat:
        generation = tuple(session.execute(
            select(
                select(func.max(SourceFile.id)).scalar_subquery(),
                select(func.max(Figure.id)).scalar_subquery(),
            )
        ).one())
        if generation != cat.generation:
            cat.generation, cat.files, cat.latest = generation, {}, {}
            cat.files = {
                f.id: FileInfo(f.id, f.name, f.kind, f.year, bool(f.provisional), bool(f.demo))
                for f in session.scalars(select(SourceFile))
            }
        session.info["records_catalogue"] = cat
    return cat


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
    return {p: cat.latest[p] for p in pairs if cat.latest.get(p) is not None}


def source_files(session: Session, ids: Iterable[int | None]) -> dict[int, FileInfo]:
    """Source files by id."""
    files = _catalogue(session).files
    return {i: files[i] for i in ids if i is not None and i in files}


def inspections(session: Session, urns: Iterable[int]) -> list[Inspection]:
    """Inspections of these schools, newest first."""
    urns = list(urns)
    if not urns:
        return []
    stmt = select(Inspection).where(Inspection.urn.in_(urns)).order_by(Inspection.start_date.desc())
    return list(session.scalars(stmt))


def postcode_district(session: Session, district: str) -> Postcode | None:
    """A postcode district centroid (outcode, any case/spacing)."""
    return session.get(Postcode, district.replace(" ", "").upper())


def place_centre(session: Session, place: str) -> tuple[float, float, str] | None:
    """Centre (easting, northing, label) of a postcode district, a town or a local authority.

    Towns and LAs use the mean position of their open schools.
    """
    words = place.split()
    outcode = words[0] if words else ""
    if len(words) == 1 and re.fullmatch(r"[A-Za-z]{1,2}\d[A-Za-z\d]?\d[A-Za-z]{2}", outcode):
        outcode = outcode[:-3]  # a full postcode written without its space
    pc = postcode_district(session, outcode) if outcode else None
    if pc is not None and pc.easting is not None:
        return float(pc.easting), float(pc.northing), pc.district
    name = place.strip().lower()
    for col in (School.town, School.la_name):
        row = session.execute(
            select(func.avg(School.easting), func.avg(School.northing), func.min(col)).where(
                func.lower(col) == name, School.easting.is_not(None), School.is_open.is_(True)
            )
        ).first()
        if row and row[0] is not None:
            return float(row[0]), float(row[1]), row[2]
    return None


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
    if k == "grammar":
        return _lower(School.admissions_policy).like("selective%")
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
    open_only: bool = True,
    limit: int = 10,
) -> list[tuple[School, float]]:
    """Schools within `radius_m` of a point, nearest first, with their distance in metres.

    Filters take the understanding's words: phase primary|secondary|infant|junior|special|
    sixth form|nursery, type academy|independent|grammar|free school|maintained, faith
    any|none|<religion>, gender girls|boys|mixed.
    """
    conds = [
        School.easting.between(easting - radius_m, easting + radius_m),
        School.northing.between(northing - radius_m, northing + radius_m),
    ]
    if open_only:
        conds.append(School.is_open.is_(True))
    if phase:
        conds.append(_phase_condition(phase))
    if type_group:
        conds.append(_type_condition(type_group))
    if faith is not None:
        conds.append(_faith_condition(faith))
    if gender:
        conds.append(_lower(School.gender).like(f"{gender.lower()}%"))
    found = []
    for s in session.scalars(select(School).where(*conds)):
        d = ((s.easting - easting) ** 2 + (s.northing - northing) ** 2) ** 0.5
        if d <= radius_m:
            found.append((s, d))
    found.sort(key=lambda sd: (sd[1], sd[0].name))
    return found[:limit]
