"""Every answer about one school carries that school's name as its title (Answer.title), however
it was asked: a question of any kind, a choice, a follow-up button, a card; over the demo data."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from bot.core import Schoolbot
from bot.db import make_engine
from bot.models import School

QUESTIONS = [  # one of each kind of answer about a school
    "is {} any good?", "{} ofsted", "{} results", "how many pupils at {}", "{} phone number",
    "how do I apply to {}", "where is {}", "does {} have SEN provision", "is {} getting better?",
    "{} progress 8 in 2019", "{} ofsted and results", "{} last distance offered",
    "what is the catchment area of {}", "{} uniform", "compare {}",
]
BUTTONS = ["overview", "inspection", "results", "pupils", "contact", "admissions", "compare"]


@pytest.fixture(scope="module")
def bot_and_names(demo_db_url):
    engine = make_engine(demo_db_url)
    with Session(engine) as session:
        names = {urn: name for urn, name in session.execute(select(School.urn, School.name))}
    yield Schoolbot(engine, log=False), names
    engine.dispose()


def test_every_answer_about_one_school_is_titled_with_its_name(bot_and_names):
    bot, names = bot_and_names
    about_one: dict[str, int] = {}  # answers about one school, by intent and outcome
    for urn, name in names.items():
        answers = [bot.ask(q.format(name), chat=f"t{urn}") for q in QUESTIONS]
        answers += [bot.follow_up(f"b{urn}", urn, intent) for intent in BUTTONS]
        answers += [bot.choose(f"c{urn}", urn), bot.card(urn), bot.notes([urn], "results")]
        for answer in answers:
            if len(answer.schools) == 1:
                assert answer.title == names[answer.schools[0]], (answer.intent, answer.text[:80])
                kind = f"{answer.intent}/{answer.outcome}"
                about_one[kind] = about_one.get(kind, 0) + 1
    # every kind was met: school answers, what open data cannot tell, "compare it with which?"
    assert {"overview/answered", "inspection/answered", "results/answered", "pupils/answered",
            "contact/answered", "admissions/answered", "unanswerable/unanswerable",
            "compare/answered", "compare/not_understood"} <= set(about_one)
    assert sum(about_one.values()) > 20 * len(names)


def test_a_comparison_and_a_list_are_titled_of_their_own(bot_and_names):
    bot, names = bot_and_names
    compared = bot.ask("compare Oakfield Infant and Oakfield Junior")
    assert len(compared.schools) == 2
    assert compared.title == " vs ".join(names[urn] for urn in compared.schools)
    listed = bot.ask("primary schools in Brindlecombe")
    assert len(listed.schools) > 1 and listed.title and listed.title not in names.values()
