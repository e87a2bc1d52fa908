"""Incoming updates read without ever putting their contents in a log.

An update python-telegram-bot cannot read is dropped and logged by its id only, whether it came
by webhook (`parse_update`) or long polling (`UpdatesRequest`, which also stops one such update
from failing its whole batch again and again). `hide_update_contents` makes PTB's own log lines
that would print an update, a request or an answer print ids and sizes instead, at every level:
names, usernames and message text never reach a log.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from telegram import Bot, Update
from telegram.request import HTTPXRequest

log = logging.getLogger(__name__)
# Short plain phrases (method names, "Network Retry Loop (Polling Updates):") pass as they are;
# JSON, quoted or long text is replaced by its length.
SAFE_TEXT = re.compile(r"[\w .:()/,\-]{0,100}")


def update_id(data: object) -> int | None:
    """The update_id of a decoded update, or None if it has none."""
    value = data.get("update_id") if isinstance(data, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def parse_update(data: object, bot: Bot | None) -> Update | None:
    """The Update in `data` (a decoded JSON value), or None if it is not one PTB can read; a
    dropped update is logged by its id and the kind of error, never its contents."""
    number = update_id(data)
    if number is None:
        log.warning("Dropped a body that is not an update (no update_id)")
        return None
    try:
        return Update.de_json(data, bot)  # type: ignore[arg-type]
    except Exception as exc:  # PTB raises TypeError, KeyError, ValueError ... on odd shapes
        log.warning("Dropped update %d: python-telegram-bot cannot read it (%s)", number,
                    type(exc).__name__)
        return None


class UpdatesRequest(HTTPXRequest):
    """The connection getUpdates uses. An update PTB cannot read is replaced by an empty one with
    its id, so it is acknowledged and ignored (PTB would log the whole batch at CRITICAL and fetch
    it again forever); a server error (5xx) is asked again at once, as getUpdates is idempotent
    (PTB's polling loop would first pause a second)."""

    @staticmethod
    def parse_json_payload(payload: bytes) -> dict[str, Any]:
        data = HTTPXRequest.parse_json_payload(payload)
        result = data.get("result")
        if data.get("ok") and isinstance(result, list):
            data["result"] = [item if parse_update(item, None) else {"update_id": update_id(item)}
                              for item in result if update_id(item) is not None]
        return data

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        code, payload = await super().do_request(*args, **kwargs)
        if code >= 500:
            code, payload = await super().do_request(*args, **kwargs)
        return code, payload


class _HideContents(logging.Filter):
    """Rewrites a record's arguments: numbers and short plain phrases stay, updates become their
    ids, anything else its type and size."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not isinstance(record.msg, str):
            record.msg = _summary(record.msg)
        if isinstance(record.args, tuple):
            record.args = tuple(_summary(arg) for arg in record.args)
        elif isinstance(record.args, dict):
            record.args = {key: _summary(arg) for key, arg in record.args.items()}
        return True


def _summary(value: object) -> object:
    if value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value if SAFE_TEXT.fullmatch(value) else f"<text of {len(value)} characters>"
    if isinstance(value, type):
        return value.__name__
    if isinstance(value, Update):
        return f"<update {value.update_id}>"
    if update_id(value) is not None:
        return f"<update {update_id(value)}>"
    if isinstance(value, (list, tuple)):
        return f"[{', '.join(str(_summary(item)) for item in value[:20])}{', …' if len(value) > 20 else ''}]"
    if isinstance(value, dict):
        return f"<{type(value).__name__} of {len(value)} items>"
    return f"<{type(value).__name__}>"


def hide_update_contents() -> None:
    """Attach the filter to every python-telegram-bot logger (idempotent)."""
    names = ["telegram"] + [name for name in logging.root.manager.loggerDict if name.startswith("telegram.")]
    for name in names:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _HideContents) for f in logger.filters):
            logger.addFilter(_HideContents())
