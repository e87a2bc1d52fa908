"""The HTML review rendered by headless Chromium: a real screenshot and the key numbers in the page."""

import os
import shutil
import subprocess
from datetime import date, timedelta

import pytest

from bot.questionlog import Review, render_html
from bot.questionlog.review import Gap, Ranked
from bot.questionlog.themes import Theme

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
MISSING = "headless Chromium is not installed (Debian: apt-get update && apt-get install -y chromium)"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def review() -> Review:
    days = [date(2026, 3, 2) + timedelta(days=i) for i in range(28)]
    return Review(
        since=days[0], until=days[-1], total=4321,
        per_day=[(d, 100 + 7 * (i % 9)) for i, d in enumerate(days)],
        channels=[("telegram_private", 3000), ("chat", 1321)],
        intents=[("results", 2100), ("admissions", 1300), ("unanswerable", 921)],
        outcomes=[("answered", 3100), ("unanswerable", 921), ("not_found", 300)],
        schools=[Ranked(100001, "Oakwood School", 412), Ranked(100002, "Hillside Primary", 4)],
        las=[Ranked(850, "Hampshire", 2950), Ranked(851, "Portsmouth", 3)],
        unanswered=1221, theme_sample=1221,
        themes=[Theme(["catchment", "area"], 640, ["am I in the catchment area of Oakwood"]),
                Theme(["uniform", "cost"], 210, ["Oakwood uniform cost"]),
                Theme(["haunted"], 2, ["is Hillside haunted"])],
        gaps=[Gap("admissions", 1300, 640)],
        feedback=432, useful=300, not_useful=132, comments=52,
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
    for number in ('id="total">4,321<', 'id="unanswered">1,221<', 'id="feedback-rate">10.0%<',
                   'id="latency-p50">87 ms<', 'id="latency-p95">1,234 ms<'):
        assert number in dom
    themes = dom[dom.index('id="themes"'):]
    assert themes.index("catchment · area") < themes.index("uniform · cost") < themes.index("haunted")
    assert "≤5" in themes and "is Hillside haunted" not in dom, "a small theme shows no examples"
    assert ">Portsmouth</td><td class=\"n\">≤5<" in dom and ">Hampshire</td><td class=\"n\">2,950<" in dom
    assert "admission · chance</b> <span class=\"muted\">(40)</span>: admission chances for my son [name]" in dom

    shot = tmp_path / "review.png"
    chromium(tmp_path, f"--screenshot={shot}", "--window-size=1100,1800", page.as_uri())
    data = shot.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 20_000
