"""Telegram update handlers: a thin adapter from updates to the core and back.

No conversation state is kept here: the core keeps it in the database under the chat key, so
several instances behind one webhook behave as one bot.
"""

from __future__ import annotations

import asyncio
import logging
import re
from typing import Protocol, TypedDict

from telegram import (
    ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, InlineQueryResultArticle,
    InlineQueryResultsButton, InputTextMessageContent, Message, ReplyKeyboardMarkup, Update,
)
from telegram.constants import ChatType, MessageEntityType
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    Application, CallbackQueryHandler, CommandHandler, ContextTypes, InlineQueryHandler,
    MessageHandler, filters,
)
from telegram.helpers import create_deep_linked_url

from bot.answer import Answer
from bot.answers.chart import chart_png
from bot.sanitise import clean
from bot.telegram import operators, texts
from bot.telegram.messages import (
    answer_html, answer_title, card_lines, chart_caption, chat_key, feedback_prompt, feedback_ref,
    keyboard, location_keyboard, parse_notes_data, shorten_for_group, split_html,
)
from bot.telegram.send import edit_text, not_modified, send_text, typing_while

log = logging.getLogger(__name__)
GROUPS = (ChatType.GROUP, ChatType.SUPERGROUP)
DEEP_LINK = re.compile(r"urn_(\d{1,8})")
INLINE_LIMIT = 10


class Core(Protocol):
    """What the adapter needs from `bot.core.Schoolbot` (synchronous: each call runs in a worker
    thread, see `_core`). `channel`, `chat_type` and `user` are for the question log."""

    def ask(self, text: str, chat: str | None = None, *, channel: str = "api",
            chat_type: str | None = None, user: str | None = None) -> Answer: ...
    def choose(self, chat: str | None, urn: int, *, channel: str = "api", chat_type: str | None = None,
               user: str | None = None) -> Answer: ...
    def follow_up(self, chat: str | None, urn: int, intent: str, *, channel: str = "api",
                  chat_type: str | None = None, user: str | None = None) -> Answer: ...
    def card(self, urn: int) -> Answer: ...
    def near(self, latitude: float, longitude: float, *, channel: str = "api", chat_type: str | None = None,
             user: str | None = None) -> Answer: ...
    def notes(self, urns: list[int], intent: str) -> Answer: ...
    def search(self, query: str, limit: int = 10, *, channel: str = "api", chat_type: str | None = None,
               user: str | None = None) -> list[Answer]: ...
    def privacy(self) -> Answer: ...
    def feedback(self, question_id: str, useful: bool, comment: str | None = None) -> None: ...
    def forget(self, user: str, chat: str | None = None) -> int: ...


class Who(TypedDict):
    """Who asked, for the core's question log (the core hashes the user id)."""

    channel: str
    chat_type: str | None
    user: str | None


class _AddressedToBot(filters.MessageFilter):
    """A group message that mentions the bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        bot = message.get_bot()
        replied = message.reply_to_message
        if replied and replied.from_user and replied.from_user.id == bot.id:
            return True
        return _mentions_bot(message)


class _ReplyToFeedbackPrompt(filters.MessageFilter):
    """A reply to the bot's "what did you want to know?" prompt."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id
                    and feedback_ref(replied.text))


def _mentions_bot(message: Message) -> bool:
    bot = message.get_bot()
    name = f"@{bot.username}".lower() if bot.username else None
    for entity, value in message.parse_entities([MessageEntityType.MENTION,
                                                 MessageEntityType.TEXT_MENTION]).items():
        if entity.type == MessageEntityType.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
        if name and value.lower() == name:
            return True
    return False


def register(app: Application, core: Core) -> None:
    """Add every handler and the error handler to `app`."""
    app.bot_data["core"] = core
    text = filters.TEXT & ~filters.COMMAND
    app.add_handler(CommandHandler("start", on_start))
    app.add_handler(CommandHandler("help", on_help))
    app.add_handler(CommandHandler("privacy", on_privacy))
    app.add_handler(CommandHandler("forget", on_forget))
    app.add_handler(CommandHandler(["ask", "school"], on_ask_command))
    operators.register(app)  # /review and /answer, for operators only (bot.telegram.operators)
    app.add_handler(MessageHandler(text & _ReplyToFeedbackPrompt(), on_feedback_comment))
    app.add_handler(MessageHandler(text & filters.ChatType.PRIVATE, on_private_text))
    app.add_handler(MessageHandler(text & filters.ChatType.GROUPS & _AddressedToBot(), on_group_text))
    app.add_handler(MessageHandler(filters.LOCATION & filters.ChatType.PRIVATE, on_location))
    app.add_handler(CallbackQueryHandler(on_choice, pattern=r"^s:\d+$"))
    app.add_handler(CallbackQueryHandler(on_follow_up, pattern=r"^f:[a-z_]+:\d+$"))
    app.add_handler(CallbackQueryHandler(on_listed_card, pattern=r"^c:\d+$"))
    app.add_handler(CallbackQueryHandler(on_notes, pattern=r"^n:[a-z_]+:\d+(\.\d+)*$"))
    app.add_handler(CallbackQueryHandler(on_feedback, pattern=r"^fb:.+:[01]$"))
    app.add_handler(CallbackQueryHandler(on_stale_button))
    app.add_handler(InlineQueryHandler(on_inline_query))
    app.add_error_handler(on_error)


