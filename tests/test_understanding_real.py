"""Understanding over the real records: names inside real sentences, ordinary words that are no
school, filters that read exactly, coverage, and conversations (SQLite copy of the real data)."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import select

from bot.db import make_engine
from bot.models import Inspection, School
from tests.devset.realdb import copy_sqlite

pytestmark = [pytest.mark.real, pytest.mark.parametrize("real_db_url", ["sqlite"], indirect=True)]


@pytest.fixture(scope="module")
def bot(real_db_url, tmp_path_factory):
    from bot.core import Schoolbot

    engine = make_engine(copy_sqlite(real_db_url, tmp_path_factory.mktemp("u") / "u.db"))
    yield Schoolbot(engine, log=False)
    engine.dispose()


def _chat() -> str:
    return f"t-{uuid.uuid4().hex[:8]}"


ORDINARY = [
    "what's the traffic like in {town}", "is the weather nice in {town} today", "unit", "england",
    "what time is it", "the weather tomorrow", "how much is parking in {town}", "good", "best",
    "thanks that's really helpful", "can you recommend a plumber in {town}", "what's on in {town} this weekend",
    "is {town} a nice place to live", "house prices in {town}",
]
TOWNS = ["Woking", "Farnham", "Basingstoke", "Guildford", "Hitchin", "Epsom", "Fleet", "Alton"]


@pytest.mark.parametrize("template", ORDINARY)
def test_ordinary_words_and_places_name_no_school(bot, template):
    for town in TOWNS[:4]:
        answer = bot.ask(template.format(town=town))
        assert not answer.schools and not answer.clarify, (template, town, answer.text[:120])


@pytest.mark.parametrize(
    "text, urn",
    [
        ("weydon results?? asap thx", 136531),
        ("is Glyn School wheelchair friendly?", 136534),
        ("how have Rosebery's GCSEs changed since 2017?", 137736),
        ("Weydon Farnham grade 4 maths", 136531),
        ("does Oxted School have an autism unit?", 142315),
        ("what share of pupils get free meals at Oxted School", 142315),
        ("has Oxted School got a 6th form?", 142315),
        ("How many pupils does Reigate Priory have at the moment?", 125070),
        ("hi there, my daughter might go to ash manor next year, whats their progress 8 like", 125271),
        ("Sandringham School", 136609),
    ],
)
def test_a_name_inside_a_real_sentence_is_found(bot, text, urn):
    assert bot.ask(text).schools == [urn]


def test_hinchleywood_run_together_asks_which_hinchley_wood(bot):
    answer = bot.ask("hinchleywood")
    assert answer.outcome == "clarified" and {137855, 147510} <= set(answer.clarify)


@pytest.mark.parametrize("text", ["farnham grammar school", "camberley high school",
                                  "reigate girls school results asap"])
def test_a_town_with_a_kind_of_school_that_does_not_exist_is_not_found(bot, text):
    answer = bot.ask(text)
    assert answer.outcome == "not_found" and not answer.schools and not answer.clarify


def test_inadequate_schools_in_surrey_are_exactly_those_in_its_categories(bot):
    with bot.engine.connect() as conn:
        surrey = {urn for urn, rating in conn.execute(
            select(School.urn, School.ofsted_rating).where(School.la_code == 936, School.is_open.is_(True)))
            if rating in ("Serious Weaknesses", "Special Measures", "Inadequate")}
        graded = {urn for urn, overall in conn.execute(select(Inspection.urn, Inspection.overall))
                  if str(overall) == "4"}
    answer = bot.ask("which schools in Surrey are inadequate?")
    assert answer.intent == "nearby" and surrey
    assert set(answer.schools) == surrey | (graded & set(answer.schools))
    assert "Serious Weaknesses" in answer.text or "Special Measures" in answer.text


def test_a_county_lists_the_schools_in_it_and_counts_them(bot):
    answer = bot.ask("how many primaries in Hampshire?")
    with bot.engine.connect() as conn:
        la = dict(conn.execute(select(School.urn, School.la_code).where(School.urn.in_(answer.schools))).all())
    assert answer.schools and set(la.values()) == {850}
    assert answer.slots["count"] and any(ch.isdigit() for ch in answer.text.split("\n")[0])


def test_a_complete_question_wins_over_a_pending_which_one(bot):
    chat = _chat()
    first = bot.ask("st annes catholic primary school", chat=chat)
    assert first.outcome == "clarified"
    answer = bot.ask("actually can you show me infant schools near GU15", chat=chat)
    assert answer.intent == "nearby" and answer.schools


def test_a_short_reply_resolves_a_pending_which_one(bot):
    chat = _chat()
    assert bot.ask("st annes catholic primary school", chat=chat).outcome == "clarified"
    answer = bot.ask("the one in banstead", chat=chat)
    assert answer.schools == [125219]


def test_a_reply_that_fits_none_of_the_schools_offered_asks_again(bot):
    chat = _chat()
    offered = bot.ask("st annes catholic primary school", chat=chat).clarify
    answer = bot.ask("the one in epsom", chat=chat)
    assert answer.outcome == "clarified" and answer.clarify == offered and "Epsom" in answer.text


def test_follow_ups_use_the_school_of_the_conversation(bot):
    chat = _chat()
    assert bot.ask("glyn school gcse results", chat=chat).schools == [136534]
    for text in ("ofsted?", "and its attainment 8?", "and in 2018?", "what's their progress 8?"):
        answer = bot.ask(text, chat=chat)
        assert answer.schools == [136534], text
    assert bot.ask("and in 2018?", chat=chat).slots["years"] == ["2017/18"]
    compared = bot.ask("vs rosebery", chat=chat)
    assert compared.intent == "compare" and set(compared.schools) == {136534, 137736}


def test_a_bare_name_answers_the_same_mid_chat_and_in_a_new_chat(bot):
    chat = _chat()
    bot.ask("what is progress 8", chat=chat)
    assert bot.ask("Weydon School", chat=chat).intent == bot.ask("Weydon School").intent == "overview"


def test_what_schoolbot_covers_comes_from_the_records(bot):
    answer = bot.ask("is your data up to date?")
    assert answer.intent == "help" and answer.topic == "coverage" and "2018/19" in answer.text
    hampshire = bot.ask("which years of gcse results do you have for hampshire")
    assert "Hampshire" in hampshire.text and "2016/17" in hampshire.text
    wales = bot.ask("schools in Cardiff")
    assert wales.topic == "outside_england" and "Wales" in wales.text and not wales.schools


def test_a_national_or_county_average_is_the_england_or_la_figure(bot):
    england = bot.ask("whats the national average attainment 8 for 2024")
    assert "2023/24" in england.text and "England 45.9" in england.text and not england.schools
    surrey = bot.ask("what's the average attainment 8 in Surrey?")
    assert "Surrey" in surrey.text and "England" in surrey.text and not surrey.schools
