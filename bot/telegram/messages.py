"""Pure helpers: chat keys, message splitting, keyboards and callback data (no network)."""

from __future__ import annotations

import html
import re

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, KeyboardButton, ReplyKeyboardMarkup
from telegram.constants import InlineKeyboardButtonLimit, MessageLimit

from bot.answer import Answer
from bot.telegram import texts

MAX_TEXT = MessageLimit.MAX_TEXT_LENGTH
MAX_CALLBACK = InlineKeyboardButtonLimit.MAX_CALLBACK_DATA
GROUP_MAX_TEXT = 1200
GROUP_LINES = 3  # lines a group answer keeps after its answer line
MAX_CHOICES = 8
MAX_LISTED = 10  # a button per school of a list (nearby)
CHART_CAPTION = 1024  # Telegram's limit on a photo's caption
TITLE = 64  # the characters of a title an inline result or a shared query shows
FEEDBACK_REF = re.compile(r"Ref: ([A-Za-z0-9_-]+)\s*$")
_TAG = re.compile(r"<[^>]*>")


def chat_key(chat_id: int) -> str:
    """The conversation key passed to the core for a Telegram chat (the core hashes it)."""
    return f"tg:{chat_id}"


def answer_html(answer: Answer) -> str:
    """The answer in Telegram HTML; falls back to the escaped plain text."""
    return answer.html or html.escape(answer.text)


def plain(fragment: str) -> str:
    """Visible text of an HTML fragment."""
    return html.unescape(_TAG.sub("", fragment))


