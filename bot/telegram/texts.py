"""Fixed texts of the Telegram bot (HTML) and its command list."""

from __future__ import annotations

PRIVATE_COMMANDS = [
    ("school", "Find a school: /school Tomlinscote"),
    ("ask", "Ask a question about a school"),
    ("help", "What I can answer"),
    ("privacy", "What I keep and for how long"),
    ("forget", "Delete the questions you asked me"),
]
GROUP_COMMANDS = [
    ("school", "Find a school: /school Tomlinscote"),
    ("ask", "Ask a question about a school"),
    ("help", "What I can answer"),
]


def help_html(username: str | None, private: bool = True) -> str:
    """The /help and /start text (in a private chat it points to the location button)."""
    inline = f"\nShare a school in any chat: type <code>@{username} school name</code>." if username else ""
    return (
        "<b>Schoolbot</b> answers questions about schools in England from official open data "
        "(Get Information about Schools, Ofsted, DfE performance tables).\n\n"
        "Ask in plain words, for example:\n"
        "• How did Tomlinscote School do in GCSEs?\n"
        "• What is the Ofsted rating of Hilltop Primary?\n"
        "• How many pupils at St Mary's, Woking?\n"
        "• Where is Glyn School?\n\n"
        + ("📍 <b>Send my location</b> (the button below) lists the schools nearest you; "
           "the location is used for that answer only and never kept.\n\n" if private else "")
        + "In groups: <code>/school name</code>, <code>/ask question</code>, mention me or reply to me."
        f"{inline}\n\n/privacy · /forget"
    )


APOLOGY = "Sorry — something went wrong on my side. Please try again in a minute."
FORGOTTEN = "Done: I deleted the questions you asked me{count} and what this chat was about."
FORGOTTEN_GROUP = ("Done: I deleted the questions you asked me{count}. What this group was discussing "
                   "stays for the others.")
THANKS = "Thanks for the feedback!"
COMMENT_THANKS = "Thank you — I've passed that on."
EMPTY_QUESTION = "What would you like to know? For example: <code>/ask Ofsted rating of Tomlinscote School</code>"
STALE_BUTTON = "That button has expired — please ask again."
INLINE_HINT = "Type a school name to share its card"
INLINE_BUTTON = "Ask Schoolbot"
OPEN_BUTTON = "Open in Schoolbot"
