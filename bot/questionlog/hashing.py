"""Keyed, rotating hashes of user ids: the log can find one person's rows, never read the id.

The master key (`LOG_HASH_KEY`) derives one key per period (day, week or month); a user id is
hashed with the key of the period it was logged in, so rows from different periods cannot be
linked. `/forget` recomputes the hashes under every period key the retention window can hold.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import date, timedelta

PERIODS = ("day", "week", "month")


def period_label(day: date, period: str) -> str:
    """The label of the key period containing `day`: "2026-11-27", "2026-W48" or "2026-11"."""
    if period == "day":
        return day.isoformat()
    if period == "week":
        year, week, _ = day.isocalendar()
        return f"{year}-W{week:02d}"
    if period == "month":
        return f"{day.year}-{day.month:02d}"
    raise ValueError(f"log_key_period must be one of {', '.join(PERIODS)}, not {period!r}")


def user_hash(master_key: str, user: str, label: str) -> str:
    """HMAC-SHA256 of `user` under the key derived for period `label` (32 hex characters)."""
    period_key = hmac.new(master_key.encode(), label.encode(), hashlib.sha256).digest()
    return hmac.new(period_key, str(user).encode(), hashlib.sha256).hexdigest()[:32]


def window_labels(today: date, retention_days: int) -> set[str]:
    """Every period label (of every period kind) a row kept for `retention_days` can carry."""
    labels: set[str] = set()
    for offset in range(-1, retention_days + 2):
        day = today - timedelta(days=offset)
        labels.update(period_label(day, period) for period in PERIODS)
    return labels


def all_hashes(master_key: str, user: str, today: date, retention_days: int) -> list[str]:
    """The hashes `user` may have been stored under within the retention window."""
    return sorted(user_hash(master_key, user, label) for label in window_labels(today, retention_days))


def operator_hash(master_key: str, user: str) -> str:
    """The keyed hash naming an operator in OPERATORS (never rotated: operators are named once).

    Changing LOG_HASH_KEY changes it: the operators must be named again."""
    key = hmac.new(master_key.encode(), b"operator", hashlib.sha256).digest()
    return hmac.new(key, str(user).encode(), hashlib.sha256).hexdigest()[:32]