def split_html(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split text into messages of at most `limit` characters, on paragraph then line boundaries.

    A single line longer than the limit (rare) is sent as escaped plain text in pieces, so no
    chunk ever carries an unbalanced tag.
    """
    if len(text) <= limit:
        return [text]
    chunks: list[str] = []
    current = ""
    for block in _blocks(text, limit):
        joined = f"{current}\n\n{block}" if current else block
        if len(joined) <= limit:
            current = joined
            continue
        if current:
            chunks.append(current)
        current = block
    if current:
        chunks.append(current)
    return chunks


def _blocks(text: str, limit: int) -> list[str]:
    """Paragraphs no longer than `limit` (long paragraphs cut into lines, long lines into pieces)."""
    blocks: list[str] = []
    for para in text.split("\n\n"):
        if len(para) <= limit:
            blocks.append(para)
            continue
        for line in para.split("\n"):
            if len(line) <= limit:
                blocks.append(line)
                continue
            flat = plain(line)
            step = limit // 6  # escaping can grow a character up to six-fold ("&quot;")
            blocks.extend(html.escape(flat[i:i + step]) for i in range(0, len(flat), step))
    return blocks


def shorten_for_group(text: str, more_url: str | None) -> str:
    """A group answer: the demo banner if any, the answer line and at most `GROUP_LINES` more
    lines (within a group-friendly length), with a pointer to the rest in a private chat."""
    paras = [p for p in text.split("\n\n") if p.strip()]
    banner = paras.pop(0) if paras and plain(paras[0]).upper().startswith("DEMO DATA") else None
    lines = [ln for p in paras for ln in p.split("\n") if ln.strip()]
    if len(lines) <= 1 + GROUP_LINES and len(text) <= GROUP_MAX_TEXT:
        return text
    kept = "\n".join(lines[:1 + GROUP_LINES])
    short = split_html("\n\n".join(p for p in (banner, kept) if p), GROUP_MAX_TEXT)[0]
    more = f'<a href="{html.escape(more_url)}">{texts.MORE_IN_PRIVATE}</a>' if more_url else texts.MORE_IN_PRIVATE
    return f"{short}\n\n<i>… {more}</i>"


def card_lines(answer: Answer) -> list[str]:
    """The visible lines of an answer, without the demo-data banner that may head it."""
    lines = [line.strip() for line in plain(answer_html(answer)).splitlines() if line.strip()]
    if lines and lines[0].upper().startswith("DEMO DATA"):
        lines = lines[1:]
    return lines


def answer_title(answer: Answer) -> str:
    """What the answer is about (Answer.title: the school's name, for one school), cut to fit an
    inline result's title or a shared query; "" when it has none."""
    return answer.title[:TITLE]


def _fits(data: str) -> bool:
    return 0 < len(data.encode()) <= MAX_CALLBACK


def keyboard(answer: Answer, *, feedback: bool) -> InlineKeyboardMarkup | None:
    """Buttons for an answer: the schools to choose from, or follow-ups on a card; then feedback."""
    rows: list[list[InlineKeyboardButton]] = []
    if answer.choices:
        for choice in answer.choices[:MAX_CHOICES]:
            rows.append([InlineKeyboardButton(_label(choice.label), callback_data=f"s:{choice.urn}")])
    elif answer.listed:  # a list of schools (nearby): each school's card, under the list
        for item in answer.listed[:MAX_LISTED]:
            rows.append([InlineKeyboardButton(_label(item.label), callback_data=f"c:{item.urn}")])
    elif answer.follow_ups and answer.schools:
        rows.extend(_follow_up_rows(answer))
    if feedback and answer.question_id and not answer.choices:
        yes, no = f"fb:{answer.question_id}:1", f"fb:{answer.question_id}:0"
        if _fits(no):
            rows.append([InlineKeyboardButton("👍", callback_data=yes),
                         InlineKeyboardButton("👎", callback_data=no)])
    return InlineKeyboardMarkup(rows) if rows else None


def _follow_up_rows(answer: Answer) -> list[list[InlineKeyboardButton]]:
    """Follow-up buttons on a one-school answer, always ending with Share (inline mode)."""
    urn = answer.schools[0]
    buttons = []
    intents = list(answer.follow_ups)
    if len(answer.schools) == 1 and "share" not in intents:
        intents.append("share")
    for intent in intents:
        label = texts.FOLLOW_UP_LABELS.get(intent, intent.replace("_", " ").capitalize())
        if intent == "share":
            buttons.append(InlineKeyboardButton(label, switch_inline_query=answer_title(answer) or str(urn)))
        elif intent == "notes":
            if answer.notes and _fits(data := notes_data(answer)):
                buttons.append(InlineKeyboardButton(label, callback_data=data))
        elif _fits(data := f"f:{intent}:{urn}"):
            buttons.append(InlineKeyboardButton(label, callback_data=data))
    return [buttons[i:i + 3] for i in range(0, len(buttons), 3)]


def location_keyboard() -> ReplyKeyboardMarkup:
    """The reply keyboard with the "📍 Send my location" button (private chats: Telegram asks the
    user before it shares anything)."""
    return ReplyKeyboardMarkup([[KeyboardButton(texts.SEND_LOCATION, request_location=True)]],
                               resize_keyboard=True, is_persistent=True)


def chart_caption(answer: Answer) -> str:
    """The caption of a trend's chart: what it shows (the figures are in the picture)."""
    chart = answer.chart or {}
    return f"{chart.get('title', '')}: {chart.get('label', '')}".strip(": ")[:CHART_CAPTION]


def notes_data(answer: Answer) -> str:
    """The Notes button's callback: `n:<intent>:<urn>[.<urn>...]` (the core rebuilds the notes)."""
    return f"n:{answer.intent}:{'.'.join(map(str, answer.schools))}"


def parse_notes_data(data: str) -> tuple[str, list[int]]:
    """(intent, urns) of a Notes button's callback data."""
    _, intent, urns = data.split(":")
    return intent, [int(u) for u in urns.split(".")]


def _label(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def feedback_prompt(question_id: str) -> str:
    """The 👎 follow-up question; the reference lets a reply find its question statelessly."""
    return f"{texts.FEEDBACK_PROMPT}\n\n<i>Ref: {html.escape(question_id)}</i>"


def feedback_ref(prompt_text: str | None) -> str | None:
    """The question id in a feedback prompt the user replied to, if it is one."""
    match = FEEDBACK_REF.search(prompt_text or "")
    return match.group(1) if match else None
