"""The webhook front (bot/telegram/webhook.py) and what reaches the logs, by webhook and polling.

The server runs in the test's event loop with the stand-in core; requests come over real sockets.
"""

from __future__ import annotations

import asyncio
import json
import logging
import tracemalloc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx
import pytest
from tests.helpers.fake_telegram import TOKEN, FakeTelegram
from tests.helpers.telegram_app import StubCore, free_port

from bot.settings import Settings
from bot.telegram import build_application, webhook_options
from bot.telegram.app import ALLOWED_UPDATES
from bot.telegram.webhook import MAX_BODY, serve_webhook

SECRET = "w3bhook_Secret-9"
PATH = "/tg/hook"
FIFTY_MB = 50 * 1024 * 1024


class Hook:
    def __init__(self, fake: FakeTelegram, port: int) -> None:
        self.fake, self.port, self.url = fake, port, f"http://127.0.0.1:{port}{PATH}"

    async def post(self, body: bytes | dict, *, secret: str | None = SECRET,
                   content_type: str = "application/json") -> httpx.Response:
        content = json.dumps(body).encode() if isinstance(body, dict) else body
        headers = {"Content-Type": content_type}
        if secret is not None:
            headers["X-Telegram-Bot-Api-Secret-Token"] = secret
        async with httpx.AsyncClient() as client:
            return await client.post(self.url, content=content, headers=headers)


@asynccontextmanager
async def webhook_bot(fake: FakeTelegram) -> AsyncIterator[Hook]:
    """`serve_webhook` on a free port (with the stand-in core) until the block ends."""
    port = free_port()
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url,
                        webhook_url=f"https://bot.example.org{PATH}", webhook_secret=SECRET,
                        webhook_listen="127.0.0.1", webhook_port=port)
    stop = asyncio.Event()
    serving = asyncio.create_task(serve_webhook(build_application(settings, StubCore()), stop,
                                                **webhook_options(settings)))
    await fake.wait_for_request("setWebhook")  # the server listens before it registers
    try:
        yield Hook(fake, port)
    finally:
        stop.set()
        await asyncio.wait_for(serving, 10)


@pytest.fixture
async def hook():
    async with FakeTelegram() as fake:
        async with webhook_bot(fake) as hook:
            yield hook
        assert fake.unknown == []


