"""The Telegram adapter through the real PTB HTTP stack against the fake Bot API, with a stand-in
core (the core's own behaviour is tested elsewhere; the end-to-end tests use the real one)."""

from __future__ import annotations

import logging

import pytest

from bot.answer import Answer
from tests.helpers.fake_telegram import FakeTelegram
from tests.helpers.telegram_app import StubCore, buttons, card, running_app


@pytest.fixture
async def tg():
    async with FakeTelegram() as fake:
        async with running_app(fake, StubCore()) as harness:
            yield harness
        assert fake.unknown == []


async def test_private_question_is_answered_with_card_buttons(tg):
    await tg.send(tg.fake.message("How did Tomlinscote School do in GCSEs?"))
    assert tg.core.calls == [("ask", "How did Tomlinscote School do in GCSEs?", "tg:111", "telegram",
                              "private", "111")]
    [sent] = tg.fake.sent()
    assert sent["chat_id"] == 111 and sent["parse_mode"] == "HTML"
    assert sent["text"].startswith("<b>Tomlinscote School &amp; Sixth Form</b>")
    data = {b["text"]: b.get("callback_data") or b.get("switch_inline_query") for b in buttons(sent)}
    assert data == {"Ofsted": "f:inspection:140117", "Results": "f:results:140117",
                    "Pupils": "f:pupils:140117", "Contact": "f:contact:140117",
                    "Compare": "f:compare:140117", "Share": "Tomlinscote School & Sixth Form",
                    "👍": "fb:q42:1", "👎": "fb:q42:0"}
    assert tg.fake.methods()[1:] == ["sendMessage"]  # a fast answer costs one call, no "typing…"


def noted(urns: list[int], intent: str = "results") -> Answer:
    """An answer whose general notes are collapsed behind a Notes button."""
    return Answer(intent=intent, text="Figure first", html="<b>Tomlinscote School</b>'s Progress 8 was +0.13.",
                  schools=urns, follow_ups=["inspection", "notes"], title="Tomlinscote School",
                  notes=["There were no exams in 2020 and 2021 (COVID)."], question_id="q7")


async def test_notes_button_reveals_the_collapsed_notes_under_the_answer(tg):
    tg.core.next_answer = noted([140117])
    await tg.send(tg.fake.message("Tomlinscote progress 8"))
    card_message = tg.fake.last_message(111)
    data = {b["text"]: b.get("callback_data") or b.get("switch_inline_query") for b in buttons(card_message)}
    assert data["Notes"] == "n:results:140117" and data["Ofsted"] == "f:inspection:140117"
    assert data["Share"] == "Tomlinscote School"  # the answer's title, not its first words
    await tg.send(tg.fake.callback("n:results:140117", card_message))
    assert tg.core.calls[-1] == ("notes", [140117], "results")
    notes = tg.fake.sent()[-1]
    assert "no exams in 2020 and 2021" in notes["text"]
    assert notes["reply_parameters"]["message_id"] == card_message["message_id"]  # under the answer
    [markup_edit] = tg.fake.sent("editMessageReplyMarkup")
    left = [b["text"] for b in buttons(markup_edit)]
    assert "Notes" not in left and {"Ofsted", "👍", "👎"} <= set(left)  # once shown, the button goes


async def test_notes_button_of_a_comparison_carries_every_school(tg):
    tg.core.next_answer = noted([140117, 132268, 136531], intent="compare")
    await tg.send(tg.fake.message("compare them"))
    shown = tg.fake.last_message(111)
    assert "n:compare:140117.132268.136531" in [b.get("callback_data") for b in buttons(shown)]
    await tg.send(tg.fake.callback("n:compare:140117.132268.136531", shown))
    assert tg.core.calls[-1] == ("notes", [140117, 132268, 136531], "compare")


async def test_no_notes_button_without_collapsed_notes(tg):
    tg.core.next_answer = Answer(intent="contact", text="x", html="Phone: 01", schools=[140117],
                                 follow_ups=["overview", "notes"])
    await tg.send(tg.fake.message("Tomlinscote phone"))
    assert "Notes" not in [b["text"] for b in buttons(tg.fake.last_message(111))]


