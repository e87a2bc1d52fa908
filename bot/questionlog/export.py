"""The open "questions" dataset: a CSV of counts by ISO week × LA × intent × outcome × topic and
its `datapackage.json` (a Frictionless Data Package: each column's schema, the licence, the
suppression rule, the period and the generator). Every count follows `suppress`'s rule."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import UTC, date, datetime
from importlib import metadata
from pathlib import Path

from sqlalchemy import Engine

from bot.answer import INTENTS, OUTCOMES
from bot.questionlog.cube import Weeks, first_day, load_cube, utc_today, whole_weeks
from bot.questionlog.suppress import BASE, RULE, SHOWN_SMALL, SMALL, shown

HEADER = ["week", "la_code", "intent", "outcome", "topic", "questions"]
PACKAGE = "datapackage.json"
LICENCE = {"name": "OGL-UK-3.0", "title": "Open Government Licence v3.0",
           "path": "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"}
FIELDS = [
    {"name": "week", "type": "string", "title": "ISO week",
     "description": "The ISO 8601 week the questions were asked in (UTC), e.g. 2026-W48.",
     "constraints": {"required": True, "pattern": r"\d{4}-W\d{2}"}},
    {"name": "la_code", "type": "integer", "title": "Local authority code",
     "description": "The DfE code of the local authority of the first school the question was about, "
                    "or of the place it named; empty when it named neither.",
     "constraints": {"minimum": 100, "maximum": 999}},
    {"name": "intent", "type": "string", "title": "What was asked",
     "description": "The kind of question as Schoolbot understood it.",
     "constraints": {"required": True, "enum": list(INTENTS)}},
    {"name": "outcome", "type": "string", "title": "Outcome",
     "description": "What Schoolbot could do: answered, clarified (asked which school), not_found, "
                    "unanswerable (open data does not hold it), not_understood, error.",
     "constraints": {"required": True, "enum": list(OUTCOMES)}},
    {"name": "topic", "type": "string", "title": "Topic",
     "description": "For unanswerable questions, what open data cannot answer (e.g. transport, "
                    "term_dates); for others, the intent or term; empty when none."},
    {"name": "questions", "type": "integer", "title": "Questions",
     "description": f"How many questions, rounded to a multiple of {BASE} by the rule in `suppression`; "
                    f"\"{SHOWN_SMALL}\" (read as missing) when that is {SMALL} or less.",
     "constraints": {"minimum": BASE * 2}},
]


@dataclass
class Exported:
    """What `export_csv` wrote: rows, the whole weeks covered (None: none) and the package file."""

    rows: int
    weeks: Weeks | None
    package: Path


def export_csv(engine: Engine, path: Path | str, since: date | None = None, until: date | None = None,
               *, la: int | None = None, today: date | None = None,
               retention_days: int | None = None) -> Exported:
    """Write the aggregate CSV to `path` and `datapackage.json` beside it, over the whole weeks
    inside [since, until] that have ended and are inside the retention window (as the review);
    with `la`, only that LA's questions."""
    today = today or utc_today()
    if retention_days is None:
        from bot.settings import get_settings

        retention_days = get_settings().log_retention_days
    path = Path(path)
    rows = []
    with engine.connect() as conn:
        weeks = whole_weeks(since or first_day(conn, la), until, today=today, retention_days=retention_days)
        cube = load_cube(conn, weeks, la) if weeks is not None else None
    if cube is not None:
        counts = cube.by(lambda c: (c.week, c.la, c.intent, c.outcome, c.topic or ""))
        rows = sorted(counts.items(), key=lambda kv: (kv[0][0], kv[0][1] is None, kv[0][1] or 0, *kv[0][2:]))
    with open(path, "w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for (week, la_code, intent, outcome, topic), n in rows:
            writer.writerow([week, "" if la_code is None else la_code, intent, outcome, topic, shown(n)])
    package = path.with_name(PACKAGE)
    package.write_text(json.dumps(datapackage(path.name, weeks, la), indent=2, ensure_ascii=False) + "\n",
                       encoding="utf-8")
    return Exported(len(rows), weeks, package)


def datapackage(csv_name: str, weeks: Weeks | None, la: int | None) -> dict:
    """The Data Package describing the CSV: schema of each column, licence, rule, period, generator."""
    where = f"local authority {la}" if la is not None else "England"
    period = ({"start": weeks.first.isoformat(), "end": weeks.last.isoformat(), "weeks": weeks.labels}
              if weeks else None)
    return {
        "profile": "tabular-data-package",
        "name": "schoolbot-questions" + (f"-la-{la}" if la is not None else ""),
        "title": f"What parents asked Schoolbot, by week, local authority, intent, outcome and topic ({where})",
        "description": ("Counts of the questions parents asked Schoolbot about schools in England, and "
                        "whether open data could answer them. No question text and no person is in it. "
                        + RULE),
        "created": datetime.now(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z"),
        "licenses": [LICENCE],
        "suppression": {
            "rule": RULE,
            "threshold": SMALL,
            "symbol": SHOWN_SMALL,
            "rounding": f"unbiased random rounding to a multiple of {BASE}, keyed by the cell's questions",
            "periods": "whole ISO weeks that have ended, inside the retention window",
            "why": ("Overlapping exports share whole weeks, whose cells are identical; every figure is a sum "
                    "of rounded cells, and the rounding key is secret, so no count of 1 to 5 can be recovered "
                    "from one export, from two over overlapping periods, or from the review beside them."),
        },
        "period": period,
        "area": {"la_code": la} if la is not None else {"country": "England"},
        "generator": {"name": "schoolbot", "version": _version()},
        "resources": [{
            "name": "questions",
            "path": csv_name,
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "schema": {"fields": FIELDS, "missingValues": ["", SHOWN_SMALL]},
        }],
    }


def _version() -> str:
    try:
        return metadata.version("schoolbot")
    except metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree without install
        return "unknown"
