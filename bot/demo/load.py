"""Loading the demo area into an empty store, and taking it out again before real data goes in."""

from __future__ import annotations

import tempfile
from pathlib import Path

from sqlalchemy import Engine, delete, or_, select

from bot.db import is_empty, session_scope
from bot.demo.data import DISTRICTS, LA_CODE
from bot.demo.writers import write_demo_files
from bot.models import (
    Figure, Inspection, LocalAuthority, Postcode, School, SchoolLink, SchoolName, SourceFile,
)


def ensure_data(engine: Engine) -> bool:
    """Load the demo area through the ordinary ingest when no school is loaded; True if it loaded.

    Expects a migrated database. Everything loaded is marked demo (fictional).
    """
    if not is_empty(engine):
        return False
    from bot.ingest import ingest_paths

    with tempfile.TemporaryDirectory(prefix="schoolbot-demo-") as tmp:
        write_demo_files(Path(tmp))
        ingest_paths(engine, [Path(tmp)], demo=True)
    return True


def remove_demo_data(engine: Engine) -> int:
    """Delete everything the demo loaded (call before real data goes in); return the schools removed."""
    with session_scope(engine) as session:
        demo_files = select(SourceFile.id).where(SourceFile.demo.is_(True))
        demo_urns = select(School.urn).where(School.demo.is_(True))
        for model in (Figure, SchoolLink):
            session.execute(delete(model).where(model.source_file_id.in_(demo_files)))
        session.execute(delete(Inspection).where(
            or_(Inspection.source_file_id.in_(demo_files), Inspection.urn.in_(demo_urns))))
        session.execute(delete(SchoolName).where(SchoolName.urn.in_(demo_urns)))
        session.execute(delete(Postcode).where(Postcode.district.in_(list(DISTRICTS))))
        session.execute(delete(LocalAuthority).where(LocalAuthority.code == LA_CODE))
        removed = session.connection().execute(delete(School).where(School.demo.is_(True))).rowcount
        session.execute(delete(SourceFile).where(SourceFile.demo.is_(True)))
    return removed or 0