async def test_clarification_button_answers_the_chosen_school_and_second_tap_is_harmless(tg):
    await tg.send(tg.fake.message("St John the Baptist Church of England Primary School"))
    [question] = tg.fake.sent()
    assert [b["callback_data"] for b in buttons(question)] == ["s:1001", "s:1002"]
    assert not any(b["text"] in "👍👎" for b in buttons(question))
    shown = tg.fake.last_message(111)
    await tg.send(tg.fake.callback("s:1002", shown))
    assert tg.core.calls[-1] == ("choose", "tg:111", 1002, "telegram", "private", "111")
    [edit] = tg.fake.sent("editMessageText")
    assert edit["message_id"] == shown["message_id"]
    assert "St John the Baptist CofE Primary" in edit["text"]
    assert len(tg.fake.sent("answerCallbackQuery")) == 1
    await tg.send(tg.fake.callback("s:1002", shown))  # the same (stale) button again
    assert "not modified" in tg.fake.calls[-1].error
    assert len(tg.fake.sent("answerCallbackQuery")) == 2
    assert len(tg.fake.sent()) == 1  # no new message


async def test_follow_up_button_edits_the_card(tg):
    await tg.send(tg.fake.message("Tomlinscote"))
    shown = tg.fake.last_message(111)
    await tg.send(tg.fake.callback("f:inspection:140117", shown))
    assert tg.core.calls[-1] == ("follow_up", "tg:111", 140117, "inspection", "telegram", "private", "111")
    [edit] = tg.fake.sent("editMessageText")
    assert edit["text"] == "<b>Ofsted</b>: Good (2023)"
    assert [b["text"] for b in buttons(edit)] == ["Results", "Share"]


async def test_thumbs_down_asks_what_was_wanted_and_passes_the_reply_as_comment(tg):
    await tg.send(tg.fake.message("Tomlinscote"))
    shown = tg.fake.last_message(111)
    await tg.send(tg.fake.callback("fb:q42:0", shown))
    assert tg.core.calls[-1] == ("feedback", "q42", False, None)
    [markup_edit] = tg.fake.sent("editMessageReplyMarkup")
    assert not any(b.get("callback_data", "").startswith("fb:") for b in buttons(markup_edit))
    prompt = tg.fake.last_message(111)
    assert "What did you want to know?" in prompt["text"]
    assert tg.fake.sent()[-1]["reply_markup"]["force_reply"] is True
    await tg.send(tg.fake.message("The sixth form results", reply_to=prompt))
    assert tg.core.calls[-1] == ("feedback", "q42", False, "The sixth form results")
    assert [c[0] for c in tg.core.calls].count("ask") == 1  # the comment is not a question


async def test_thumbs_up_is_recorded(tg):
    await tg.send(tg.fake.message("Tomlinscote"))
    await tg.send(tg.fake.callback("fb:q42:1", tg.fake.last_message(111)))
    assert tg.core.calls[-1] == ("feedback", "q42", True, None)
    assert tg.fake.sent("answerCallbackQuery")[0]["text"] == "Thanks for the feedback!"


async def test_group_answers_commands_mentions_and_replies_only(tg):
    group = {"chat_id": -100123, "chat_type": "supergroup", "user_id": 222}
    await tg.send(tg.fake.message("/ask@school_test_bot Ofsted for Tomlinscote?", **group))
    await tg.send(tg.fake.message("/school Tomlinscote", **group))
    await tg.send(tg.fake.message("@school_test_bot is Tomlinscote any good", **group))
    bot_message = tg.fake.last_message(-100123)
    await tg.send(tg.fake.message("and its results?", reply_to=bot_message, **group))
    await tg.send(tg.fake.message("I think the fete is on Saturday", **group))
    await tg.send(tg.fake.message("/ask@other_bot what time is it", **group))
    await tg.send(tg.fake.message("hello @someone_else", **group))
    asked = [c[1] for c in tg.core.calls if c[0] == "ask"]
    assert [a.strip() for a in asked] == ["Ofsted for Tomlinscote?", "Tomlinscote", "is Tomlinscote any good",
                                          "and its results?"]
    assert {c[2:] for c in tg.core.calls} == {("tg:-100123", "telegram", "supergroup", "222")}
    sent = tg.fake.sent()
    assert len(sent) == 4
    assert all(s["reply_parameters"]["message_id"] for s in sent)  # threaded under the question
    assert not any(b["text"] in "👍👎" for s in sent for b in buttons(s))
    assert "sendChatAction" not in tg.fake.methods()


