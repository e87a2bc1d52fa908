"""Turn cells into Figure rows: numbers, status codes, P8 banding labels, CONFEXAM flags."""

from __future__ import annotations

from functools import lru_cache

from bot.ingest.cells import Row
from bot.ingest.columns import config
from bot.ingest.report import FileResult
from bot.ingest.values import Cell, parse_cell


@lru_cache
def _labels() -> tuple[dict[int, str], dict[str, int]]:
    labels = {int(k): v for k, v in config()["p8_banding_labels"].items()}
    return labels, {v.lower(): k for k, v in labels.items()}


def figure_cell(row: Row, col: int, measure: str, *, text_measure: bool, result: FileResult,
                na_blank: bool = False) -> Cell | None:
    """The Cell a published cell becomes, or None when blank. A number or a status code; a label
    for a `text_measure` (a banding: 1-5 or its words); CONFEXAM's flag. Any other text is an
    error, unless the column is documented as free text: then it is left out and counted.
    `na_blank`: the file writes missing values as NA (see columns.yaml `na_is_blank`)."""
    cells = row.cells
    raw = cells[col] if col < len(cells) else None
    if na_blank and raw is not None and raw.strip() == "NA":
        return None
    parsed = parse_cell(raw)
    if parsed is None:
        return None
    if measure == "confexam":
        if isinstance(parsed, Cell) and parsed.status:
            return parsed
        return Cell(status=row.code(col, "confexam"))
    if text_measure:
        by_number, by_label = _labels()
        if isinstance(parsed, str):
            number = by_label.get(parsed.lower())
            if number is None:
                row.fail(col, f"{parsed[:40]!r} is not a number, a status code or a banding label")
            return Cell(value=float(number), text=parsed)
        if parsed.value is not None:
            if parsed.value not in by_number:
                row.fail(col, f"{(raw or '').strip()!r} is not a banding (1 to 5)")
            return Cell(value=parsed.value, text=by_number[int(parsed.value)])
        return parsed
    if isinstance(parsed, str):
        column = row.table.header[col]
        if col in row.table.free_columns:
            result.skip_reasons[f"cell ignored: text, not a figure, in {column}"] += 1
            return None
        row.fail(col, f"{parsed[:40]!r} is not a number or a published status code")
    return parsed


class FigureBuffer:
    """Figures of one file keyed by (area_key, measure) (each area's row is read once: see
    `LoadContext.first`)."""

    def __init__(self, key_stage: str) -> None:
        self.key_stage = key_stage
        self.rows: dict[tuple[str, str], tuple] = {}

    def add(self, area: str, area_key: str, urn: int | None, la_code: int | None, measure: str,
            cell: Cell) -> None:
        self.rows[(area_key, measure)] = (area, urn, la_code, cell)
