"""The HTML review rendered by headless Chromium: a real screenshot and the key numbers in the page,
the local answers and the growing themes."""

import os
import shutil
import subprocess
from datetime import date

import pytest

from bot.questionlog import Review, render_html
from bot.questionlog.cube import Weeks
from bot.questionlog.local_answers import Served
from bot.questionlog.review import Area, Gap, LocalRow, Ranked
from bot.questionlog.themes import Theme

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = "headless Chromium is not installed (Debian: apt-get update && apt-get install -y chromium)"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def review() -> Review:
    weeks = Weeks(date(2026, 3, 2), date(2026, 3, 29))
    bus = Theme(["school", "bus", "route"], 320, ["is there a school bus to Oakwood"],
                weekly=[20, 40, 80, 180], flag="growing", topic="transport", local=15)
    clubs = Theme(["breakfast", "club"], 120, ["does Oakwood run a breakfast club"],
                  weekly=[0, 0, 5, 115], flag="new", topic="wraparound_care")
    surrey = Served(id=7, topic="transport", scope="la", la_code=936, urn=None, by="Surrey County Council",
                    source="https://www.surreycc.gov.uk/schools/transport", dated=date(2026, 3, 27),
                    text="Free buses run to Oakwood from Farnham <b>and</b> Frimley; apply by 31 May.")
    return Review(
        since=weeks.first, until=weeks.last, weeks=weeks, la=936, la_name="Surrey", total=4320,
        per_week=[("2026-W10", 950), ("2026-W11", 1020), ("2026-W12", 1100), ("2026-W13", 1250)],
        channels=[("telegram_private", 3000), ("chat", 1320)],
        intents=[("results", 2100), ("admissions", 1300), ("unanswerable", 920)],
        outcomes=[("answered", 3100), ("unanswerable", 920), ("not_found", 300)],
        schools=[Ranked(100001, "Oakwood School", 410)],
        las=[Ranked(936, "Surrey", 4320)],
        unanswered=1220,
        themes=[bus, clubs, Theme(["uniform", "cost"], 210, ["Oakwood uniform cost"], weekly=[50, 55, 50, 55])],
        gaps=[Gap("transport", 700, 640, local=15, useful=10, not_useful=5, weekly=[40, 80, 160, 360],
                  flag="growing")],
        local=[LocalRow(surrey, served=15, useful=10, not_useful=5)],
        todo=[Area(936, "Surrey", [(clubs, 120)])],
        feedback=430, useful=300, not_useful=130, comments=50,
        complaints=[Theme(["admission", "chance"], 40, ["admission chances for my son [name]"])],
        latency_p50=87.0, latency_p95=1234.0,
    )


@pytest.fixture(autouse=True)
def _needs_chromium():
    """Skip without Chromium, except on CI (CI set), where .ci/run installs it."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail(MISSING)
        pytest.skip(MISSING)


def chromium(tmp_path, *args):
    return subprocess.run(
        [CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
        capture_output=True, text=True, timeout=120, check=True,
    )


def test_report_renders_in_chromium_with_the_key_numbers(tmp_path):
    page = tmp_path / "review.html"
    page.write_text(render_html(review()), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    for number in ('id="total">4,320<', 'id="unanswered">1,220<', 'id="feedback-rate">10.0%<',
                   'id="latency-p50">87 ms<', 'id="latency-p95">1,234 ms<'):
        assert number in dom
    assert "Surrey (LA 936)" in dom and "2 March 2026 to 29 March 2026 (4 whole weeks)" in dom
    themes = dom[dom.index('id="themes"'):]
    assert themes.index("school · bus · route") < themes.index("breakfast · club") < themes.index("uniform · cost")
    assert ">Surrey</td><td class=\"n\">4,320<" in dom
    assert "admission · chance</b> <span class=\"muted\">(40)</span>: admission chances for my son [name]" in dom

    growing = dom[dom.index('id="growing"'):dom.index("</ul>", dom.index('id="growing"'))]
    assert "school · bus · route" in growing and "growing" in growing and "+100" in growing
    assert "breakfast · club" in growing and ">new<" in growing and "uniform" not in growing
    assert "transport" in growing, "a topic grows too"
    local = dom[dom.index('id="local-answers"'):]
    assert "#7 transport" in local and "from Surrey County Council, 27 March 2026" in local
    assert "Farnham &lt;b&gt;and&lt;/b&gt; Frimley" in local, "the operator's text is escaped"
    assert "answered 15 questions · 👍 10 · 👎 ≤5" in local
    todo = dom[dom.index('id="todo"'):]
    assert "<b>Surrey</b>: breakfast · club (120, new)" in todo

    shot = tmp_path / "review.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,2600", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000


def test_a_period_with_no_whole_week_says_so(tmp_path):
    page = tmp_path / "empty.html"
    page.write_text(render_html(Review(date(2026, 3, 4), date(2026, 3, 6))), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", page.as_uri()).stdout
    assert "no whole week that has ended in this period" in dom and 'id="total"' not in dom
