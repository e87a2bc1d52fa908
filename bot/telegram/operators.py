"""/review and /answer for operators (the people named in OPERATORS), in a private chat.

/review sends the week's summary for the operator's LA. /answer is a short conversation: pick
a topic (a button, or `/answer transport`), then reply to the prompt with the answer and the
link to your page; the bot shows it as parents will see it. The prompt carries the topic, so no
state is kept between messages (any instance can take the reply). Everyone else gets a one-line
refusal in a private chat and nothing in a group; every step checks the sender again.
"""

from __future__ import annotations

import asyncio
import html
import re
from typing import Any

from telegram import ForceReply, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.constants import ChatType
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.sanitise import clean
from bot.telegram.send import send_text
from bot.telegram.texts import OPERATORS as SAID

PROMPT_HEAD = SAID["prompt"].split("{", 1)[0]  # the words that begin a prompt ("New local answer for ")
PROMPT_TOPIC = re.compile(r"^Topic: ([a-z_]+)$", re.MULTILINE)
TOPICS_PER_ROW = 3


class _ReplyToAnswerPrompt(filters.MessageFilter):
    """A reply to the bot's "New local answer … Topic: …" prompt."""

    def filter(self, message: Message) -> bool:
        replied = message.reply_to_message
        return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id
                    and (replied.text or "").startswith(PROMPT_HEAD) and PROMPT_TOPIC.search(replied.text or ""))


def register(app: Application) -> None:
    """Add the operators' handlers (before the handlers that take any private text)."""
    app.add_handler(CommandHandler("review", on_review))
    app.add_handler(CommandHandler("answer", on_answer))
    app.add_handler(CallbackQueryHandler(on_topic, pattern=r"^ans:[a-z_]+$"))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND & filters.ChatType.PRIVATE
                                   & _ReplyToAnswerPrompt(), on_answer_reply))


async def _operator(update: Update, context: ContextTypes.DEFAULT_TYPE) -> tuple[Any, Any]:
    """(desk, operator) for the sender, or (desk, None)."""
    desk = getattr(context.bot_data.get("core"), "desk", None)
    user = update.effective_user
    if desk is None or user is None:
        return desk, None
    return desk, await asyncio.to_thread(desk.operator, str(user.id))


async def _allowed(update: Update, context: ContextTypes.DEFAULT_TYPE):
    """The operator, if the sender is one in a private chat; else say why not (nothing in groups)."""
    desk, op = await _operator(update, context)
    chat, message = update.effective_chat, update.effective_message
    if chat is None:
        return desk, None
    private = chat.type == ChatType.PRIVATE
    if op is None:
        if private:
            await send_text(context.bot, chat.id, SAID["not_operator"])
        return desk, None
    if not private:
        await send_text(context.bot, chat.id, SAID["in_private"], reply_to=message.message_id if message else None)
        return desk, None
    return desk, op


async def on_review(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/review: the week's summary for the operator's LA."""
    desk, op = await _allowed(update, context)
    chat = update.effective_chat
    if op is not None and chat is not None:
        await send_text(context.bot, chat.id, await asyncio.to_thread(desk.review, op))


async def on_answer(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/answer [topic]: the prompt for that topic, or the topics to choose from."""
    desk, op = await _allowed(update, context)
    chat = update.effective_chat
    if op is None or chat is None:
        return
    said = clean(" ".join(context.args or []), 200).strip()
    if said:
        from bot.questionlog.local_answers import LocalAnswerError, topic_key

        try:
            topic = await asyncio.to_thread(topic_key, said)
        except LocalAnswerError as err:
            await send_text(context.bot, chat.id, html.escape(str(err)))
            return
        await _prompt(context, chat.id, desk, op, topic)
        return
    topics, where = desk.topics(), await asyncio.to_thread(desk.area, op)
    rows = [[InlineKeyboardButton(t.replace("_", " "), callback_data=f"ans:{t}") for t in topics[i:i + TOPICS_PER_ROW]]
            for i in range(0, len(topics), TOPICS_PER_ROW)]
    await send_text(context.bot, chat.id, SAID["pick_topic"].format(where=html.escape(where), by=html.escape(op.by)),
                    InlineKeyboardMarkup(rows))


async def on_topic(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A topic button: the prompt to reply to."""
    query = update.callback_query
    if query is None or query.data is None:
        return
    desk, op = await _operator(update, context)
    await query.answer()
    if op is None or not isinstance(query.message, Message) or not query.message.is_accessible:
        return
    await _prompt(context, query.message.chat.id, desk, op, query.data[4:])


async def _prompt(context: ContextTypes.DEFAULT_TYPE, chat_id: int, desk, op, topic: str) -> None:
    where = await asyncio.to_thread(desk.area, op)
    text = SAID["prompt"].format(where=where, by=op.by, topic=topic)
    await send_text(context.bot, chat_id, html.escape(text),
                    ForceReply(input_field_placeholder=SAID["prompt_placeholder"]))


async def on_answer_reply(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The reply to a prompt: store the answer and show it as parents will see it."""
    desk, op = await _operator(update, context)
    message = update.effective_message
    if message is None or message.text is None:
        return
    if op is None:
        await send_text(context.bot, message.chat.id, SAID["not_operator"])
        return
    replied = message.reply_to_message
    found = PROMPT_TOPIC.search(replied.text or "") if replied else None
    if found is None:  # (the handler's filter takes only replies to a prompt)
        return
    topic = found.group(1)
    from bot.questionlog.local_answers import LocalAnswerError

    try:
        served = await asyncio.to_thread(desk.add, op, topic, message.text)  # cleaned line by line
    except LocalAnswerError as err:
        await send_text(context.bot, message.chat.id, SAID["not_added"].format(error=html.escape(str(err))))
        await _prompt(context, message.chat.id, desk, op, topic)
        return
    where = await asyncio.to_thread(desk.area, op)
    await send_text(context.bot, message.chat.id, SAID["added"].format(
        id=served.id, topic=html.escape(served.topic), where=html.escape(where), preview=desk.preview(served)))

