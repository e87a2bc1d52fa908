"""Helpers for the tests over the real database (conftest's `real_db_url`, SQLite instance).

That database is read-only for tests, so a test that asks questions (which writes conversation
state and the question log) works on a private copy.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, select

from bot.models import Figure, Inspection, Postcode, School, SchoolLink

from tests.devset.judge import SchoolFacts, lineage


def copy_sqlite(url: str, target: Path) -> str:
    """A private copy of a SQLite database (online backup, so WAL contents come along)."""
    source = sqlite3.connect(url.split("///", 1)[1])
    dest = sqlite3.connect(target)
    with dest:
        source.backup(dest)
    source.close()
    dest.close()
    return f"sqlite:///{target}"


class Records:
    """Read-only look-ups the judge needs: school lineage, school facts, postcode centroids."""

    def __init__(self, engine: Engine) -> None:
        with engine.connect() as conn:
            self.lines = lineage(conn.execute(
                select(SchoolLink.urn, SchoolLink.link_urn, SchoolLink.link_type)).all())
            self._districts = {d: (e, n) for d, e, n in conn.execute(
                select(Postcode.district, Postcode.easting, Postcode.northing)).all()
                if e is not None and n is not None}
        self.engine = engine
        self._facts: dict[int, SchoolFacts | None] = {}

    def centroid(self, district: str) -> tuple[float, float] | None:
        return self._districts.get(district.upper())

    def facts(self, urn: int) -> SchoolFacts | None:
        if urn not in self._facts:
            self._facts[urn] = self._load(urn)
        return self._facts[urn]

    def _load(self, urn: int) -> SchoolFacts | None:
        with self.engine.connect() as conn:
            school = conn.execute(select(School).where(School.urn == urn)).first()
            if school is None:
                return None
            stages = set(conn.scalars(select(Figure.key_stage).where(Figure.urn == urn).distinct()))
            ratings = set(conn.scalars(select(Inspection.overall).where(Inspection.urn == urn)))
        phase = (school.phase or "").lower()
        phases = set()
        if "primary" in phase or "all-through" in phase or (not phase and "ks2" in stages):
            phases.add("Primary")
        if "secondary" in phase or "all-through" in phase or (not phase and "ks4" in stages):
            phases.add("Secondary")
        if school.ofsted_rating:
            ratings.add(school.ofsted_rating)
        if ratings & {"Serious Weaknesses", "Special Measures", "4"}:  # the categories of Inadequate
            ratings.add("Inadequate")
        where = (school.easting, school.northing)
        if None in where and school.postcode:
            where = self._districts.get(school.postcode.split()[0].upper(), (None, None))
        return SchoolFacts(urn, school.name, phases, school.religious_character,
                           {r for r in ratings if r}, *where, la_code=school.la_code)