def _core(context: ContextTypes.DEFAULT_TYPE) -> Core:
    """The core `register` was given. Its methods are synchronous and use the database: call them
    in a worker thread (`asyncio.to_thread(_core(context).ask, ...)`)."""
    return context.bot_data["core"]


def _is_group(update: Update) -> bool:
    return bool(update.effective_chat and update.effective_chat.type in GROUPS)


def _card_link(context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> str | None:
    username = context.bot.username
    if not username:
        return None
    if answer.schools:
        return create_deep_linked_url(username, f"urn_{answer.schools[0]}")
    return f"https://t.me/{username}"


def _render(context: ContextTypes.DEFAULT_TYPE, answer: Answer,
            group: bool) -> tuple[list[str], InlineKeyboardMarkup | ReplyKeyboardMarkup | None]:
    """The message chunks and keyboard for an answer in a private chat or a group."""
    body = answer_html(answer)
    if group:
        body = shorten_for_group(body, _card_link(context, answer))
    if not group and answer.intent == "nearby" and answer.outcome == "not_understood":
        return split_html(body), location_keyboard()  # "where should I look?": or share a location
    return split_html(body), keyboard(answer, feedback=not group)


async def reply_answer(update: Update, context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> None:
    """Send an answer to the update's chat; in groups it is short and replies to the question.
    A school's position ("where is X?") comes first as a venue (name, address, map pin); a
    trend's chart follows the text as a photo."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None:  # (every update the handlers take has a chat)
        return
    group = _is_group(update)
    chunks, markup = _render(context, answer, group)
    chat_id = chat.id
    reply_to = message.message_id if group and message else None
    if answer.venue:
        await _send_venue(context, chat_id, answer.venue, answer_title(answer))
    for i, chunk in enumerate(chunks):
        last = i == len(chunks) - 1
        await send_text(context.bot, chat_id, chunk, markup if last else None, reply_to if i == 0 else None)
    if answer.chart:
        await _send_chart(context, chat_id, answer.chart, chart_caption(answer))


async def _send_venue(context: ContextTypes.DEFAULT_TYPE, chat_id: int, venue: dict, title: str) -> None:
    """The school's map pin, titled `title` (the answer's; else the venue's name): one call, the
    limiter repeats it where that is safe. A pin that cannot be sent is logged: the answer's text
    still follows."""
    try:
        await context.bot.send_venue(chat_id, latitude=venue["latitude"], longitude=venue["longitude"],
                                     title=title or venue["name"][:64], address=venue["address"] or venue["name"])
    except TelegramError as exc:
        log.warning("Could not send the venue: %s", exc)


async def _send_chart(context: ContextTypes.DEFAULT_TYPE, chat_id: int, chart: dict, caption: str) -> None:
    """The trend's chart as a photo; drawing it in a worker thread. A chart that cannot be drawn
    or sent is logged: the answer itself has been sent."""
    try:
        png = await asyncio.to_thread(chart_png, chart)
        await context.bot.send_photo(chat_id, png, caption=caption, parse_mode=None,
                                     filename="trend.png")
    except (TelegramError, ValueError, OSError) as exc:
        log.warning("Could not send the trend chart: %s", exc)


async def _reply(update: Update, context: ContextTypes.DEFAULT_TYPE, html_text: str,
                 markup: InlineKeyboardMarkup | ReplyKeyboardMarkup | None = None) -> None:
    """Send a message to the update's chat (in a group, as a reply to the update's message)."""
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return
    reply_to = message.message_id if message and _is_group(update) else None
    await send_text(context.bot, chat.id, html_text, markup, reply_to=reply_to)


async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Pass a question to the core and send its answer (cut and cleaned first: bot.sanitise)."""
    text = clean(text).strip()
    if not text:
        await _reply(update, context, texts.EMPTY_QUESTION)
        return
    chat = update.effective_chat
    if chat is None:
        return
    answer = await typing_while(context.bot, None if _is_group(update) else chat.id, asyncio.to_thread(
        _core(context).ask, text, chat_key(chat.id), **_who(update)))
    await reply_answer(update, context, answer)


def _who(update: Update) -> Who:
    """Who asked, for the core's question log (the core hashes the user id)."""
    user, chat = update.effective_user, update.effective_chat
    return {"channel": "telegram", "chat_type": str(chat.type) if chat else None,
            "user": str(user.id) if user else None}


async def on_start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/start, with an optional deep-link payload `urn_<URN>` that opens a school's card."""
    match = DEEP_LINK.fullmatch(context.args[0]) if context.args else None
    if match:
        await reply_answer(update, context, await asyncio.to_thread(_core(context).card, int(match.group(1))))
    else:
        await _help(update, context)


async def on_help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/help."""
    await _help(update, context)


async def _help(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    private = not _is_group(update)
    await _reply(update, context, texts.help_html(context.bot.username, private),
                 location_keyboard() if private else None)


async def on_location(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A shared location: the schools nearest to it. The position goes to the core for this
    answer only; nothing here keeps or logs it."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or message.location is None or chat is None:
        return
    where = message.location
    answer = await typing_while(context.bot, chat.id, asyncio.to_thread(
        _core(context).near, where.latitude, where.longitude, **_who(update)))
    await reply_answer(update, context, answer)


async def on_listed_card(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A school's button under a list (callback `c:<urn>`): its card, as a new message, so the
    list stays."""
    pressed = await _pressed(update)
    if pressed is None:
        return
    message, data = pressed
    answer = await asyncio.to_thread(_core(context).follow_up, chat_key(message.chat.id), int(data[2:]),
                                     "overview", **_who(update))
    await reply_answer(update, context, answer)


async def on_privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/privacy."""
    await _reply(update, context, (await asyncio.to_thread(_core(context).privacy)).html)


async def on_forget(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/forget: the core deletes this user's logged questions, and in a private chat the chat's
    context; in a group only the sender is forgotten (the group's context is everyone's)."""
    user, where = update.effective_user, update.effective_chat
    if user is None or where is None:
        return
    group = _is_group(update)
    chat = None if group else chat_key(where.id)
    removed = await asyncio.to_thread(_core(context).forget, str(user.id), chat)
    count = f" ({removed})" if isinstance(removed, int) and not isinstance(removed, bool) else ""
    await _reply(update, context, (texts.FORGOTTEN_GROUP if group else texts.FORGOTTEN).format(count=count))


async def on_ask_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/ask question and /school name (also /ask@botname in groups)."""
    message = update.effective_message
    if message is None or message.text is None or not message.entities:
        return
    command = message.entities[0]
    await ask(update, context, message.text[command.offset + command.length:])


async def on_private_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any other text in a private chat is a question."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    await ask(update, context, message.text)


async def on_group_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A group message addressed to the bot: the question is the text without the mention."""
    message = update.effective_message
    if message is None or message.text is None:
        return
    username = context.bot.username or ""
    text = re.sub(rf"@{re.escape(username)}\b", " ", clean(message.text), flags=re.I)
    await ask(update, context, text)


async def on_feedback_comment(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A reply to the 👎 prompt: the text is the comment on that question."""
    message = update.effective_message
    replied = message.reply_to_message if message else None
    question_id = feedback_ref(replied.text) if replied else None
    if message is None or message.text is None or question_id is None:
        return
    await asyncio.to_thread(_core(context).feedback, question_id, False, comment=clean(message.text))
    await _reply(update, context, texts.COMMENT_THANKS)


async def _show(update: Update, context: ContextTypes.DEFAULT_TYPE, message: Message, answer: Answer) -> None:
    """Replace the pressed `message` with `answer` (a second tap changes nothing); if it cannot
    be edited any more, send the answer as a new message."""
    group = _is_group(update)
    chunks, markup = _render(context, answer, group)
    if isinstance(markup, ReplyKeyboardMarkup):  # ("where should I look?") it cannot go on an edit
        await reply_answer(update, context, answer)
        return
    try:
        changed = await edit_text(context.bot, message.chat.id, message.message_id, chunks[0],
                                  markup if len(chunks) == 1 else None)
    except BadRequest as exc:
        log.info("Could not edit the message (%s); sending a new one", exc.message)
        await reply_answer(update, context, answer)
        return
    if not changed:
        return
    for i, chunk in enumerate(chunks[1:], 2):
        await send_text(context.bot, message.chat.id, chunk, markup if i == len(chunks) else None)


async def _pressed(update: Update) -> tuple[Message, str] | None:
    """Answer the callback query (stops the client's spinner): its message and data; None if its
    message is gone (the user is told so) or it has no data."""
    query = update.callback_query
    if query is None or query.data is None:
        return None
    if not isinstance(query.message, Message) or not query.message.is_accessible:
        await query.answer(texts.STALE_BUTTON)
        return None
    await query.answer()
    return query.message, query.data


async def on_choice(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A school picked from a clarification (callback `s:<urn>`)."""
    pressed = await _pressed(update)
    if pressed is None:
        return
    message, data = pressed
    answer = await asyncio.to_thread(_core(context).choose, chat_key(message.chat.id), int(data[2:]),
                                     **_who(update))
    await _show(update, context, message, answer)


async def on_follow_up(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A follow-up button on a card (callback `f:<intent>:<urn>`)."""
    pressed = await _pressed(update)
    if pressed is None:
        return
    message, data = pressed
    _, intent, urn = data.split(":")
    answer = await asyncio.to_thread(_core(context).follow_up, chat_key(message.chat.id), int(urn), intent,
                                     **_who(update))
    await _show(update, context, message, answer)


async def on_notes(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "Notes" button (callback `n:<intent>:<urn>[.<urn>...]`): the notes collapsed behind the
    answer, sent under it; the button is then taken off the answer."""
    pressed = await _pressed(update)
    if pressed is None:
        return
    message, data = pressed
    intent, urns = parse_notes_data(data)
    answer = await asyncio.to_thread(_core(context).notes, urns, intent)
    await _drop_buttons(message, data)
    for chunk in split_html(answer_html(answer)):
        await send_text(context.bot, message.chat.id, chunk, None, message.message_id)


async def _drop_buttons(message: Message, data_prefix: str) -> None:
    """Take the buttons whose callback data starts with `data_prefix` off a message."""
    if not message.reply_markup:
        return
    rows = [[b for b in row if not (isinstance(b.callback_data, str) and b.callback_data.startswith(data_prefix))]
            for row in message.reply_markup.inline_keyboard]
    rows = [row for row in rows if row]
    try:
        await message.edit_reply_markup(InlineKeyboardMarkup(rows) if rows else None)  # the limiter repeats edits
    except BadRequest as exc:
        if not not_modified(exc):
            log.info("Could not remove the buttons: %s", exc.message)


async def on_feedback(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """👍 / 👎 (callback `fb:<question_id>:1|0`); 👎 asks what the user wanted to know."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    question_id, useful = query.data[3:].rsplit(":", 1)
    await asyncio.to_thread(_core(context).feedback, question_id, useful == "1")
    await query.answer(texts.THANKS)
    message = query.message
    if not isinstance(message, Message) or not message.is_accessible:
        return
    await _drop_buttons(message, "fb:")
    if useful == "0":
        await send_text(context.bot, message.chat.id, feedback_prompt(question_id),
                        ForceReply(input_field_placeholder=texts.FEEDBACK_PLACEHOLDER))


async def on_stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button whose data this version does not know (an old message)."""
    if update.callback_query is not None:
        await update.callback_query.answer(texts.STALE_BUTTON)


async def on_inline_query(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Inline mode: `@botname tomlinscote` offers matching school cards to send in any chat."""
    query = update.inline_query
    if query is None:
        return
    button = InlineQueryResultsButton(texts.INLINE_BUTTON, start_parameter="inline")
    text = clean(query.query).strip()
    who: Who = {"channel": "telegram", "chat_type": "inline",
                "user": str(query.from_user.id) if query.from_user else None}
    answers = await asyncio.to_thread(_core(context).search, text, INLINE_LIMIT, **who) if text else []
    results = [_article(context, a) for a in answers if a.schools]
    await query.answer(results, cache_time=60, button=button)


def _article(context: ContextTypes.DEFAULT_TYPE, answer: Answer) -> InlineQueryResultArticle:
    urn = answer.schools[0]
    link = _card_link(context, answer)
    body = shorten_for_group(answer_html(answer), link)
    lines = card_lines(answer)
    description = (texts.DEMO_MARK if answer.demo else "") + " · ".join(lines[1:2])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(texts.OPEN_BUTTON, url=link)]]) if link else None
    return InlineQueryResultArticle(
        id=str(urn), title=answer_title(answer) or texts.UNTITLED.format(urn=urn),
        description=description[:200] or None,
        input_message_content=InputTextMessageContent(body), reply_markup=markup)


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every error with its traceback and apologise briefly to the chat, if there is one."""
    error = context.error
    if isinstance(error, Forbidden):
        log.info("Telegram refused (the user blocked the bot or removed it): %s", error)
        return
    if isinstance(error, ChatMigrated):
        log.info("Group moved to supergroup %s", error.new_chat_id)
        return
    if not isinstance(update, Update):
        log.warning("Telegram transport error: %s", error, exc_info=not isinstance(error, NetworkError))
        return
    log.error("Error while handling update %s", update.update_id, exc_info=error)
    if update.callback_query:
        try:
            await update.callback_query.answer()
        except TelegramError:
            pass
    if update.effective_chat and not update.inline_query:
        try:
            await _reply(update, context, texts.APOLOGY)
        except TelegramError as exc:
            log.warning("Could not send the apology: %s", exc)
