"""The real `schoolbot run` as a subprocess against the fake Bot API, for the end-to-end tests."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from tests.helpers.fake_telegram import TOKEN, FakeTelegram

SCHOOLBOT = Path(sys.executable).with_name("schoolbot")
START_TIMEOUT = 90.0


@asynccontextmanager
async def running_bot(fake: FakeTelegram, db_url: str, tmp_path: Path, *args: str, env: dict | None = None,
                      stop: signal.Signals = signal.SIGTERM):
    """`schoolbot run --db URL ARGS` until the block ends; then `stop` it, asserting exit status 0."""
    log_path = tmp_path / "bot.log"
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_URL": fake.api_url,
                   "PYTHONUNBUFFERED": "1", "LOG_HASH_KEY": "e2e-" + "k" * 40, **(env or {})}
    with log_path.open("wb") as log:
        proc = await asyncio.create_subprocess_exec(str(SCHOOLBOT), "run", "--db", db_url, *args, cwd=tmp_path,
                                                    env=environment, stdout=log, stderr=log)
        try:
            ready = asyncio.ensure_future(fake.wait_for_request(
                "setWebhook" if "--webhook" in args else "getUpdates", timeout=START_TIMEOUT))
            done, _ = await asyncio.wait([ready, asyncio.ensure_future(proc.wait())],
                                         return_when=asyncio.FIRST_COMPLETED)
            assert ready in done, f"bot exited at start-up:\n{log_path.read_text()}"
            yield proc
        finally:
            if proc.returncode is None:
                proc.send_signal(stop)
            code = await asyncio.wait_for(proc.wait(), 30)
    assert code == 0, log_path.read_text()
    assert fake.unknown == []
