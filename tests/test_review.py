"""The operator review, the open export and their commands, on a generated question log."""

import csv
import random
import re
from datetime import date, datetime, timedelta

from click.testing import CliRunner

from bot.answer import Answer
from bot.cli import main
from bot.questionlog import QuestionLog, build_review, export_csv, render_html
from bot.questionlog.suppress import shown
from bot.settings import Settings

T0 = datetime(2026, 3, 2, 8, 0)
SCHOOLS = ["Oakwood", "Park Academy", "Hillside", "St Mary's", "Riverside", "Elm Tree", "Kings Road"]
PLANTED = {  # theme word -> (how many unanswered questions, phrasings)
    "catchment": (45, ["what is the catchment area for {}", "am I in the catchment area of {}",
                       "how far does the {} catchment area go", "catchment area {} 2027?"]),
    "uniform": (28, ["how much is the uniform at {}", "{} uniform cost", "is the {} uniform expensive"]),
    "breakfast": (14, ["does {} run a breakfast club", "breakfast club times at {}",
                       "is there a breakfast club at {}"]),
}
NOISE = ["is {} haunted", "parking near {}", "who is the chair of governors at {}", "bus to {}",
         "lunch menu at {}", "term dates for {}", "what time does {} finish", "class sizes at {}"]


def seed(engine):
    """A month of questions: answered ones, planted unanswered themes and unanswered noise."""
    rng = random.Random(7)
    clock_now = [T0]
    settings = Settings(log_hash_key="k", log_retention_days=3650)
    log = QuestionLog(engine, settings, clock=lambda: clock_now[0])
    plan = []
    for word, (n, phrasings) in PLANTED.items():
        plan += [("unanswerable", "admissions" if word == "catchment" else "school_life",
                  rng.choice(phrasings).format(rng.choice(SCHOOLS))) for _ in range(n)]
    plan += [("not_understood", None, rng.choice(NOISE).format(rng.choice(SCHOOLS))) for _ in range(16)]
    plan += [("answered", "results", f"GCSE results at {rng.choice(SCHOOLS)}") for _ in range(60)]
    rng.shuffle(plan)
    for i, (outcome, topic, text) in enumerate(plan):
        clock_now[0] = T0 + timedelta(hours=5 * i)
        answered = outcome == "answered"
        urns, las = ([100001], [850]) if i % 10 else ([100002], [851])
        qid = log.record(
            text=text, channel="telegram_private" if i % 3 else "chat", chat_type="private",
            answer=Answer(intent="results" if answered else "unanswerable", text="", outcome=outcome,
                          topic=topic, schools=urns if answered else [], confidence=0.9),
            user=str(i % 40), latency_ms=100 + i, la_codes=las if answered else None,
        )
        if answered and i % 4 == 0:
            log.feedback(qid, useful=i % 8 == 0, comment=None if i % 8 == 0 else "my son Jack's SATs")
    return plan


def test_small_counts_are_suppressed():
    assert [shown(n) for n in (0, 1, 5, 6, 120)] == ["0", "≤5", "≤5", "6", "120"]


def test_review_aggregates_and_lists_the_planted_themes_first(engine):
    plan = seed(engine)
    review = build_review(engine)
    assert review.total == len(plan) == 163
    assert dict(review.outcomes) == {"unanswerable": 87, "answered": 60, "not_understood": 16}
    assert review.unanswered == 103
    leading = review.themes[:3]
    assert [t.words[0] for t in leading] == list(PLANTED), [t.label for t in review.themes]
    assert [t.size for t in leading] == [n for n, _ in PLANTED.values()]
    assert all(t.size < 14 for t in review.themes[3:])
    assert [(g.topic, g.unanswerable) for g in review.gaps] == [("admissions", 45), ("school_life", 42)]
    rated = [i for i, (outcome, _, _) in enumerate(plan) if outcome == "answered" and i % 4 == 0]
    assert review.feedback == len(rated) and review.useful == sum(i % 8 == 0 for i in rated)
    assert review.not_useful > 0
    assert review.comments == review.not_useful < 10
    assert review.complaints == [], "fewer than 10 replies: none is shown"
    answered = [(r.key, r.count) for r in review.schools]
    assert sum(n for _, n in answered) == 60 and answered[0][0] == 100001
    lat = sorted(100 + i for i in range(163))
    # each logged latency also holds the time its redaction took (a few ms at most)
    assert lat[81] <= review.latency_p50 <= lat[81] + 5 and lat[154] <= review.latency_p95 <= lat[154] + 5


def test_review_period_filter(engine):
    seed(engine)
    first_day = build_review(engine, since=date(2026, 3, 2), until=date(2026, 3, 2))
    assert first_day.total == 4 and [d for d, _ in first_day.per_day] == [date(2026, 3, 2)]


def test_html_report_suppresses_small_school_and_la_counts(engine):
    seed(engine)
    html = render_html(build_review(engine))
    school_rows = re.findall(r"<tr><td>(\d+)</td><td>[^<]*</td><td class=\"n\">([^<]+)</td></tr>", html)
    counts = dict(school_rows)
    assert int(counts["100001"]) > 5 and int(counts["850"]) > 5
    assert counts["100002"] == "≤5" and counts["851"] == "≤5"
    assert "catchment" in html and "<script" not in html
    assert not re.search(r"(src|href)=|url\(|@import|https?://", html), "no external assets"


def test_export_is_aggregate_and_suppressed(engine, tmp_path):
    seed(engine)
    out = tmp_path / "questions.csv"
    n = export_csv(engine, out)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == n and rows[0].keys() == {"week", "la_code", "intent", "outcome", "topic", "questions"}
    assert all(re.fullmatch(r"2026-W\d\d", r["week"]) for r in rows)
    assert all(r["questions"] == "≤5" or int(r["questions"]) > 5 for r in rows)
    assert any(r["questions"] == "≤5" for r in rows) and any(r["questions"] != "≤5" for r in rows)
    assert not any("Oakwood" in v for r in rows for v in r.values()), "no free text in the export"


def test_commands_review_export_and_purge(db_url, engine, tmp_path):
    seed(engine)
    runner = CliRunner()
    html = tmp_path / "review.html"
    result = runner.invoke(main, ["review", "--db", db_url, "--since", "2026-03-01", "--html", str(html)])
    assert result.exit_code == 0, result.output
    assert "163 questions" in result.output and "catchment" in result.output
    assert html.read_text(encoding="utf-8").count("<html") == 1
    out = tmp_path / "q.csv"
    result = runner.invoke(main, ["export", "--db", db_url, "--out", str(out)])
    assert result.exit_code == 0 and out.stat().st_size > 100
    result = runner.invoke(main, ["log", "purge", "--db", db_url])  # default 90 days: all are older
    assert result.exit_code == 0 and "163 question(s)" in result.output
    assert build_review(engine).total == 0
