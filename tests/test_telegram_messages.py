"""Pure helpers of the Telegram adapter: splitting, group shortening, keyboards, feedback refs."""

from __future__ import annotations

from bot.answer import Answer, Choice
from bot.telegram.messages import (
    MAX_CHOICES, answer_title, feedback_prompt, feedback_ref, keyboard, plain, shorten_for_group, split_html,
)
from tests.helpers.fake_telegram import check_text


def test_split_keeps_paragraphs_whole_and_every_chunk_valid():
    paragraphs = [f"<b>Heading {i}</b>\n" + "word " * 150 for i in range(40)]
    text = "\n\n".join(paragraphs)
    chunks = split_html(text)
    assert len(chunks) > 1
    assert "\n\n".join(chunks) == text
    for chunk in chunks:
        check_text(chunk, "HTML")  # Telegram's rules: balanced tags, at most 4,096 characters


def test_split_cuts_an_overlong_line_into_plain_pieces():
    text = "<b>" + "a&amp;b " * 2000 + "</b>"
    chunks = split_html(text)
    assert all(len(c) <= 4096 for c in chunks)
    assert "".join(plain(c) for c in chunks).replace("\n", "") == plain(text)
    for chunk in chunks:
        check_text(chunk, "HTML")


def test_short_text_is_one_chunk():
    assert split_html("<b>Hi</b>") == ["<b>Hi</b>"]


def test_group_shortening_points_to_the_private_chat():
    long = "\n\n".join(f"Paragraph {i} " + "x" * 300 for i in range(10))
    short = shorten_for_group(long, "https://t.me/b?start=urn_1")
    assert short.startswith("Paragraph 0") and len(short) < 1400
    assert 'href="https://t.me/b?start=urn_1"' in short
    assert shorten_for_group("Short.", "https://t.me/b") == "Short."


def test_clarification_keyboard_caps_choices_and_label_length():
    choices = [Choice(100000 + i, "St John the Baptist Church of England Primary School — " + "Town" * 10)
               for i in range(12)]
    markup = keyboard(Answer(intent="overview", text="Which?", choices=choices, question_id="q1"), feedback=True)
    rows = markup.inline_keyboard
    assert len(rows) == MAX_CHOICES  # no feedback row on a question back to the user
    assert all(len(row[0].text) <= 60 and row[0].callback_data.startswith("s:1000") for row in rows)


def test_feedback_reference_round_trip():
    assert feedback_ref(plain(feedback_prompt("a1B2-c3_d4"))) == "a1B2-c3_d4"
    assert feedback_ref("Ofsted: Good") is None
    assert feedback_ref(None) is None


def test_share_button_shares_the_answer_title_never_its_first_line():
    html = "<b>DEMO DATA: fictional.</b>\n\n<b>Oakfield Infant School</b> — Community school, primary"
    titled = Answer(intent="overview", text="", html=html, demo=True, schools=[990001],
                    follow_ups=["results"], title="Oakfield Infant School (Brindlecombe)")
    untitled = Answer(intent="overview", text="", html=html, schools=[990001], follow_ups=["results"])
    share = {a.title: [b.switch_inline_query for row in keyboard(a, feedback=False).inline_keyboard
                       for b in row if b.text == "Share"] for a in (titled, untitled)}
    assert answer_title(titled) == "Oakfield Infant School (Brindlecombe)"
    assert share == {"Oakfield Infant School (Brindlecombe)": ["Oakfield Infant School (Brindlecombe)"],
                     "": ["990001"]}  # no title: the URN, not words guessed from the text
