"""The typed rows of bot.rows have the columns of their tables, in order (reads build them by position)."""

import pytest

from bot import rows
from bot.models import Figure, Inspection, School


@pytest.mark.parametrize("row, model", [(rows.FigureRow, Figure), (rows.SchoolRow, School),
                                        (rows.InspectionRow, Inspection)])
def test_a_row_has_its_tables_columns_in_order(row, model):
    assert row._fields == tuple(c.name for c in model.__table__.c)
