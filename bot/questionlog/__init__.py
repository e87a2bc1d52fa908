"""The privacy-safe question log, the operator review and the open "questions" export.

Contract used by the core (bot/core.py):

    log = QuestionLog(engine, settings)

    log.record(*, text: str, answer: bot.answer.Answer, channel: str, chat_type: str | None,
               user: str | None, latency_ms: float, la_codes: list[int | None] | None = None)
        -> str | None
        Call once per answered question. `channel`: telegram_private | telegram_group |
        telegram_inline | chat | ask | api; `user`: the raw Telegram user id (or None) — only
        a keyed per-period hash is stored; `la_codes`: the LA code of each school in
        `answer.schools` (or `answer.clarify`), same order, looked up when omitted.
        Intent, topic, outcome and confidence come from the answer. The text is cut, cleaned
        and redacted by allow-list before storage (bot.questionlog.redact; the names of the
        schools in the answer are kept); the latency stored includes redaction. Returns the
        question id (for feedback buttons), or None if the database failed: never raises; the
        row waits in a local spool file (spool.py) and is written with the next successful
        record, or at the next start.

    log.feedback(question_id: str, useful: bool, comment: str | None = None) -> bool
        👍/👎 and an optional "what did you want to know?" reply (redacted). Never raises.

    log.forget(user: str) -> int
        Purges, then deletes every question logged from that user under any key of the
        retention window; returns how many. Raises on database failure (tell the user it did
        not go through).

    log.purge(now: datetime | None = None) -> int
        Deletes questions older than LOG_RETENTION_DAYS (default 90); run at start, daily by a
        running Telegram bot (bot.telegram.app.purge_daily) and by `schoolbot log purge`.

    QuestionLog(engine, settings, clock=..., spool=...) takes an optional naive-UTC clock
    (tests use it) and spool file (default: spool.spool_path(engine)).

Reports: `build_review(engine, since, until, la=...)` -> `Review`; `render_html(review)`,
`print_review(review, console)`, `summary_html(review)` (/review); `export_csv(engine, path,
since, until, la=...)` (the CSV and its datapackage.json). Every count they publish follows one
rule (`suppress`): whole ISO weeks, cells rounded with a secret key, every figure a sum of cells.
Local answers: `local_answers.LocalAnswers`.
`privacy_terms(settings)` is what the settings promise for /privacy (how often the keyed code
changes, how long rows are kept).
"""

from bot.questionlog.export import export_csv
from bot.questionlog.log import QuestionLog
from bot.questionlog.notice import privacy_terms
from bot.questionlog.redact import redact
from bot.questionlog.report import print_review, render_html, summary_html
from bot.questionlog.review import Review, build_review

__all__ = [
    "QuestionLog", "Review", "build_review", "export_csv", "print_review", "privacy_terms", "redact",
    "render_html", "summary_html",
]
