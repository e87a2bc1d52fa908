"""The Telegram adapter over the real core and the fictional demo data (in process)."""

from __future__ import annotations

import html

import pytest

from bot.core import Schoolbot
from bot.db import make_engine
from bot.settings import Settings
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.telegram_app import buttons, running_app


@pytest.fixture
def engine_on_demo(demo_db_url):
    engine = make_engine(demo_db_url)
    yield engine
    engine.dispose()


def core(engine) -> Schoolbot:
    return Schoolbot(engine, Settings(_env_file=None))


def shown(message: dict) -> str:
    return html.unescape(message["text"])


async def test_clarification_button_then_answer(engine_on_demo):
    async with FakeTelegram() as fake, running_app(fake, core(engine_on_demo)) as tg:
        await tg.send(fake.message("Is St John the Baptist CofE Primary School any good?", chat_id=501))
        question = fake.last_message(501)
        assert [b["callback_data"] for b in buttons(question)] == ["s:990003", "s:990004"]
        await tg.send(fake.callback("s:990004", question))
        [edit] = fake.sent("editMessageText")
        assert "Kestlewick" in shown(edit) and "Brindlecombe" not in shown(edit)
        assert {b["text"] for b in buttons(edit)} >= {"Ofsted", "Share", "👍", "👎"}


async def test_two_instances_share_one_conversation(engine_on_demo):
    """Several instances behind one webhook behave as one bot: state lives in the database."""
    async with FakeTelegram() as fake:
        async with running_app(fake, core(engine_on_demo)) as first:
            await first.send(fake.message("What is the Ofsted rating of St John the Baptist CofE Primary School?",
                                          chat_id=502))
        question = fake.last_message(502)
        async with running_app(fake, core(engine_on_demo)) as second:
            await second.send(fake.callback("s:990004", question))  # the pending question is remembered
            [edit] = fake.sent("editMessageText")
            assert "— Ofsted" in shown(edit) and "Quality of education" in shown(edit)
        async with running_app(fake, core(engine_on_demo)) as third:
            await third.send(fake.message("and what about its pupils?", chat_id=502))
        follow_ups = [b.get("callback_data", "") for b in buttons(fake.sent()[-1])]
        assert "f:inspection:990004" in follow_ups  # "its" is the school chosen on the other instance


async def test_follow_up_button_shows_the_inspection(engine_on_demo):
    async with FakeTelegram() as fake, running_app(fake, core(engine_on_demo)) as tg:
        await tg.send(fake.message("Tell me about Oakfield Infant School", chat_id=503))
        await tg.send(fake.callback("f:inspection:990001", fake.last_message(503)))
        [edit] = fake.sent("editMessageText")
        assert "Ofsted" in shown(edit) and "7 February 2024" in shown(edit)


async def test_inline_query_deep_link_and_group_command(engine_on_demo):
    async with FakeTelegram() as fake, running_app(fake, core(engine_on_demo)) as tg:
        await tg.send(fake.inline("Oakfield"))
        [inline] = fake.sent("answerInlineQuery")
        assert [(r["id"], r["title"]) for r in inline["results"]][:2] == [
            ("990001", "Oakfield Infant School"), ("990002", "Oakfield Junior School")]
        await tg.send(fake.message("/start urn_990002", chat_id=504))
        assert "Oakfield Junior School" in shown(fake.sent()[-1])
        await tg.send(fake.message("/school@school_test_bot Fernhallow Primary School", chat_id=-100504,
                                   chat_type="supergroup"))
        group_answer = fake.sent()[-1]
        assert "Fernhallow Primary School" in shown(group_answer) and len(group_answer["text"]) < 1500
        await tg.send(fake.message("lovely weather for the fete", chat_id=-100504, chat_type="supergroup"))
        assert len(fake.sent()) == 2  # the chatter got no answer


async def test_notes_button_reveals_the_general_notes_the_answer_collapsed(engine_on_demo):
    bot = core(engine_on_demo)
    async with FakeTelegram() as fake, running_app(fake, bot) as tg:
        await tg.send(fake.message("Oakfield Junior SATs", chat_id=505))
        answer = fake.last_message(505)
        assert "no tests or exams" not in shown(answer)  # a general note: collapsed
        notes = [b["callback_data"] for b in buttons(answer) if b["text"] == "Notes"]
        assert notes == ["n:results:990002"]
        await tg.send(fake.callback(notes[0], answer))
        revealed = fake.sent()[-1]
        assert "no tests or exams in 2020 and 2021" in shown(revealed)
        assert revealed["reply_parameters"]["message_id"] == answer["message_id"]
        assert bot.notes([990002], "results").notes == bot.ask("Oakfield Junior SATs").notes
