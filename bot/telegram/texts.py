"""Fixed texts of the Telegram bot (HTML), its button labels and command lists, from
knowledge/telegram.yaml (their {placeholders} filled in with `str.format` where used); its /start
and /help text is the help every interface gives (knowledge/templates/help.j2)."""

from __future__ import annotations

from bot.knowledge_files import knowledge
from bot.render import render

_SAID = knowledge("telegram")

PRIVATE_COMMANDS = list(_SAID["commands"]["private"].items())
GROUP_COMMANDS = list(_SAID["commands"]["group"].items())


def help_html(username: str | None, private: bool = True) -> str:
    """The /help and /start text: the help answer, with how to use the bot on Telegram (in a
    private chat it points to the location button)."""
    return render("help.j2", telegram={"username": username, "private": private})[1]


APOLOGY: str = _SAID["apology"]
FORGOTTEN: str = _SAID["forgotten"]
FORGOTTEN_GROUP: str = _SAID["forgotten_group"]
THANKS: str = _SAID["thanks"]
COMMENT_THANKS: str = _SAID["comment_thanks"]
EMPTY_QUESTION: str = _SAID["empty_question"]
STALE_BUTTON: str = _SAID["stale_button"]
INLINE_BUTTON: str = _SAID["inline_button"]
OPEN_BUTTON: str = _SAID["open_button"]
UNTITLED: str = _SAID["untitled"]
DEMO_MARK: str = _SAID["demo_mark"]
MORE_IN_PRIVATE: str = _SAID["more_in_private"]
SEND_LOCATION: str = _SAID["send_location"]
FEEDBACK_PROMPT: str = _SAID["feedback_prompt"]
FEEDBACK_PLACEHOLDER: str = _SAID["feedback_placeholder"]
FOLLOW_UP_LABELS: dict[str, str] = _SAID["follow_ups"]
OPERATORS: dict[str, str] = _SAID["operators"]