async def test_group_answers_are_short(tg):
    tg.core.next_answer = Answer(intent="results", text="long", html="\n\n".join(["x" * 500] * 20),
                                 schools=[140117])
    await tg.send(tg.fake.message("/ask results", chat_id=-100123, chat_type="supergroup"))
    [sent] = tg.fake.sent()
    assert len(sent["text"]) < 1500
    assert "https://t.me/school_test_bot?start=urn_140117" in sent["text"]


async def test_group_answer_is_the_answer_line_and_three_more(tg):
    body = ["<b>Weydon School</b>'s Progress 8 in 2018/19 was +0.63.", "", "• Attainment 8: 62.6",
            "• Grade 5+: 74%", "• Grade 4+: 88%", "• EBacc: 64%", "Note: a note", "", "More: links",
            "<i>Source: DfE</i>"]
    tg.core.next_answer = Answer(intent="results", text="x", html="\n".join(body), schools=[136531])
    await tg.send(tg.fake.message("/ask weydon p8", chat_id=-100123, chat_type="supergroup"))
    [sent] = tg.fake.sent()
    lines = [ln for ln in sent["text"].split("\n") if ln]
    assert lines[:4] == [body[0], body[2], body[3], body[4]]  # the answer line first, then 3 lines
    assert len(lines) == 5 and "More in a private chat" in lines[-1]
    assert "https://t.me/school_test_bot?start=urn_136531" in lines[-1]


async def test_inline_query_offers_school_cards_with_deep_links(tg):
    await tg.send(tg.fake.inline("tomlinscote"))
    assert tg.core.calls == [("search", "tomlinscote", 10)]
    [answer] = tg.fake.sent("answerInlineQuery")
    results = answer["results"]
    assert [r["id"] for r in results] == ["140117", "140118"]
    assert results[0]["type"] == "article"
    assert results[0]["title"] == "Tomlinscote School & Sixth Form"
    assert results[0]["input_message_content"]["parse_mode"] == "HTML"
    assert buttons(results[0])[0]["url"] == "https://t.me/school_test_bot?start=urn_140117"


async def test_inline_results_and_venues_are_titled_by_the_answer_title(tg):
    titled, untitled = card(140117), card(140118, "Tomlinscote Annexe")
    titled.title, untitled.title = "Tomlinscote School (Frimley)", ""
    tg.core.search = lambda query, limit=10, **who: [titled, untitled]
    await tg.send(tg.fake.inline("tomlinscote"))
    [inline] = tg.fake.sent("answerInlineQuery")
    # the title, never the card's first line; without one, a neutral "School <URN>"
    assert [r["title"] for r in inline["results"]] == ["Tomlinscote School (Frimley)", "School 140118"]
    tg.core.next_answer = Answer(intent="overview", text="It is at 1 Road", schools=[140117], title="Tomlinscote",
                                 venue={"name": "Tomlinscote School & Sixth Form", "address": "1 Road",
                                        "latitude": 51.3, "longitude": -0.7, "approximate": False})
    await tg.send(tg.fake.message("where is Tomlinscote?"))
    [venue] = tg.fake.sent("sendVenue")
    assert venue["title"] == "Tomlinscote" and venue["address"] == "1 Road"


