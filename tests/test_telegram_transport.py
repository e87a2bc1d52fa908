"""Getting updates: long polling (offsets) and webhook settings, with the stand-in core (the webhook
front itself: test_telegram_webhook.py)."""

from __future__ import annotations

import pytest

from bot.settings import Settings
from bot.telegram import build_application, webhook_options
from bot.telegram.app import ALLOWED_UPDATES, file_url
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from tests.helpers.telegram_app import StubCore

SECRET = "s3cret_Token-1"


async def test_long_polling_acknowledges_updates_by_offset():
    async with FakeTelegram() as fake:
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url)
        app = build_application(settings, StubCore())
        async with app:
            await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
            await app.start()
            fake.push(fake.message("Tomlinscote"))
            fake.push(fake.message("/help"))
            await fake.wait_for("sendMessage", 2)
            fake.push(fake.message("/privacy"))
            await fake.wait_for("sendMessage", 3)
            await app.updater.stop()
            await app.stop()
        polls = fake.sent("getUpdates")
        assert polls[0]["offset"] == 0 or "offset" not in polls[0]
        assert (polls[-1]["offset"], polls[-1]["timeout"]) == (4, 0)  # final call marks all as read
        assert len(fake.sent()) == 3  # each update handled once
        assert {p.get("offset") for p in polls} >= {3, 4}
        assert polls[0]["allowed_updates"] == ["message", "callback_query", "inline_query"]
        assert fake.unknown == []


def test_webhook_needs_url_and_secret():
    with pytest.raises(ValueError, match="WEBHOOK_SECRET"):
        webhook_options(Settings(_env_file=None, webhook_url="https://bot.example.org/hook"))
    with pytest.raises(ValueError, match="WEBHOOK_URL"):
        webhook_options(Settings(_env_file=None, webhook_secret=SECRET))


def test_file_url_follows_the_api_url():
    assert file_url(Settings(_env_file=None)) == "https://api.telegram.org/file/bot"
    assert file_url(Settings(_env_file=None, telegram_api_url="http://127.0.0.1:8081/bot")) == \
        "http://127.0.0.1:8081/file/bot"
    assert file_url(Settings(_env_file=None, telegram_file_url="http://files/bot")) == "http://files/bot"


def test_building_without_a_token_fails_clearly():
    with pytest.raises(ValueError, match="TELEGRAM_BOT_TOKEN"):
        build_application(Settings(_env_file=None, telegram_bot_token=None), StubCore())


def test_run_without_a_token_starts_the_terminal_chat(db_url, monkeypatch):
    from click.testing import CliRunner

    from bot.cli import main
    from bot.settings import get_settings

    monkeypatch.setenv("TELEGRAM_BOT_TOKEN", "")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(main, ["run", "--db", db_url], input="Oakfield Infant School\nquit\n")
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    assert "terminal chat" in result.output and "Oakfield Infant School" in result.output
