"""GIAS establishment links (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate)."""

from __future__ import annotations

from sqlalchemy import select

from bot.ingest.context import LoadContext
from bot.ingest.loaders.common import cell
from bot.ingest.reading import Table
from bot.ingest.store import insert_rows, update_rows
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
    have = {(u, l, t): i for i, u, l, t in ctx.session.execute(
        select(SchoolLink.id, SchoolLink.urn, SchoolLink.link_urn, SchoolLink.link_type))}
    inserts, updates = [], []
    for key, link in links.items():
        link["source_file_id"] = source
        if key in have:
            updates.append({"id": have[key], **link})
        else:
            inserts.append(link)
    insert_rows(ctx.session, SchoolLink, inserts)
    update_rows(ctx.session, SchoolLink, updates)