async def test_empty_inline_query_offers_the_bot(tg):
    await tg.send(tg.fake.inline(""))
    [answer] = tg.fake.sent("answerInlineQuery")
    assert answer["results"] == [] and answer["button"]["start_parameter"] == "inline"
    assert tg.core.calls == []


async def test_deep_link_opens_the_school_card(tg):
    await tg.send(tg.fake.message("/start urn_140117"))
    assert tg.core.calls == [("card", 140117)]
    assert tg.fake.sent()[0]["text"].startswith("<b>Tomlinscote")


async def test_start_help_privacy_and_forget(tg):
    for command in ("/start", "/help", "/privacy", "/forget"):
        await tg.send(tg.fake.message(command))
    start, help_, privacy, forget = (s["text"] for s in tg.fake.sent())
    assert start == help_ and "@school_test_bot" in help_
    assert "90 days" in privacy
    assert tg.core.calls == [("forget", "111", "tg:111")]
    assert "deleted" in forget and "(3)" in forget


async def test_long_answers_are_split_on_paragraphs(tg):
    paragraphs = [f"<b>Part {i}</b> " + "y" * 900 for i in range(12)]
    tg.core.next_answer = Answer(intent="results", text="long", html="\n\n".join(paragraphs), schools=[140117],
                                 follow_ups=["results"])
    await tg.send(tg.fake.message("everything about Tomlinscote"))
    sent = tg.fake.sent()
    assert len(sent) == 3
    assert "\n\n".join(s["text"] for s in sent) == "\n\n".join(paragraphs)
    assert [bool(s.get("reply_markup")) for s in sent] == [False, False, True]


async def test_handler_error_apologises_and_logs_traceback(tg, caplog):
    with caplog.at_level(logging.ERROR, logger="bot.telegram.handlers"):
        await tg.send(tg.fake.message("boom"))
    assert [type(e) for e in tg.errors] == [RuntimeError]
    tg.errors.clear()
    assert "Sorry" in tg.fake.sent()[-1]["text"]
    record = next(r for r in caplog.records if r.name == "bot.telegram.handlers")
    assert record.exc_info and "core failure" in caplog.text


async def test_flood_wait_429_is_retried(tg):
    tg.fake.fail_next("sendMessage", 429, "Too Many Requests: retry after 1", retry_after=1)
    await tg.send(tg.fake.message("Tomlinscote"))
    attempts = [c for c in tg.fake.calls if c.method == "sendMessage"]
    assert [c.error is None for c in attempts] == [False, True]


async def test_server_error_is_retried(tg):
    tg.fake.fail_next("sendMessage", 502, "Bad Gateway")
    await tg.send(tg.fake.message("Tomlinscote"))
    attempts = [c for c in tg.fake.calls if c.method == "sendMessage"]
    assert [c.error is None for c in attempts] == [False, True]


async def test_blocked_user_is_logged_not_retried(tg):
    tg.fake.fail_next("sendMessage", 403, "Forbidden: bot was blocked by the user")
    await tg.send(tg.fake.message("Tomlinscote"))
    assert tg.core.calls[0][0] == "ask"  # the question reached the core (and its log)
    assert [c.method for c in tg.fake.calls].count("sendMessage") == 1
    assert [type(e).__name__ for e in tg.errors] == ["Forbidden"]
    tg.errors.clear()


async def test_html_rejected_by_telegram_falls_back_to_plain_text(tg):
    tg.core.next_answer = Answer(intent="overview", text="A\nB", html="A<br>B &amp; C", schools=[1])
    await tg.send(tg.fake.message("Tomlinscote"))
    [sent] = tg.fake.sent()
    assert sent["text"] == "AB & C" and "parse_mode" not in sent


async def test_question_ids_too_long_for_callback_data_get_no_feedback_buttons(tg):
    tg.core.next_answer = card(140117, question_id="q" * 70)
    await tg.send(tg.fake.message("Tomlinscote"))
    [sent] = tg.fake.sent()
    assert not any(b["text"] in "👍👎" for b in buttons(sent))
