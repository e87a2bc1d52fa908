"""Postcode district centroids (postcodes.csv) and the LA code lookup (la_and_region_codes_meta)."""

from __future__ import annotations

import re

from sqlalchemy import select

from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import cell
from bot.ingest.reading import Table
from bot.ingest.store import ensure_las, insert_rows, update_rows
from bot.ingest.values import clean_text, parse_int, parse_number
from bot.models import Postcode


_PAGE = re.compile(r" [A-D]$")


def load_postcodes(ctx: LoadContext, table: Table) -> None:
    """Insert or refresh postcode districts."""
    idx = {h.lower(): i for i, h in enumerate(table.header)}
    table.require(idx, ["postcode"])
    res = ctx.result
    rows: dict[str, dict] = {}
    for _line, row in table.rows(progress=ctx.progress):
        district = (clean_text(cell(row, idx["postcode"])) or "").upper().replace(" ", "")
        if not district or len(district) > 8:
            res.skip_row("row without a postcode district")
            continue
        east, north = cell(row, idx.get("eastings")), cell(row, idx.get("northings"))
        lat, lon = cell(row, idx.get("latitude")), cell(row, idx.get("longitude"))
        rows[district] = {
            "district": district,
            "easting": parse_int(east), "northing": parse_int(north),
            "latitude": parse_number(lat) if lat else None,
            "longitude": parse_number(lon) if lon else None,
            "town": clean_text(cell(row, idx.get("town"))),
            "region": clean_text(cell(row, idx.get("region"))),
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
    for _line, row in table.rows(progress=ctx.progress):
        code = parse_int(cell(row, idx["LEA"]))
        name = clean_text(cell(row, idx["LA NAME"]))
        if code is None or not name:
            res.skip_row("row without an LA code and name")
            continue
        region = clean_text(cell(row, idx.get("REGION NAME")))
        # The tables split big regions into pages: "South East A", "South East B" -> "South East".
        las[code] = (name, _PAGE.sub("", region) if region else None)
        res.rows_loaded += 1
    ctx.register(None)
    ensure_las(ctx.session, las, overwrite=True)
