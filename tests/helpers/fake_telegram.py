"""A fake Telegram Bot API server for tests (aiohttp, 127.0.0.1, port 0).

It routes `POST /bot<token>/<method>` like Telegram, records every call (with the time it
arrived), serves queued updates through `getUpdates` long polling (with `offset`), can fail the
next call of a method (429 with retry_after, 5xx, 403, 400) and validates requests the way
Telegram does (HTML subset, text length, callback_data size, inline results, "message is not
modified", answering a callback query twice). Fault injection for load tests: `flood` (a chat that
accepts one message per interval and answers 429 with `retry_after` otherwise), `stall_next` and
`inject_faults` (a share of calls fail with 5xx, or are carried out and then answered too late, so
the client times out not knowing they were done). Facts: ../shared/notes/telegram.md.
"""

from __future__ import annotations

import asyncio
import json
import math
import random
import re
import time
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

TOKEN = "123456789:TEST-fake-token"
BOT_ID = 123456789
BOT_USERNAME = "school_test_bot"
JSON_PARAMS = {
    "chat_id", "message_id", "reply_markup", "results", "commands", "scope", "allowed_updates",
    "offset", "timeout", "limit", "reply_parameters", "cache_time", "is_personal", "button",
    "show_alert", "drop_pending_updates", "max_connections", "link_preview_options", "entities",
    "disable_notification", "protect_content", "latitude", "longitude",
}
HTML_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "span", "tg-spoiler", "a",
             "tg-emoji", "code", "pre", "blockquote"}
BUTTON_ACTIONS = {"callback_data", "url", "switch_inline_query", "switch_inline_query_current_chat",
                  "login_url", "web_app", "callback_game", "pay", "copy_text",
                  "switch_inline_query_chosen_chat"}
COMMAND = re.compile(r"^[a-z0-9_]{1,32}$")
NOT_MODIFIED = ("Bad Request: message is not modified: specified new message content and reply "
                "markup are exactly the same as a current content and reply markup of the message")


class ApiError(Exception):
    """An error answer: HTTP status, Telegram description, optional retry_after."""

    def __init__(self, code: int, description: str, retry_after: int | None = None) -> None:
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


@dataclass
class Call:
    """One recorded request."""

    method: str
    params: dict[str, Any]
    error: str | None = None
    at: float = field(default_factory=time.monotonic)  # when it arrived (time.monotonic)
    stalled: bool = False  # carried out, but answered only after the client gave up


