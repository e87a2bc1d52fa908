"""Postcode district centroids (postcodes.csv) and the LA code lookup (la_and_region_codes_meta)."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.ingest.cells import INT_MIN
from bot.ingest.context import LoadContext
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, insert_rows, update_rows
from bot.models import Postcode


_PAGE = re.compile(r" [A-D]$")
_DISTRICT = re.compile(r"^[A-Z]{1,2}\d[A-Z\d]?$")


def load_postcodes(ctx: LoadContext, table: Table) -> None:
    """Insert or refresh postcode districts."""
    idx = {h.lower(): i for i, h in enumerate(table.header)}
    table.require(idx, ["postcode"])
    res = ctx.result
    rows: dict[str, dict] = {}
    for row in table.rows(progress=ctx.progress):
        col = idx["postcode"]
        district = row.required(col, "the postcode district").upper().replace(" ", "")
        if not _DISTRICT.match(district):
            row.fail(col, f"{district[:40]!r} is not a postcode district (such as GU34)")
        if not ctx.first(district, row, f"the district {district}"):
            continue
        rows[district] = {
            "district": district,
            # grid references outside Great Britain (Guernsey, Jersey) can be negative
            "easting": row.integer(idx.get("eastings"), low=INT_MIN),
            "northing": row.integer(idx.get("northings"), low=INT_MIN),
            "latitude": row.number(idx.get("latitude"), low=-90, high=90),
            "longitude": row.number(idx.get("longitude"), low=-180, high=180),
            "town": row.text(idx.get("town")),
            "region": row.text(idx.get("region")),
        }
        res.rows_loaded += 1
    ctx.register(None)
    have = set(ctx.session.scalars(select(Postcode.district)))
    insert_rows(ctx.session, Postcode, [r for d, r in rows.items() if d not in have])
    update_rows(ctx.session, Postcode, [r for d, r in rows.items() if d in have])


def load_la_codes(ctx: LoadContext, table: Table) -> None:
    """LA code -> name and region."""
    idx = table.index(upper=True)
    table.require(idx, ["LEA", "LA NAME"])
    res = ctx.result
    las: dict[int, tuple[str | None, str | None]] = {}
    for row in table.rows(progress=ctx.progress):
        code = row.la_code(idx["LEA"])
        if code is None:
            row.fail(idx["LEA"], "the LA code is missing")
        name = row.required(idx["LA NAME"], "the LA name") and row.text(idx["LA NAME"])
        if not ctx.first(code, row, f"LA {code}"):
            continue
        region = row.text(idx.get("REGION NAME"))
        # The tables split big regions into pages: "South East A", "South East B" -> "South East".
        las[code] = (name, _PAGE.sub("", region) if region else None)
        res.rows_loaded += 1
    ctx.register(None)
    ensure_las(ctx.session, las, overwrite=True)
