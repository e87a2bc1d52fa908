"""The answer the core gives for one question: the contract every interface renders."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

INTENTS = (
    "overview", "inspection", "results", "pupils", "contact", "admissions", "compare",
    "nearby", "explain", "unanswerable", "help", "privacy", "unknown",
)
OUTCOMES = ("answered", "clarified", "not_found", "unanswerable", "not_understood", "error")


@dataclass
class Choice:
    """A school offered when asking which one was meant."""

    urn: int
    label: str  # e.g. "St John the Baptist CofE Primary — Woking, primary"


@dataclass
class Source:
    """Where a figure came from: its kind (ks4, gias, ofsted, ...) and academic year."""

    kind: str
    year: str | None = None
    file: str | None = None


@dataclass
class Answer:
    """One answer. `text` is plain text; `html` is the same in Telegram's HTML subset."""

    intent: str
    text: str
    html: str = ""
    schools: list[int] = field(default_factory=list)
    clarify: list[int] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    caveats: list[str] = field(default_factory=list)
    sources: list[Source] = field(default_factory=list)
    topic: str | None = None
    outcome: str = "answered"
    confidence: float | None = None
    follow_ups: list[str] = field(default_factory=list)  # intents offered as buttons on a card
    demo: bool = False
    question_id: str | None = None  # set when the question log recorded it (for feedback)
    notes: list[str] = field(default_factory=list)  # general notes, collapsed behind "Notes"
    title: str = ""  # what it is about: the school's name (one school; the core sees to it), "A vs B", a list's heading
    slots: dict = field(default_factory=dict)  # what the question asked for (Understanding.slots)
    # A trend's series as a chart can show it (bot.answers.chart draws it): title, label, unit,
    # years, series [{name, values}], source, no_exam years. None for other answers.
    chart: dict | None = None
    # Where a school is, for "where is X?": name, address, latitude, longitude, approximate.
    venue: dict | None = None
    # The schools a list names (nearby), with their labels, for a button per school.
    listed: list[Choice] = field(default_factory=list)
    local_answer: dict | None = None  # a local answer served after "not in open data" (id, by, ...)
    la_code: int | None = None  # the LA of the place asked about, when no school is named

    def to_json(self) -> dict:
        """The JSON object of `schoolbot ask --json` (a stable contract: extend, never rename)."""
        data = asdict(self)
        data["sources"] = [asdict(s) for s in self.sources]
        return data
