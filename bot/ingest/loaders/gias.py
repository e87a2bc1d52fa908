"""GIAS establishment extracts (edubasealldata...): School rows and names.

An extract's date (School.as_of) is its newest LastChangedDate, else the date in its name. A row
never overwrites one from a newer extract; when a newer extract renames a school, the old name is
kept as 'former'.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlalchemy import select

from bot.ingest import years
from bot.ingest.columns import gias_columns
from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import cell
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, insert_rows, update_rows
from bot.ingest.values import clean_text, parse_date, parse_int, parse_number
from bot.models import School, SchoolLink, SchoolName

INTS = {"la_code", "estab", "low_age", "high_age", "capacity", "pupils", "boys", "girls",
        "easting", "northing"}
DATES = {"open_date", "close_date", "ofsted_last_inspection"}
NOT_SCHOOL = {"last_changed", "region", "head_title", "head_first", "head_last"}
_LINK = re.compile(r"^(\d+)\s+(\D.*)$")
NULLS = frozenset({"NULL", "Not applicable", "Not recorded"})


def load(ctx: LoadContext, table: Table) -> None:
    """Load a GIAS extract."""
    cols = gias_columns(table.index())
    table.require(table.index(), ["URN", "EstablishmentName"])
    res = ctx.result
    rows: dict[int, dict[str, Any]] = {}
    las: dict[int, tuple[str | None, str | None]] = {}
    newest: date | None = None
    links: dict[tuple[int, int, str], dict[str, Any]] = {}
    linked = table.index().get("Linked establishments")
    for _line, row in table.rows(spill=True, progress=ctx.progress):
        urn = parse_int(cell(row, cols["urn"]))
        name = clean_text(cell(row, cols["name"]))
        if urn is None or not name:
            res.skip_row("row without a URN or a name")
            continue
        school = _school(row, cols)
        changed = parse_date(cell(row, cols.get("last_changed")))
        if changed and (newest is None or changed > newest):
            newest = changed
        if school.get("la_code") is not None:
            las[school["la_code"]] = (school.get("la_name"), clean_text(cell(row, cols.get("region"))))
        rows[urn] = school
        if linked is not None:
            for raw in row[linked:]:
                m = _LINK.match(raw.strip())
                if m:
                    link = (urn, int(m.group(1)), m.group(2).strip())
                    links[link] = dict(zip(("urn", "link_urn", "link_type"), link))
        res.rows_loaded += 1
    as_of = newest or years.date_from_name(ctx.path.name)
    res.reason = f"extract of {as_of.isoformat()}" if as_of else None
    source = ctx.register(None)
    ensure_las(ctx.session, las)
    _write(ctx, rows, as_of, source)
    _write_links(ctx, links, source)


def _school(row: list[str], cols: dict[str, int]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, col in cols.items():
        if field in NOT_SCHOOL:
            continue
        raw = cell(row, col)
        if field in INTS:
            out[field] = parse_int(raw)
        elif field in DATES:
            out[field] = parse_date(raw)
        elif field == "fsm_percent":
            out[field] = parse_number(raw) if raw else None
        elif field in ("name", "status", "urn"):
            out[field] = clean_text(raw)
        else:
            out[field] = clean_text(raw, nulls=NULLS)
    out["urn"] = parse_int(cell(row, cols["urn"]))
    if "status" in out:
        out["is_open"] = (out["status"] or "").lower().startswith("open")
    if {"head_first", "head_last"} & cols.keys():
        parts = [clean_text(cell(row, cols.get(k)), nulls=NULLS) for k in ("head_title", "head_first", "head_last")]
        out["head_name"] = " ".join(p for p in parts if p) or None
    return out


def _write(ctx: LoadContext, rows: dict[int, dict[str, Any]], as_of: date | None, source: int) -> None:
    session = ctx.session
    existing = {u: (a, n) for u, a, n in session.execute(select(School.urn, School.as_of, School.name))}
    names = {(u, n): (i, k) for i, u, n, k in session.execute(
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
