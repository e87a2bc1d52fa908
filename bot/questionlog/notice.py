"""What the question log keeps, in plain words, for `/privacy` (generated from the settings)."""

from __future__ import annotations

from bot.settings import Settings

PERIOD_WORDS = {"day": "every day", "week": "every week", "month": "every month"}


def privacy_notice(settings: Settings) -> str:
    """The exact statement of what is logged, how it is protected and for how long."""
    return (
        "What Schoolbot keeps about your questions:\n"
        "• the question, cleaned first: only ordinary words, school and place names and what "
        "Schoolbot understood are kept; names, e-mail addresses, phone numbers, addresses, dates, "
        "NHS, UPN and National Insurance numbers, links and user names, health conditions, and a "
        "person's religion or ethnicity are replaced by a label such as [name], and postcodes are "
        "cut to their district;\n"
        "• when it was asked, where (private chat, group or inline), what kind of question it was, "
        "which schools it was about, whether it could be answered and how long the answer took;\n"
        "• your 👍/👎 and any reply to \"what did you want to know?\", cleaned the same way.\n"
        "Your Telegram user id and chat id are never stored: only a keyed code that changes "
        f"{PERIOD_WORDS.get(settings.log_key_period, 'regularly')}, so questions cannot be linked "
        "over time, yet /forget can still find and delete them.\n"
        f"Everything is deleted after {settings.log_retention_days} days. /forget deletes everything "
        "logged from you now (in a group, only what you asked). If the operator ever changes the "
        "key, every link between you and your earlier questions is forgotten: /forget can no "
        "longer find them, and they are deleted with the rest when their time is up. "
        "In groups the bot only sees messages addressed to it.\n"
        "Published reports only give counts of whole weeks, rounded to multiples of 5, with any of "
        "5 or fewer shown as \"≤5\", so that no small number can be worked out."
    )
