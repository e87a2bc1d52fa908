"""GIAS establishment links (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate)."""

from __future__ import annotations

from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import cell
from bot.ingest.reading import Table
from bot.ingest.store import upsert_by_key
from bot.ingest.values import clean_text, parse_date, parse_int
from bot.models import SchoolLink


def load(ctx: LoadContext, table: Table) -> None:
    """Add links not yet stored; refresh the name and date of those already there."""
    idx = table.index(upper=True)
    table.require(idx, ["URN", "LINKURN", "LINKTYPE"])
    res = ctx.result
    links: dict[tuple[int, int, str], dict] = {}
    for _line, row in table.rows(progress=ctx.progress):
        urn, link_urn = parse_int(cell(row, idx["URN"])), parse_int(cell(row, idx["LINKURN"]))
        link_type = clean_text(cell(row, idx["LINKTYPE"]))
        if urn is None or link_urn is None or not link_type:
            res.skip_row("link without both URNs and a type")
            continue
        links[(urn, link_urn, link_type)] = {
            "urn": urn, "link_urn": link_urn, "link_type": link_type,
            "link_name": clean_text(cell(row, idx.get("LINKNAME"))),
            "link_date": parse_date(cell(row, idx.get("LINKESTABLISHEDDATE"))),
        }
        res.rows_loaded += 1
    source = ctx.register(None)
    upsert_by_key(ctx.session, SchoolLink, links, ("urn", "link_urn", "link_type"), source)
