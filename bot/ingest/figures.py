"""Turn cells into Figure rows: numbers, status codes, P8 banding labels, CONFEXAM flags."""

from __future__ import annotations

from functools import lru_cache

from bot.ingest.columns import config
from bot.ingest.report import FileResult
from bot.ingest.values import Cell, parse_cell


@lru_cache
def _labels() -> tuple[dict[int, str], dict[str, int]]:
    labels = {int(k): v for k, v in config()["p8_banding_labels"].items()}
    return labels, {v.lower(): k for k, v in labels.items()}


def figure_cell(measure: str, raw: str | None, *, text_measure: bool, column: str,
                result: FileResult, na_blank: bool = False) -> Cell | None:
    """The Cell a published cell becomes, or None (blank, or unreadable: counted in the report).
    `na_blank`: the file writes missing values as NA (see columns.yaml `na_is_blank`)."""
    if na_blank and raw is not None and raw.strip() == "NA":
        return None
    parsed = parse_cell(raw)
    if parsed is None:
        return None
    if measure == "confexam":
        return parsed if isinstance(parsed, Cell) and parsed.status else Cell(status=str(raw).strip()[:12])
    if text_measure:
        by_number, by_label = _labels()
        if isinstance(parsed, str):
            number = by_label.get(parsed.lower())
            return Cell(value=float(number), text=parsed) if number else Cell(text=parsed[:120])
        if parsed.value is not None and int(parsed.value) in by_number:
            return Cell(value=parsed.value, text=by_number[int(parsed.value)])
        return parsed
    if isinstance(parsed, str):
        result.skip_reasons[f"cell ignored: unreadable value in {column}"] += 1
        return None
    return parsed


class FigureBuffer:
    """Figures of one file keyed by (area_key, measure); a later row replaces an earlier one."""

    def __init__(self, key_stage: str) -> None:
        self.key_stage = key_stage
        self.rows: dict[tuple[str, str], tuple] = {}

    def add(self, area: str, area_key: str, urn: int | None, la_code: int | None, measure: str,
            cell: Cell) -> None:
        self.rows[(area_key, measure)] = (area, urn, la_code, cell)
