"""GIAS establishment extracts (edubasealldata...): School rows and names.

An extract's date (School.as_of) is the date in its name, else the newest LastChangedDate that
at least two of its rows share, so one mistyped row cannot date it (nor block every later
extract); a LastChangedDate after the extract's date, or in the future, is an error. A row never
overwrites one from a newer extract; when a newer extract renames a school, the old name is kept
as 'former'.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.geo import many_to_latlon
from bot.ingest import years
from bot.ingest.cells import INT_MIN, URN_MAX, Row
from bot.ingest.columns import config, gias_columns
from bot.ingest.context import LoadContext
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, insert_rows, update_rows
from bot.models import School, SchoolLink, SchoolName

NOT_SCHOOL = {"last_changed", "region", "head_title", "head_first", "head_last"}
_LINK = re.compile(r"^(\d+)\s+(\D.*)$")
NO_LINKS = "Does not have links"
NULLS = frozenset({"Not applicable", "Not recorded"})  # in text, besides blank and NULL


def _grid(row: Row, col: int) -> int | None:
    return row.integer(col, low=INT_MIN)  # negative outside Great Britain


def _phase(row: Row, col: int) -> str | None:
    value = row.code(col, "gias_phase")
    return None if value in NULLS else value


def _gender(row: Row, col: int) -> str | None:
    value = row.code(col, "gender")
    return None if value in NULLS else value


def _text(row: Row, col: int) -> str | None:
    value = row.text(col)
    return None if value in NULLS else value


def _provision(row: Row, col: int) -> str | None:
    value = row.code(col, "sen_provision")
    return None if value in NULLS else value


def _sen_needs(row: Row, cols: list[int]) -> str | None:
    """The codes of the types of SEN provided for ("SLCN;ASD"), each checked against
    columns.yaml `sen_needs`; None when GIAS lists none."""
    known = {code.lower(): code for code in config()["sen_needs"]}
    codes = []
    for col in cols:
        value = row.value(col)
        if value is None or value.lower() == "not applicable":
            continue
        code = known.get(value.split(" - ", 1)[0].strip().lower())
        if code is None:
            row.fail(col, f"{value[:40]!r} is not a type of SEN in knowledge/columns.yaml sen_needs "
                          "(such as 'SLCN - Speech, language and Communication')")
        if code not in codes:
            codes.append(code)
    return ";".join(codes) or None


# How each School field's cell is read; any other field is free text.
READ: dict[str, Callable[[Row, int], Any]] = {
    "urn": lambda row, col: row.urn(col, required=True),
    "name": lambda row, col: row.required(col, "the name") and row.text(col),
    "status": lambda row, col: row.code(col, "gias_status"),
    "la_code": Row.la_code,
    "estab": lambda row, col: row.integer(col, high=9999),
    "low_age": lambda row, col: row.integer(col, high=99),
    "high_age": lambda row, col: row.integer(col, high=99),
    "capacity": Row.integer, "pupils": Row.integer, "boys": Row.integer, "girls": Row.integer,
    "easting": _grid, "northing": _grid,
    "fsm_percent": lambda row, col: row.number(col, low=0, high=100),
    "open_date": Row.date, "close_date": Row.date, "ofsted_last_inspection": Row.date,
    "phase": _phase, "gender": _gender, "sen_provision": _provision,
    "rp_on_roll": Row.integer, "rp_capacity": Row.integer,
    "sen_unit_on_roll": Row.integer, "sen_unit_capacity": Row.integer,
}


def load(ctx: LoadContext, table: Table) -> None:
    """Load a GIAS extract."""
    cols = gias_columns(table.index())
    table.require(table.index(), ["URN", "EstablishmentName"])
    sen_cols = [table.index()[c] for c in config()["gias_sen_columns"] if c in table.index()]
    res = ctx.result
    rows: dict[int, dict[str, Any]] = {}
    las: dict[int, tuple[str | None, str | None]] = {}
    named = years.date_from_name(ctx.path.name)
    changed: Counter[date] = Counter()
    links: dict[tuple[int, int, str], dict[str, Any]] = {}
    linked = table.index().get("Linked establishments")
    for row in table.rows(spill=True, progress=ctx.progress):
        school = _school(row, cols)
        if sen_cols:
            school["sen_needs"] = _sen_needs(row, sen_cols)
        urn = school["urn"]
        if not ctx.first(urn, row, f"URN {urn}"):
            continue
        day = _last_changed(row, cols.get("last_changed"), named)
        if day is not None:
            changed[day] += 1
        if school.get("la_code") is not None:
            las[school["la_code"]] = (school.get("la_name"), row.text(cols.get("region")))
        rows[urn] = school
        if linked is not None:
            for col in range(linked, len(row.cells)):
                for link in _links(row, col, urn):
                    links[link] = dict(zip(("urn", "link_urn", "link_type"), link))
        res.rows_loaded += 1
    as_of = named or _dominant(changed)
    res.reason = f"extract of {as_of.isoformat()}" if as_of else None
    source = ctx.register(None)
    ensure_las(ctx.session, las)
    _place(rows)
    _write(ctx, rows, as_of, source)
    _write_links(ctx, links, source)


def _place(rows: dict[int, dict[str, Any]]) -> None:
    """Each school's latitude and longitude from its Easting/Northing (one pyproj call)."""
    if not any("easting" in school for school in rows.values()):
        return  # an extract without positions leaves those already stored alone
    placed = [s for s in rows.values() if s.get("easting") is not None and s.get("northing") is not None]
    for school in rows.values():
        school["latitude"] = school["longitude"] = None
    points = many_to_latlon([s["easting"] for s in placed], [s["northing"] for s in placed])
    for school, (lat, lon) in zip(placed, points):
        school["latitude"], school["longitude"] = round(lat, 6), round(lon, 6)


