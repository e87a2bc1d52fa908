"""What the question log's settings promise, for /privacy (the words: knowledge/templates/privacy.j2)."""

from __future__ import annotations

from typing import TypedDict

from bot.settings import Settings

PERIOD_WORDS = {"day": "every day", "week": "every week", "month": "every month"}


class PrivacyTerms(TypedDict):
    period: str
    days: int


def privacy_terms(settings: Settings) -> PrivacyTerms:
    """How often the keyed code of a user changes (`period`) and how long rows are kept (`days`)."""
    return {"period": PERIOD_WORDS.get(settings.log_key_period, "regularly"),
            "days": settings.log_retention_days}