class _Html(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag not in HTML_TAGS:
            raise ApiError(400, f"Bad Request: can't parse entities: Unsupported start tag \"{tag}\"")
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            raise ApiError(400, f"Bad Request: can't parse entities: Unexpected end tag \"{tag}\"")
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def visible_text(text: str, parse_mode: str | None) -> str:
    """The text Telegram would show, raising ApiError for HTML it would reject."""
    if parse_mode != "HTML":
        return text
    parser = _Html()
    parser.feed(text)
    parser.close()
    if parser.stack:
        raise ApiError(400, "Bad Request: can't parse entities: Can't find end tag corresponding "
                            f"to start tag \"{parser.stack[-1]}\"")
    return "".join(parser.parts)


def check_text(text: Any, parse_mode: str | None) -> str:
    """Validate a message text like sendMessage does; returns the visible text."""
    if not isinstance(text, str) or not text.strip():
        raise ApiError(400, "Bad Request: message text is empty")
    shown = visible_text(text, parse_mode)
    if not shown.strip():
        raise ApiError(400, "Bad Request: text must be non-empty")
    if len(shown) > 4096:
        raise ApiError(400, "Bad Request: message is too long")
    return shown


def check_markup(markup: Any) -> None:
    """Validate an inline keyboard (other reply markups pass)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return
    for row in markup["inline_keyboard"]:
        for button in row:
            if not button.get("text"):
                raise ApiError(400, "Bad Request: text buttons are unallowed in the inline keyboard")
            if len(BUTTON_ACTIONS & button.keys()) != 1:
                raise ApiError(400, "Bad Request: can't parse inline keyboard button")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(data.encode()) <= 64:
                raise ApiError(400, "Bad Request: BUTTON_DATA_INVALID")


@dataclass
class FakeTelegram:
    """The fake server. `async with FakeTelegram() as fake:` starts it; `fake.api_url` is the base
    URL for PTB (`.../bot`, token appended)."""

    token: str = TOKEN
    calls: list[Call] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)
    messages: dict[int, dict] = field(default_factory=dict)  # bot messages by message_id
    photos: list[bytes] = field(default_factory=list)  # the images of sendPhoto, in order
    delivered: dict[int, float] = field(default_factory=dict)  # update_id -> first handed out (monotonic)
    port: int = 0

    def __post_init__(self) -> None:
        self._updates: list[dict] = []
        self._next_update = 1
        self._next_message = 1000
        self._next_incoming = 1
        self._answered: set[str] = set()
        self._failures: dict[str, list[ApiError]] = {}
        self._stalls: dict[str, list[float]] = {}
        self._floods: dict[int, tuple[float, float]] = {}  # chat -> (interval, last accepted)
        self._faults: tuple[float, float, random.Random] | None = None  # rate, stall, generator
        self._changed = asyncio.Condition()
        self._closing = False
        self._runner: web.AppRunner | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        async with self._changed:
            self._changed.notify_all()
        await self._runner.cleanup()

    @property
    def api_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    # -- test controls -------------------------------------------------------------------------
    def push(self, update: dict) -> dict:
        """Queue an update for getUpdates."""
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())
        return update

    def fail_next(self, method: str, code: int, description: str, retry_after: int | None = None) -> None:
        """Make the next call of `method` fail with this error."""
        self._failures.setdefault(method, []).append(ApiError(code, description, retry_after))

    def stall_next(self, method: str, seconds: float) -> None:
        """Carry out the next call of `method`, then wait `seconds` before answering it."""
        self._stalls.setdefault(method, []).append(seconds)

    def flood(self, chat_id: int, interval: float) -> None:
        """Let `chat_id` receive at most one call per `interval` seconds, as Telegram's flood
        control does: a call sooner than that gets 429 with the seconds left as retry_after."""
        self._floods[chat_id] = (interval, -math.inf)

    def inject_faults(self, rate: float, stall: float, seed: int = 0) -> None:
        """Make a share `rate` of calls fail: half with a 5xx (not carried out), half carried out
        and then answered only after `stall` seconds (so the client times out). getUpdates gets
        5xx but no stalls: a hanging long poll is noticed only after the poll's own timeout."""
        self._faults = (rate, stall, random.Random(seed))

    def methods(self) -> list[str]:
        """The methods called so far, in order."""
        return [c.method for c in self.calls]

    def sent(self, method: str = "sendMessage") -> list[dict]:
        """Parameters of the successful calls of `method`."""
        return [c.params for c in self.calls if c.method == method and c.error is None]

    async def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[dict]:
        """Wait until `method` has succeeded `count` times; returns those calls' parameters."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: len(self.sent(method)) >= count), timeout)
        return self.sent(method)

    async def wait_for_request(self, method: str, timeout: float = 10.0) -> None:
        """Wait until `method` has been requested (a long poll may still be waiting)."""
        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: method in self.methods()), timeout)

    def last_message(self, chat_id: int) -> dict:
        """The newest message the bot has in a chat (as Telegram would put it in an update)."""
        return [m for m in self.messages.values() if m["chat"]["id"] == chat_id][-1]

    # -- update builders -----------------------------------------------------------------------
    def _update(self, **body: Any) -> dict:
        update = {"update_id": self._next_update, **body}
        self._next_update += 1
        return update

    def message(self, text: str, *, chat_id: int = 111, chat_type: str = "private", user_id: int | None = None,
                reply_to: dict | None = None) -> dict:
        """An update with a user's text message; commands and @mentions get their entities."""
        user_id = user_id or (chat_id if chat_type == "private" else 222)
        chat = {"id": chat_id, "type": chat_type}
        chat.update({"first_name": "Ann"} if chat_type == "private" else {"title": "Parents of Year 6"})
        entities = [{"type": "mention", "offset": m.start(), "length": len(m.group())}
                    for m in re.finditer(r"@\w+", text) if not text[:m.start()].endswith("/") and
                    not re.match(r"/\w+$", text[:m.start()])]
        command = re.match(r"/\w+(@\w+)?", text)
        if command:
            entities.insert(0, {"type": "bot_command", "offset": 0, "length": command.end()})
        msg = {"message_id": self._next_incoming, "date": int(time.time()), "chat": chat,
               "from": {"id": user_id, "is_bot": False, "first_name": "Ann"}, "text": text}
        self._next_incoming += 1
        if entities:
            msg["entities"] = entities
        if reply_to:
            msg["reply_to_message"] = reply_to
        return self._update(message=msg)

    def location(self, latitude: float, longitude: float, *, chat_id: int = 111) -> dict:
        """An update with a location the user shared (the 📍 button) in a private chat."""
        msg = {"message_id": self._next_incoming, "date": int(time.time()),
               "chat": {"id": chat_id, "type": "private", "first_name": "Ann"},
               "from": {"id": chat_id, "is_bot": False, "first_name": "Ann"},
               "location": {"latitude": latitude, "longitude": longitude}}
        self._next_incoming += 1
        return self._update(message=msg)

    def callback(self, data: str, message: dict, *, user_id: int | None = None) -> dict:
        """An update for a press on a button with `data` under a bot `message`."""
        user_id = user_id or message["chat"]["id"]
        query = {"id": f"cbq-{self._next_update}", "chat_instance": "ci-1", "data": data, "message": message,
                 "from": {"id": user_id, "is_bot": False, "first_name": "Ann"}}
        return self._update(callback_query=query)

    def inline(self, query: str, *, user_id: int = 111) -> dict:
        """An inline query update (`@bot query` typed in any chat)."""
        return self._update(inline_query={"id": f"iq-{self._next_update}", "query": query, "offset": "",
                                          "from": {"id": user_id, "is_bot": False, "first_name": "Ann"}})

    # -- the API -------------------------------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        params = {k: _decode(k, v) for k, v in (await request.post()).items()}
        call = Call(method, params)
        self.calls.append(call)
        await self._notify()
        stall = 0.0
        try:
            failures = self._failures.get(method)
            if failures:
                raise failures.pop(0)
            stall = self._injected(method)
            self._flood_control(params.get("chat_id"))
            handler = getattr(self, f"_api_{method}", None)
            if handler is None:
                self.unknown.append(method)
                raise ApiError(404, "Not Found")
            result = await handler(params)
        except ApiError as exc:
            call.error = exc.description
            body: dict[str, Any] = {"ok": False, "error_code": exc.code, "description": exc.description}
            if exc.retry_after is not None:
                body["parameters"] = {"retry_after": exc.retry_after}
            await self._notify()
            return web.json_response(body, status=exc.code)
        await self._notify()
        if stall:
            call.stalled = True
            async with self._changed:  # released early when the fake stops
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: self._closing), stall)
                except TimeoutError:
                    pass
        return web.json_response({"ok": True, "result": result})

    def _injected(self, method: str) -> float:
        """The stall for this call (0 for none); raises the 5xx of an injected fault."""
        stalls = self._stalls.get(method)
        if stalls:
            return stalls.pop(0)
        if self._faults is None:
            return 0.0
        rate, stall, rng = self._faults
        if rng.random() >= rate:
            return 0.0
        if method == "getUpdates" or rng.random() < 0.5:
            raise ApiError(rng.choice([500, 502]), "Internal Server Error")
        return stall

    def _flood_control(self, chat_id: Any) -> None:
        if chat_id not in self._floods:
            return
        interval, last = self._floods[chat_id]
        wait = last + interval - time.monotonic()
        if wait > 0:
            raise ApiError(429, f"Too Many Requests: retry after {math.ceil(wait)}", retry_after=math.ceil(wait))
        self._floods[chat_id] = (interval, time.monotonic())

    async def _api_getMe(self, p: dict) -> dict:
        return {"id": BOT_ID, "is_bot": True, "first_name": "Schoolbot", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False,
                "supports_inline_queries": True}

    async def _api_getUpdates(self, p: dict) -> list[dict]:
        offset = p.get("offset") or 0
        self._updates = [u for u in self._updates if u["update_id"] >= offset]
        timeout = float(p.get("timeout") or 0)
        if not self._updates and timeout and not self._closing:
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait_for(lambda: self._updates or self._closing), timeout)
                except TimeoutError:
                    pass
        batch = self._updates[: p.get("limit") or 100]
        now = time.monotonic()
        for update in batch:
            self.delivered.setdefault(update["update_id"], now)
        return list(batch)

    async def _api_deleteWebhook(self, p: dict) -> bool:
        return True

    async def _api_setWebhook(self, p: dict) -> bool:
        secret = p.get("secret_token")
        if secret is not None and not re.fullmatch(r"[A-Za-z0-9_-]{1,256}", secret):
            raise ApiError(400, "Bad Request: secret token contains unallowed characters")
        if not str(p.get("url", "")).startswith("https://"):
            raise ApiError(400, "Bad Request: bad webhook: HTTPS url must be provided for webhook")
        return True

    async def _api_setMyCommands(self, p: dict) -> bool:
        for command in p.get("commands") or []:
            if not COMMAND.match(command.get("command", "")) or not 1 <= len(command.get("description", "")) <= 256:
                raise ApiError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    async def _api_sendChatAction(self, p: dict) -> bool:
        return True

    async def _api_sendMessage(self, p: dict) -> dict:
        if "chat_id" not in p:
            raise ApiError(400, "Bad Request: chat_id is empty")
        shown = check_text(p.get("text"), p.get("parse_mode"))
        check_markup(p.get("reply_markup"))
        msg = {"message_id": self._next_message, "date": int(time.time()), "text": shown,
               "chat": {"id": p["chat_id"], "type": "private" if p["chat_id"] > 0 else "supergroup"},
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Schoolbot", "username": BOT_USERNAME}}
        if isinstance(p.get("reply_markup"), dict) and "inline_keyboard" in p["reply_markup"]:
            msg["reply_markup"] = p["reply_markup"]
        self._next_message += 1
        self.messages[msg["message_id"]] = msg
        return msg

    def _sent(self, p: dict, **content: Any) -> dict:
        """Record a message the bot sent with `content` (a venue, a photo) and return it."""
        if "chat_id" not in p:
            raise ApiError(400, "Bad Request: chat_id is empty")
        check_markup(p.get("reply_markup"))
        msg = {"message_id": self._next_message, "date": int(time.time()),
               "chat": {"id": p["chat_id"], "type": "private" if p["chat_id"] > 0 else "supergroup"},
               "from": {"id": BOT_ID, "is_bot": True, "first_name": "Schoolbot", "username": BOT_USERNAME},
               **content}
        self._next_message += 1
        self.messages[msg["message_id"]] = msg
        return msg

    async def _api_sendVenue(self, p: dict) -> dict:
        lat, lon = p.get("latitude"), p.get("longitude")
        if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)) \
                or not -90 <= lat <= 90 or not -180 <= lon <= 180:
            raise ApiError(400, "Bad Request: wrong latitude or longitude")
        if not p.get("title") or not p.get("address"):
            raise ApiError(400, "Bad Request: venue title and address must be non-empty")
        return self._sent(p, venue={"location": {"latitude": lat, "longitude": lon},
                                    "title": p["title"], "address": p["address"]})

    async def _api_sendPhoto(self, p: dict) -> dict:
        photo = p.get("photo")
        data = photo.file.read() if hasattr(photo, "file") else None
        if not data:
            raise ApiError(400, "Bad Request: there is no photo in the request")
        if len(p.get("caption") or "") > 1024:
            raise ApiError(400, "Bad Request: message caption is too long")
        self.photos.append(data)
        return self._sent(p, photo=[{"file_id": f"photo-{len(self.photos)}", "file_unique_id": "u",
                                     "width": 640, "height": 380}], caption=p.get("caption"))

    def _stored(self, p: dict) -> dict:
        msg = self.messages.get(p.get("message_id"))
        if msg is None or msg["chat"]["id"] != p.get("chat_id"):
            raise ApiError(400, "Bad Request: message to edit not found")
        return msg

    async def _api_editMessageText(self, p: dict) -> dict:
        msg = self._stored(p)
        shown = check_text(p.get("text"), p.get("parse_mode"))
        check_markup(p.get("reply_markup"))
        if shown == msg["text"] and p.get("reply_markup") == msg.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        msg["text"] = shown
        msg.pop("reply_markup", None)
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        return msg

    async def _api_editMessageReplyMarkup(self, p: dict) -> dict:
        msg = self._stored(p)
        check_markup(p.get("reply_markup"))
        if p.get("reply_markup") == msg.get("reply_markup"):
            raise ApiError(400, NOT_MODIFIED)
        msg.pop("reply_markup", None)
        if p.get("reply_markup"):
            msg["reply_markup"] = p["reply_markup"]
        return msg

    async def _api_answerCallbackQuery(self, p: dict) -> bool:
        query_id = p.get("callback_query_id")
        if query_id in self._answered:
            raise ApiError(400, "Bad Request: query is too old and response timeout expired or query ID is invalid")
        if len(p.get("text") or "") > 200:
            raise ApiError(400, "Bad Request: MESSAGE_TOO_LONG")
        self._answered.add(query_id)
        return True

    async def _api_answerInlineQuery(self, p: dict) -> bool:
        results = p.get("results") or []
        ids = [r.get("id", "") for r in results]
        if len(results) > 50:
            raise ApiError(400, "Bad Request: RESULTS_TOO_MUCH")
        if len(set(ids)) != len(ids) or any(not 1 <= len(i.encode()) <= 64 for i in ids):
            raise ApiError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result.get("input_message_content") or {}
            check_text(content.get("message_text"), content.get("parse_mode"))
            check_markup(result.get("reply_markup"))
        return True


def _decode(key: str, value: Any) -> Any:
    """Form values: strings stay strings, the non-string parameters PTB JSON-encodes are decoded."""
    if key not in JSON_PARAMS or not isinstance(value, str):
        return value
    try:
        return json.loads(value)
    except ValueError:
        return value
