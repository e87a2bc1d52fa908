"""The operator review, the open export and their commands, on a generated question log.

Every count published is a sum of cells rounded to multiples of 5 (bot.questionlog.suppress):
each cell is off by at most 4, so a figure is checked against the exact count within 4 per cell.
"""

import csv
import random
import re
from datetime import UTC, date, datetime, timedelta

from click.testing import CliRunner

from bot.answer import Answer
from bot.cli import main
from bot.questionlog import QuestionLog, build_review, export_csv, render_html
from bot.questionlog.cube import load_cube, whole_weeks
from bot.questionlog.suppress import shown
from bot.settings import Settings

T0 = datetime(2026, 3, 2, 8, 0)  # a Monday: the 163 questions fill the whole weeks W10 to W14
TODAY = date(2026, 4, 6)  # the Monday after them
KEEP = 3650


def review_of(engine, **kw):
    return build_review(engine, today=TODAY, retention_days=KEEP, **kw)


def cells(engine, **kw) -> int:
    """How many cells the whole period's figures are summed from."""
    weeks = whole_weeks(T0.date(), None, today=TODAY, retention_days=KEEP)
    with engine.connect() as conn:
        return len(load_cube(conn, weeks, **kw).cells)


def near(published: int, exact: int, n_cells: int) -> bool:
    """A published figure: a multiple of 5 within 4 per cell of the exact count."""
    return published % 5 == 0 and abs(published - exact) <= 4 * n_cells
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


def seed(engine, t0=T0):
    """A month of questions: answered ones, planted unanswered themes and unanswered noise."""
    rng = random.Random(7)
    clock_now = [t0]
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
        clock_now[0] = t0 + timedelta(hours=5 * i)
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
    review = review_of(engine)
    n = cells(engine)
    assert [str(review.weeks.first), str(review.weeks.last)] == ["2026-03-02", "2026-04-05"]
    assert near(review.total, len(plan), n) and len(plan) == 163
    outcomes = dict(review.outcomes)
    for outcome, exact in {"unanswerable": 87, "answered": 60, "not_understood": 16}.items():
        assert near(outcomes[outcome], exact, n), (outcome, outcomes)
    assert near(review.unanswered, 103, n)
    leading = review.themes[:3]
    assert [t.words[0] for t in leading] == list(PLANTED), [t.label for t in review.themes]
    for theme, (size, _) in zip(leading, PLANTED.values()):
        assert near(theme.size, size, 1), "a theme is rounded once, by its own key"
    assert all(t.size >= 10 for t in review.themes), "themes of free text only from 10 questions"
    gaps = {g.topic: g.unanswerable for g in review.gaps}
    assert gaps.keys() == {"admissions", "school_life"}
    assert near(gaps["admissions"], 45, n) and near(gaps["school_life"], 42, n)
    rated = [i for i, (outcome, _, _) in enumerate(plan) if outcome == "answered" and i % 4 == 0]
    assert near(review.feedback, len(rated), n) and near(review.useful, sum(i % 8 == 0 for i in rated), n)
    assert review.complaints == [], "fewer than 10 replies: none is shown"
    assert [r.key for r in review.schools] == [100001], "only schools asked about 10 or more times"
    lat = sorted(100 + i for i in range(163))
    # each logged latency also holds the time its redaction took (a few ms at most)
    assert lat[81] <= review.latency_p50 <= lat[81] + 5 and lat[154] <= review.latency_p95 <= lat[154] + 5


def test_review_covers_whole_weeks_only(engine):
    seed(engine)
    assert review_of(engine, since=date(2026, 3, 2), until=date(2026, 3, 2)).weeks is None, "a day is no week"
    part = review_of(engine, since=date(2026, 3, 4), until=date(2026, 3, 22))  # Wednesday to a Sunday
    assert [w for w, _ in part.per_week] == ["2026-W11", "2026-W12"]
    same = review_of(engine, since=date(2026, 3, 9), until=date(2026, 3, 27))  # the same whole weeks
    assert same.per_week == part.per_week and same.total == part.total
    current = build_review(engine, today=date(2026, 3, 25), retention_days=KEEP)
    assert current.weeks.labels[-1] == "2026-W12", "the week still running is not published"
    purged = build_review(engine, today=date(2026, 4, 6), retention_days=30)
    assert purged.weeks.first == date(2026, 3, 9), "the week the retention purge has begun is left out"


def test_html_report_suppresses_small_counts_and_lists_big_schools_only(engine):
    seed(engine)
    html = render_html(review_of(engine))
    rows = dict(re.findall(r"<tr><td>(\d+)</td><td>[^<]*</td><td class=\"n\">([^<]+)</td></tr>", html))
    assert "100002" not in rows, "a school asked about fewer than 10 times is not listed"
    assert int(rows["100001"].replace(",", "")) > 5 and int(rows["850"].replace(",", "")) > 5
    assert rows["851"] in ("≤5", "10", "15", "20"), rows  # 16 questions in several cells, rounded
    assert "catchment" in html and "<script" not in html
    assert not re.search(r"(src|href)=|url\(|@import|https?://", html), "no external assets"


def test_export_is_aggregate_rounded_and_suppressed(engine, tmp_path):
    seed(engine)
    out = tmp_path / "questions.csv"
    done = export_csv(engine, out, today=TODAY, retention_days=KEEP)
    with open(out, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == done.rows and rows[0].keys() == {"week", "la_code", "intent", "outcome", "topic", "questions"}
    assert all(re.fullmatch(r"2026-W1[0-4]", r["week"]) for r in rows)
    assert all(r["questions"] == "≤5" or (int(r["questions"]) >= 10 and int(r["questions"]) % 5 == 0) for r in rows)
    assert any(r["questions"] == "≤5" for r in rows) and any(r["questions"] != "≤5" for r in rows)
    assert not any("Oakwood" in v for r in rows for v in r.values()), "no free text in the export"
    assert done.package == tmp_path / "datapackage.json" and done.package.exists()


def test_commands_review_export_and_purge(db_url, engine, tmp_path):
    monday = datetime.now(UTC).date() - timedelta(days=datetime.now(UTC).weekday() + 35)
    seed(engine, t0=datetime.combine(monday, datetime.min.time()) + timedelta(hours=8))
    runner = CliRunner()
    html = tmp_path / "review.html"
    result = runner.invoke(main, ["review", "--db", db_url, "--since", str(monday), "--html", str(html)])
    assert result.exit_code == 0, result.output
    total = int(re.search(r"([\d,]+) questions ·", result.output).group(1).replace(",", ""))
    assert abs(total - 163) <= 4 * 60 and total % 5 == 0 and "catchment" in result.output
    assert html.read_text(encoding="utf-8").count("<html") == 1
    result = runner.invoke(main, ["review", "--db", db_url, "--la", "851"])
    assert result.exit_code == 0 and "(LA 851)" in result.output and "catchment" not in result.output
    result = runner.invoke(main, ["review", "--db", db_url, "--since", str(datetime.now(UTC).date())])
    assert result.exit_code == 0 and "no whole week" in result.output
    out = tmp_path / "q.csv"
    result = runner.invoke(main, ["export", "--db", db_url, "--out", str(out), "--la", "850"])
    assert result.exit_code == 0 and "described in" in result.output, result.output
    with open(out, newline="", encoding="utf-8") as f:
        assert {r["la_code"] for r in csv.DictReader(f)} == {"850"}
    result = runner.invoke(main, ["log", "purge", "--db", db_url])  # default 90 days: none is older
    assert result.exit_code == 0 and "0 question(s)" in result.output
