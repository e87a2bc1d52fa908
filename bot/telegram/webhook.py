"""The webhook front: Telegram's POSTs checked before their body is read.

python-telegram-bot's built-in webhook server reads a whole body (up to 100 MB) before it looks
at the secret, answers 500 to a body that is not JSON and logs an update it cannot read in full.
This small tornado route (tornado comes with PTB's `webhooks` extra) feeds PTB's update queue
instead:

- the secret-token header is compared in constant time as soon as the headers are in; no or a
  wrong secret: 403, and the connection is closed with the body unread;
- a body declared larger than MAX_BODY: 413, likewise unread (a chunked body is cut at
  MAX_BODY by the server: 400); not `application/json`: 415;
- a body that is not UTF-8 JSON of one update, or an update PTB cannot read: 400 (logged by
  update id only, never its contents);
- otherwise 200 at once; the update is handled from the queue (chats concurrently, each in order).
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
import signal
from asyncio import Future
from typing import Any

from telegram.ext import Application
from tornado.httpserver import HTTPServer
from tornado.iostream import IOStream, StreamClosedError
from tornado.web import Application as Routes
from tornado.web import RequestHandler, stream_request_body

from bot.telegram.updates import parse_update

log = logging.getLogger(__name__)
MAX_BODY = 1024 * 1024  # Telegram's updates are a few kilobytes
BODY_TIMEOUT = 10.0  # seconds to send a body, against slow senders
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_CONNECTIONS = 40  # Telegram's default for setWebhook
LENGTH = re.compile(r"[0-9]{1,12}")


@stream_request_body
class _UpdateRoute(RequestHandler):
    SUPPORTED_METHODS = ("POST",)

    def initialize(self, app: Application, secret: bytes) -> None:
        self.app, self.secret = app, secret
        self.body = bytearray()

    def prepare(self) -> None:
        headers = self.request.headers
        given = headers.get(SECRET_HEADER, "").encode("utf-8", "surrogateescape")
        if not hmac.compare_digest(given, self.secret):
            return self._refuse(403, "Forbidden", "no or wrong secret token")
        length = headers.get("Content-Length", "0")
        if not LENGTH.fullmatch(length):
            return self._refuse(400, "Bad Request", "bad Content-Length")
        if int(length) > MAX_BODY:
            return self._refuse(413, "Content Too Large", f"body over {MAX_BODY} bytes")
        if headers.get("Content-Type", "").split(";")[0].strip().lower() != "application/json":
            return self._refuse(415, "Unsupported Media Type", "not application/json")

    def _refuse(self, status: int, reason: str, why: str) -> None:
        """Answer `status` and close the connection without reading the body."""
        log.info("Webhook request refused with %d: %s", status, why)
        stream = self.detach()
        text = f"{status} {reason}: {why}\n".encode()
        head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: text/plain\r\n"
                f"Content-Length: {len(text)}\r\nConnection: close\r\n\r\n").encode()
        try:
            written = stream.write(head + text)
        except StreamClosedError:
            return
        written.add_done_callback(lambda done: _close(stream, done))

    def data_received(self, chunk: bytes) -> None:
        self.body += chunk  # the server keeps a body within MAX_BODY

    async def post(self) -> None:
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (ValueError, RecursionError):  # not UTF-8, not JSON, nested too deep
            log.warning("Webhook body of %d bytes is not UTF-8 JSON; refused with 400", len(self.body))
            return self._answer(400, "body is not UTF-8 JSON")
        update = parse_update(data, self.app.bot)
        if update is None:
            return self._answer(400, "not an update")
        await self.app.update_queue.put(update)
        self._answer(200, "ok")

    def _answer(self, status: int, text: str) -> None:
        self.set_status(status)
        self.set_header("Content-Type", "text/plain")
        self.finish(text + "\n")


def _close(stream: IOStream, written: Future) -> None:
    """Close the connection once the refusal is written (or could not be: the client left)."""
    if not written.cancelled():
        written.exception()  # retrieved, so asyncio does not report it
    stream.close()


class _Routes(Routes):
    def log_request(self, handler: RequestHandler) -> None:
        """No access log: one line per update would only repeat the handlers' own."""


def make_server(app: Application, url_path: str, secret: str) -> HTTPServer:
    """An HTTP server (not yet listening) serving the webhook at `/url_path`."""
    routes = _Routes([(f"/{url_path.strip('/')}", _UpdateRoute, {"app": app, "secret": secret.encode()})])
    return HTTPServer(routes, max_body_size=MAX_BODY, body_timeout=BODY_TIMEOUT)


async def serve_webhook(app: Application, stop: asyncio.Event, *, listen: str, port: int, url_path: str,
                        webhook_url: str, secret_token: str, allowed_updates: list[str]) -> None:
    """The whole life of a webhook bot: initialise, listen, register the webhook with Telegram,
    handle updates until `stop` is set, then finish the updates in hand and shut down."""
    async with app:
        if app.post_init:
            await app.post_init(app)
        server = make_server(app, url_path, secret_token)
        server.listen(port, address=listen)
        try:
            await app.bot.set_webhook(webhook_url, secret_token=secret_token, allowed_updates=allowed_updates,
                                      max_connections=MAX_CONNECTIONS)
            await app.start()
            log.info("Webhook registered; serving %s on %s:%d", f"/{url_path}", listen, port)
            await stop.wait()
            log.info("Stopping: finishing the updates in hand")
        finally:
            server.stop()
            await server.close_all_connections()
            if app.running:
                await app.stop()
            if app.post_stop:
                await app.post_stop(app)
    if app.post_shutdown:
        await app.post_shutdown(app)


def run_webhook(app: Application, **options: Any) -> None:
    """Serve the webhook (`serve_webhook` with the options of `webhook_options`) until SIGINT or
    SIGTERM."""
    async def main() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        await serve_webhook(app, stop, **options)

    asyncio.run(main())
