"""Bulk writes: insert or update many rows at once (no ORM object per row)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, String, bindparam, select
from sqlalchemy.orm import Session
from sqlalchemy.sql.schema import ScalarElementColumnDefault

if TYPE_CHECKING:
    from bot.ingest.figures import FigureBuffer

from bot.models import Base, Figure, LocalAuthority, School, SchoolName, SourceFile

CHUNK = 5000


def _defaults(model: type[Base]) -> dict[str, Any]:
    """Column -> value used when a row leaves the column out (scalar default, else NULL)."""
    out = {}
    for col in model.__table__.columns:
        default = col.default.arg if isinstance(col.default, ScalarElementColumnDefault) else None
        out[col.name] = default
    return out


def _fit(model: type[Base], rows: list[dict[str, Any]]) -> None:
    """Cut text longer than its column allows (PostgreSQL refuses it; SQLite would keep it)."""
    limits = [(c.name, c.type.length) for c in model.__table__.columns
              if isinstance(c.type, String) and c.type.length]
    for row in rows:
        for name, length in limits:
            value = row.get(name)
            if isinstance(value, str) and len(value) > length:
                row[name] = value[:length]


def insert_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """INSERT `rows` (missing keys take the column default) in bulk."""
    if not rows:
        return
    _fit(model, rows)
    table = model.__table__
    defaults = _defaults(model)
    pk = next(iter(table.primary_key.columns))
    if pk.name == "id" and "id" not in rows[0]:
        defaults.pop("id", None)
    if any(isinstance(c.type, JSON) for c in table.columns):
        conn = session.connection()
        full = [{**defaults, **r} for r in rows]
        for i in range(0, len(full), CHUNK):
            conn.execute(table.insert(), full[i : i + CHUNK])
        return
    columns = tuple(defaults)
    insert_tuples(session, model, columns, [tuple(r.get(c, defaults[c]) for c in columns) for r in rows])


def insert_tuples(session: Session, model: type[Base], columns: tuple[str, ...], rows: list[tuple]) -> None:
    """INSERT value tuples straight through the driver: PostgreSQL COPY, else executemany."""
    if not rows:
        return
    conn = session.connection()
    raw: Any = conn.connection.dbapi_connection  # the driver's own: psycopg's COPY, sqlite3's executemany
    table = model.__table__.name
    names = ", ".join(f'"{c}"' for c in columns)
    if conn.dialect.name == "postgresql":
        with raw.cursor() as cur, cur.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
        return
    mark = "?" if conn.dialect.paramstyle == "qmark" else "%s"
    cur = raw.cursor()
    try:
        cur.executemany(f'INSERT INTO "{table}" ({names}) VALUES ({", ".join(mark for _ in columns)})', rows)
    finally:
        cur.close()


def update_rows(session: Session, model: type[Base], rows: list[dict[str, Any]]) -> None:
    """UPDATE by primary key; every dict holds the key and the same other columns."""
    if not rows:
        return
    _fit(model, rows)
    table = model.__table__
    pk = next(iter(table.primary_key.columns))
    keys = [k for k in rows[0] if k != pk.name]
    stmt = table.update().where(pk == bindparam("b_pk")).values({k: bindparam(f"b_{k}") for k in keys})
    conn = session.connection()
    for i in range(0, len(rows), CHUNK):
        conn.execute(stmt, [
            {"b_pk": r[pk.name], **{f"b_{k}": r.get(k) for k in keys}} for r in rows[i : i + CHUNK]
        ])


def upsert_by_key(session: Session, model: type[Base], rows: dict[tuple, dict[str, Any]],
                  key_columns: tuple[str, ...], source_id: int) -> None:
    """Write `rows` (keyed by the values of `key_columns`) from source `source_id`: rows whose
    key is already stored are updated in place, the others inserted."""
    columns = [getattr(model, c) for c in key_columns]
    have = {tuple(key): i for i, *key in session.execute(select(model.__table__.c.id, *columns))}
    inserts, updates = [], []
    for key, row in rows.items():
        row["source_file_id"] = source_id
        if key in have:
            updates.append({"id": have[key], **row})
        else:
            inserts.append(row)
    insert_rows(session, model, inserts)
    update_rows(session, model, updates)


def add_source_file(
    session: Session, *, name: str, sha256: str, kind: str, year: int | None, provisional: bool,
    demo: bool,
) -> int:
    """A SourceFile row; its id."""
    row = SourceFile(
        name=name, sha256=sha256, kind=kind, year=year, provisional=provisional, demo=demo,
        rows_loaded=0, rows_skipped=0, loaded_at=datetime.now(UTC).replace(tzinfo=None),
    )
    session.add(row)
    session.flush()
    return row.id


FIGURE_COLUMNS = ("area_key", "area", "urn", "la_code", "key_stage", "measure", "year", "value",
                  "status", "text", "provisional", "source_file_id")


def write_figures(session: Session, buf: FigureBuffer, *, year: int, provisional: bool,
                  source_id: int, overwrite: bool = True) -> int:
    """Insert new figures; replace those with the same area, measure, year and provisional flag
    (unless `overwrite` is False: then a figure already stored is kept)."""
    key_stage = buf.key_stage
    existing = {
        (a, m): i
        for i, a, m in session.execute(
            select(Figure.id, Figure.area_key, Figure.measure).where(
                Figure.key_stage == key_stage, Figure.year == year,
                Figure.provisional == provisional,
            )
        )
    }
    inserts, updates = [], []
    for (area_key, measure), (area, urn, la, cell) in buf.rows.items():
        row = (area_key, area, urn, la, key_stage, measure, year, cell.value, cell.status,
               cell.text, provisional, source_id)
        fid = existing.get((area_key, measure))
        if fid is None:
            inserts.append(row)
        elif overwrite:
            updates.append(dict(zip(FIGURE_COLUMNS, row), id=fid))
    inserts.sort(key=lambda r: (r[0], r[5]))  # index order: far faster B-tree inserts
    insert_tuples(session, Figure, FIGURE_COLUMNS, inserts)
    update_rows(session, Figure, updates)
    return len(inserts) + len(updates)


def ensure_schools(session: Session, candidates: dict[int, dict[str, Any]], *, demo: bool,
                   source_id: int | None = None) -> int:
    """Create a minimal School (and its current name) for each URN that has no row yet, and fill
    the empty fields of minimal rows made earlier from other files. GIAS rows are left alone."""
    if not candidates:
        return 0
    have = set(session.scalars(select(School.urn)))
    new = [dict(row, urn=urn, demo=demo, source_file_id=source_id)
           for urn, row in candidates.items() if urn not in have]
    las = dict(session.execute(select(LocalAuthority.code, LocalAuthority.name)).all())
    for row in new:
        if not row.get("la_name") and row.get("la_code") in las:
            row["la_name"] = las[row["la_code"]]
    insert_rows(session, School, new)
    insert_rows(session, SchoolName, [{"urn": r["urn"], "name": r["name"], "kind": "current"} for r in new])
    _fill_minimal(session, {u: r for u, r in candidates.items() if u in have})
    return len(new)


def _fill_minimal(session: Session, candidates: dict[int, dict[str, Any]]) -> None:
    """Fill empty fields of non-GIAS School rows (as_of is NULL) from `candidates`."""
    if not candidates:
        return
    keys = sorted({k for row in candidates.values() for k in row} - {"name", "is_open"})
    columns = [School.__table__.c[k] for k in keys]
    updates = []
    for row in session.execute(select(School.urn, *columns).where(School.as_of.is_(None))).mappings():
        new = candidates.get(row["urn"])
        if new is None:
            continue
        merged = {k: row[k] if row[k] is not None else new.get(k) for k in keys}
        if any(merged[k] != row[k] for k in keys):
            updates.append({"urn": row["urn"], **merged})
    update_rows(session, School, updates)


def ensure_las(session: Session, las: dict[int, tuple[str | None, str | None]], *, overwrite: bool = False) -> None:
    """Add local authorities (code -> (name, region)); fill gaps, or overwrite when asked."""
    have = {c: (n, r) for c, n, r in session.execute(
        select(LocalAuthority.code, LocalAuthority.name, LocalAuthority.region))}
    inserts, updates = [], []
    for code, (name, region) in las.items():
        if code not in have:
            if name:
                inserts.append({"code": code, "name": name, "region": region})
            continue
        old_name, old_region = have[code]
        new_name = name if (overwrite and name) else old_name
        new_region = region if (region and (overwrite or not old_region)) else old_region
        if (new_name, new_region) != (old_name, old_region):
            updates.append({"code": code, "name": new_name, "region": new_region})
    insert_rows(session, LocalAuthority, inserts)
    update_rows(session, LocalAuthority, updates)