def _last_changed(row: Row, col: int | None, named: date | None) -> date | None:
    """A row's LastChangedDate; an error when after the extract's date or in the future."""
    day = row.date(col)
    if day is None:
        return None
    limit, what = min((named or date.max, "the date in the file's name"), (date.today(), "today"))
    if day > limit:
        row.fail(col, f"{day:%d-%m-%Y} is after {what} ({limit:%d-%m-%Y}): not a date this "
                      "extract can hold")
    return day


def _dominant(changed: Counter[date]) -> date | None:
    """The newest date at least two rows share (else the newest): one row cannot date an extract."""
    shared = [day for day, n in changed.items() if n >= 2]
    candidates = shared or list(changed)
    return max(candidates) if candidates else None


def _links(row: Row, col: int, urn: int) -> list[tuple[int, int, str]]:
    """The links in one "Linked establishments" cell ("123456 Successor"), checked."""
    raw = row.value(col)
    if raw is None or raw == NO_LINKS:
        return []
    m = _LINK.match(raw)
    if not m or not 1 <= int(m.group(1)) <= URN_MAX:
        row.fail(col, f"{raw[:40]!r} is not a linked establishment (a URN and a link type)")
    return [(urn, int(m.group(1)), m.group(2).strip())]


def _school(row: Row, cols: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, col in cols.items():
        if field not in NOT_SCHOOL:
            out[field] = READ.get(field, _text)(row, col)
    if "status" in out:
        out["is_open"] = (out["status"] or "").lower().startswith("open")
    if {"head_first", "head_last"} & cols.keys():
        parts = [_text(row, cols[k]) if k in cols else None
                 for k in ("head_title", "head_first", "head_last")]
        out["head_name"] = " ".join(p for p in parts if p) or None
    return out


def _write(ctx: LoadContext, rows: dict[int, dict[str, Any]], as_of: date | None, source: int) -> None:
    session = ctx.session
    existing = {u: (a, n) for u, a, n in session.execute(select(School.urn, School.as_of, School.name))}
    names: dict[tuple[int, str], tuple[int | None, str]] = {(u, n): (i, k) for i, u, n, k in session.execute(
        select(SchoolName.id, SchoolName.urn, SchoolName.name, SchoolName.kind))}
    inserts, updates, new_names, name_kinds = [], [], [], []

    def set_name(urn: int, name: str, kind: str) -> None:
        have = names.get((urn, name))
        if have is None:
            new_names.append({"urn": urn, "name": name, "kind": kind})
            names[(urn, name)] = (None, kind)
        elif have[1] != kind and have[0] is not None:
            name_kinds.append({"id": have[0], "kind": kind})
            names[(urn, name)] = (have[0], kind)

    for urn, school in rows.items():
        school.update(as_of=as_of, source_file_id=source, demo=ctx.demo)
        if urn not in existing:
            inserts.append(school)
            set_name(urn, school["name"], "current")
            continue
        old_as_of, old_name = existing[urn]
        if old_as_of is None or as_of is None or old_as_of <= as_of:
            updates.append(school)
            if old_name != school["name"]:
                set_name(urn, old_name, "former")
            set_name(urn, school["name"], "current")
        elif old_name != school["name"]:
            set_name(urn, school["name"], "former")
    insert_rows(session, School, inserts)
    update_rows(session, School, updates)
    insert_rows(session, SchoolName, new_names)
    update_rows(session, SchoolName, name_kinds)


def _write_links(ctx: LoadContext, links: dict[tuple[int, int, str], dict[str, Any]], source: int) -> None:
    """Links listed in the extract's "Linked establishments" column, where not already stored."""
    have = {tuple(r) for r in ctx.session.execute(
        select(SchoolLink.urn, SchoolLink.link_urn, SchoolLink.link_type))}
    insert_rows(ctx.session, SchoolLink, [
        dict(link, source_file_id=source) for key, link in links.items() if key not in have])