async def raw_post(port: int, length: int, secret: str | None) -> tuple[bytes, int, bool]:
    """Send only the headers of a POST declaring a `length`-byte body; read the answer; then try
    to send the body. Returns the status line, the body bytes the connection took before it was
    closed, and whether the server closed it."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\nContent-Length: {length}\r\n"
    if secret:
        head += f"X-Telegram-Bot-Api-Secret-Token: {secret}\r\n"
    writer.write((head + "\r\n").encode())
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 5)  # not one byte of the body sent yet
    try:
        await asyncio.wait_for(reader.read(), 2)  # returns at EOF: the server closed
        closed = True
    except TimeoutError:
        closed = False
    sent = await _send_body(writer, length, 64 * 1024)
    writer.close()
    return status, sent, closed


async def _send_body(writer: asyncio.StreamWriter, length: int, block_size: int) -> int:
    """Write up to `length` zero bytes in blocks; the bytes the connection took before it closed."""
    sent, block = 0, bytes(block_size)
    try:
        while sent < length:
            writer.write(block)
            await asyncio.wait_for(writer.drain(), 5)
            sent += len(block)
    except (TimeoutError, ConnectionError):
        pass
    return sent


async def eager_post(port: int, length: int) -> None:
    """POST `length` bytes without a secret as fast as the connection takes them."""
    _, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                 f"Content-Length: {length}\r\n\r\n".encode())
    await _send_body(writer, length, 256 * 1024)
    writer.close()


async def test_a_50_mb_body_without_the_secret_is_refused_unread(hook):
    status, sent, closed = await raw_post(hook.port, FIFTY_MB, secret=None)
    assert status.startswith(b"HTTP/1.1 403")  # answered before any of the body was sent
    assert closed
    assert sent < FIFTY_MB / 4  # the connection took no more than socket buffers hold
    status, _, closed = await raw_post(hook.port, FIFTY_MB, secret="wrong")
    assert status.startswith(b"HTTP/1.1 403") and closed
    assert hook.fake.sent() == []


async def test_six_50_mb_bodies_without_the_secret_cost_no_memory(hook):
    tracemalloc.start()
    try:
        await asyncio.gather(*(eager_post(hook.port, FIFTY_MB) for _ in range(6)))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    print(f"traced peak {peak / 1e6:.1f} MB while refusing 6 x 50 MB")
    assert peak < 8 * 1024 * 1024, f"peak {peak / 1e6:.1f} MB while refusing 6 x 50 MB"
    assert (await hook.post(hook.fake.message("/help"))).status_code == 200  # still serving


async def test_an_oversized_body_with_the_secret_is_refused_unread(hook):
    status, _, closed = await raw_post(hook.port, MAX_BODY + 1, secret=SECRET)
    assert status.startswith(b"HTTP/1.1 413") and closed
    status, _, _ = await raw_post(hook.port, FIFTY_MB, secret=SECRET)
    assert status.startswith(b"HTTP/1.1 413")

    async def chunked():  # no Content-Length: the server cuts it at MAX_BODY
        for _ in range(3 * MAX_BODY // 65536):
            yield bytes(65536)

    async with httpx.AsyncClient() as client:
        try:
            answer = await client.post(hook.url, content=chunked(), headers={
                "X-Telegram-Bot-Api-Secret-Token": SECRET, "Content-Type": "application/json"})
        except httpx.TransportError:
            pass  # answered 400 and closed mid-body, before the client read the answer
        else:
            assert answer.status_code == 400
    assert hook.fake.sent() == []


@pytest.mark.parametrize("body", [
    b"{not json", b"", b"\xff\xfe{\"update_id\": 1}", "{\"update_id\": 1, \"x\": \"\udc80\"}".encode("utf-8", "surrogatepass"),
    b"[" * 200_000, b"[]", b"42", b'{"message": {}}', b'{"update_id": "7"}', b'{"update_id": true}',
    b'{"update_id": 7, "message": "text"}', b'{"update_id": 8, "message": {"text": "no chat, no date"}}',
])
async def test_malformed_bodies_get_400_and_the_bot_carries_on(hook, body):
    answer = await hook.post(body)
    assert answer.status_code == 400
    assert (await hook.post(hook.fake.message("/help"))).status_code == 200
    await hook.fake.wait_for("sendMessage")
    assert len(hook.fake.sent()) == 1


async def test_only_json_is_accepted_at_the_one_path(hook):
    assert (await hook.post(hook.fake.message("/help"), content_type="text/plain")).status_code == 415
    async with httpx.AsyncClient() as client:
        assert (await client.get(hook.url, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET})).status_code == 405
        assert (await client.post(hook.url + "x", json={})).status_code == 404
    accepted = await hook.post(hook.fake.message("/help"), content_type="application/json; charset=utf-8")
    assert accepted.status_code == 200
    await hook.fake.wait_for("sendMessage")
    [hooked] = hook.fake.sent("setWebhook")
    assert hooked["url"] == f"https://bot.example.org{PATH}" and hooked["secret_token"] == SECRET
    assert hooked["allowed_updates"] == ALLOWED_UPDATES


# ---- what reaches the logs -----------------------------------------------------------------

PERSONAL = ["Zebedee", "Quixworth", "zq_private_handle", "Philomena", "Acacia", "07700900461"]


def hostile_message(fake: FakeTelegram, chat_id: int = 4242) -> dict:
    """A question full of personal details, from a sender with a name and a username."""
    update = fake.message("my daughter Philomena at 7 Acacia Road, call 07700900461", chat_id=chat_id)
    update["message"]["from"].update(first_name="Zebedee", last_name="Quixworth", username="zq_private_handle")
    update["message"]["chat"].update(first_name="Zebedee", username="zq_private_handle")
    return update


def unreadable(update: dict) -> dict:
    """The same update in a shape python-telegram-bot cannot read (a chat without its type)."""
    broken = json.loads(json.dumps(update))
    del broken["message"]["chat"]["type"]
    return broken


def assert_no_personal_data(caplog) -> None:
    lines = [caplog.text] + [str(r.__dict__) for r in caplog.records]
    leaks = {token for token in PERSONAL for line in lines if token in line}
    assert not leaks, f"personal data in the logs: {leaks}"


async def test_webhook_logs_no_update_contents(hook, caplog):
    caplog.set_level(logging.DEBUG)
    fake = hook.fake
    good = hostile_message(fake)
    bad = unreadable(hostile_message(fake))
    assert (await hook.post(good)).status_code == 200
    assert (await hook.post(bad)).status_code == 400
    broken_json = json.dumps(hostile_message(fake))[:-3].encode()
    assert (await hook.post(broken_json)).status_code == 400
    assert (await hook.post(hostile_message(fake), secret="wrong")).status_code == 403
    await fake.wait_for("sendMessage")
    assert f"Dropped update {bad['update_id']}" in caplog.text  # logged by its id
    assert "not UTF-8 JSON" in caplog.text
    assert_no_personal_data(caplog)


async def test_polling_drops_an_unreadable_update_by_id_and_carries_on(caplog):
    caplog.set_level(logging.DEBUG)
    async with FakeTelegram() as fake:
        settings = Settings(_env_file=None, telegram_bot_token=TOKEN, telegram_api_url=fake.api_url)
        app = build_application(settings, StubCore())
        async with app:
            await app.updater.start_polling(poll_interval=0, timeout=1, allowed_updates=ALLOWED_UPDATES)
            await app.start()
            bad = fake.push(unreadable(hostile_message(fake)))
            fake.push(hostile_message(fake))
            [sent] = await fake.wait_for("sendMessage")
            await app.updater.stop()
            await app.stop()
    assert sent["chat_id"] == 4242
    assert f"Dropped update {bad['update_id']}" in caplog.text
    assert fake.sent("getUpdates")[-1]["offset"] == bad["update_id"] + 2  # both acknowledged
    assert_no_personal_data(caplog)


@pytest.mark.parametrize("length", ["-1", "²", "1e3", "0x10", "12, 12", "99999999999999999999"])
async def test_a_bad_content_length_is_refused(hook, length):
    reader, writer = await asyncio.open_connection("127.0.0.1", hook.port)
    writer.write(f"POST {PATH} HTTP/1.1\r\nHost: bot\r\nContent-Type: application/json\r\n"
                 f"X-Telegram-Bot-Api-Secret-Token: {SECRET}\r\nContent-Length: {length}\r\n\r\n".encode("latin-1"))
    await writer.drain()
    status = await asyncio.wait_for(reader.readline(), 5)
    writer.close()
    assert status.startswith((b"HTTP/1.1 400", b"HTTP/1.1 413"))
    assert (await hook.post(hook.fake.message("/help"))).status_code == 200
