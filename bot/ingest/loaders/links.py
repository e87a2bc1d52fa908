"""GIAS establishment links (URN, LinkURN, LinkName, LinkType, LinkEstablishedDate)."""

from __future__ import annotations

from bot.ingest.context import LoadContext
from bot.ingest.reading import Table
from bot.ingest.store import upsert_by_key
from bot.models import SchoolLink


def load(ctx: LoadContext, table: Table) -> None:
    """Add links not yet stored; refresh the name and date of those already there."""
    idx = table.index(upper=True)
    table.require(idx, ["URN", "LINKURN", "LINKTYPE"])
    res = ctx.result
    links: dict[tuple[int, int, str | None], dict] = {}
    for row in table.rows(progress=ctx.progress):
        urn, link_urn = row.urn(idx["URN"], required=True), row.urn(idx["LINKURN"], required=True)
        link_type = row.required(idx["LINKTYPE"], "the link type") and row.text(idx["LINKTYPE"])
        key = (urn, link_urn, link_type)
        if not ctx.first(key, row, f"the {link_type} link from URN {urn} to {link_urn}"):
            continue
        links[key] = {
            "urn": urn, "link_urn": link_urn, "link_type": link_type,
            "link_name": row.text(idx.get("LINKNAME")),
            "link_date": row.date(idx.get("LINKESTABLISHEDDATE")),
        }
        res.rows_loaded += 1
    source = ctx.register(None)
    upsert_by_key(ctx.session, SchoolLink, links, ("urn", "link_urn", "link_type"), source)
