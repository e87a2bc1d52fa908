"""The core `Schoolbot` API over the fictional demo data, on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot import answers
from bot.answer import INTENTS
from bot.core import SORRY, Schoolbot
from bot.db import make_engine
from bot.knowledge_files import knowledge

OAKFIELD_INFANT, OAKFIELD_JUNIOR = 990001, 990002
ST_JOHN_BRINDLECOMBE, ST_JOHN_KESTLEWICK = 990003, 990004
HOLLYBUSH_CLOSED, HOLLYBUSH_ACADEMY = 990009, 990010


@pytest.fixture(scope="module")
def bot(demo_db_url):
    engine = make_engine(demo_db_url)
    yield Schoolbot(engine, log=False)
    engine.dispose()


def test_overview_names_the_school_and_marks_demo_data(bot):
    answer = bot.ask("is Oakfield Junior any good?")
    assert (answer.intent, answer.outcome, answer.schools) == ("overview", "answered", [OAKFIELD_JUNIOR])
    assert "demo_data" in answer.caveats
    assert "fictional" in answer.text.lower()
    assert answer.sources and answer.follow_ups


def test_ambiguous_name_asks_which_then_the_choice_answers(bot):
    answer = bot.ask("is St John the Baptist CofE Primary any good?", chat="amb")
    assert answer.outcome == "clarified" and answer.schools == []
    assert set(answer.clarify) == {ST_JOHN_BRINDLECOMBE, ST_JOHN_KESTLEWICK}
    assert all(c.label for c in answer.choices)
    chosen = bot.choose("amb", ST_JOHN_KESTLEWICK)
    assert (chosen.intent, chosen.schools) == ("overview", [ST_JOHN_KESTLEWICK])
    follow = bot.ask("and Ofsted?", chat="amb")
    assert (follow.intent, follow.schools) == ("inspection", [ST_JOHN_KESTLEWICK])


def test_the_one_in_a_town_resolves_a_pending_clarification(bot):
    assert bot.ask("St John the Baptist CofE Primary", chat="town").outcome == "clarified"
    answer = bot.ask("the one in Kestlewick", chat="town")
    assert answer.schools == [ST_JOHN_KESTLEWICK]


def test_follow_ups_use_the_conversation_and_compare_it_with(bot):
    assert bot.ask("how did Oakfield Junior do in SATs?", chat="f").schools == [OAKFIELD_JUNIOR]
    assert bot.ask("what about its pupils?", chat="f").schools == [OAKFIELD_JUNIOR]
    compared = bot.ask("compare it with Oakfield Infant", chat="f")
    assert compared.intent == "compare"
    assert compared.schools == [OAKFIELD_JUNIOR, OAKFIELD_INFANT]


def test_conversations_do_not_leak_between_chats(bot):
    bot.ask("Oakfield Junior ofsted", chat="a")
    other = bot.ask("and its results?", chat="b")
    assert other.schools == [] and other.outcome == "not_understood"


def test_context_is_shared_by_instances_on_one_database(bot, demo_db_url):
    bot.ask("Kestlewick School GCSE results", chat="shared")
    second = Schoolbot(make_engine(demo_db_url), log=False)
    assert second.ask("and Ofsted?", chat="shared").schools == [990022]


def test_a_closed_school_is_answered_by_its_successor(bot):
    answer = bot.ask("Hollybush Lane Community Primary School ofsted")
    assert answer.schools == [HOLLYBUSH_ACADEMY]
    assert answer.text.startswith("Hollybush Lane Community Primary School closed")  # named, with its date
    assert "Hollybush Lane Primary Academy replaced it" in answer.text


def test_unknown_school_is_not_found_and_names_no_school(bot):
    answer = bot.ask("how did Hogwarts School of Witchcraft and Wizardry do in GCSEs?")
    assert answer.outcome == "not_found" and answer.schools == [] and answer.clarify == []


def test_unanswerable_topic_says_so_and_names_the_topic(bot):
    answer = bot.ask("what are the term dates at Oakfield Junior?")
    assert (answer.intent, answer.outcome, answer.topic) == ("unanswerable", "unanswerable", "term_dates")


def test_an_unanswerable_follow_up_keeps_the_conversations_school(bot):
    first = bot.ask("is Oakfield Junior any good?", chat="c-hard")
    asked = bot.ask("will we get a place?", chat="c-hard")
    assert (asked.intent, asked.topic, asked.schools) == ("unanswerable", "chances_of_place", first.schools)
    assert bot.ask("and Ofsted?", chat="c-hard").schools == first.schools
    named = bot.ask("term dates at Oakfield Junior?")
    assert named.schools == first.schools and "Oakfield Junior" in named.text


def test_an_admissions_question_about_no_school_gets_the_general_dates(bot):
    answer = bot.ask("When do I apply for a primary school place?")
    assert (answer.intent, answer.schools, answer.clarify) == ("admissions", [], [])
    assert "15 January" in answer.text


def test_compare_them_compares_the_last_two_schools_asked_about(bot):
    first = bot.ask("is Oakfield Junior any good?", chat="c-them")
    second = bot.ask("and Kestlewick School?", chat="c-them")
    assert first.schools != second.schools
    both = bot.ask("compare them", chat="c-them")
    assert (both.intent, both.schools) == ("compare", first.schools + second.schools)


def test_explain_help_and_privacy_need_no_school(bot):
    assert bot.ask("what does Progress 8 mean?").intent == "explain"
    assert bot.ask("help").intent == "help"
    assert bot.ask("what do you keep about me?").intent == "privacy"


@pytest.mark.parametrize("text", ["", "   ", "🙂🙂🙂", "x" * 5000, "<b>&amp;</b>", "\x00\x01"])
def test_bad_input_gets_a_clear_answer(bot, text):
    answer = bot.ask(text)
    assert answer.intent in INTENTS and answer.text.strip()
    assert answer.outcome != "error"


def test_an_internal_error_becomes_an_apology_not_a_crash(bot, monkeypatch):
    def boom(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setitem(answers.BUILDERS, "overview", boom)
    answer = bot.ask("is Oakfield Infant any good?")
    assert answer.outcome == "error" and answer.text == SORRY


def test_card_and_search_for_deep_links_and_inline_mode(bot):
    card = bot.card(OAKFIELD_JUNIOR)
    assert card.schools == [OAKFIELD_JUNIOR] and card.follow_ups
    found = bot.search("oakfield")
    assert {OAKFIELD_INFANT, OAKFIELD_JUNIOR} <= {a.schools[0] for a in found}
    assert bot.search("") == [] and bot.search("zzzzqqqq nothing") == []


def test_json_contract_has_the_issue_fields(bot):
    data = bot.ask("Kestlewick School GCSE results").to_json()
    for key in ("intent", "schools", "clarify", "text", "caveats", "sources", "topic"):
        assert key in data
    assert all({"kind", "year"} <= set(s) for s in data["sources"])


def test_compare_button_then_a_bare_name_compares_the_two(bot):
    prompt = bot.follow_up("cmp", OAKFIELD_JUNIOR, "compare")
    assert "compare" in prompt.text.lower()
    answer = bot.ask("Oakfield Infant School", chat="cmp")
    assert answer.intent == "compare" and answer.schools == [OAKFIELD_JUNIOR, OAKFIELD_INFANT]
    assert bot.ask("Kestlewick School", chat="cmp").intent == "overview"  # the compare is done


def test_every_channel_is_logged_without_raw_ids(demo_db_url):
    from sqlalchemy import select

    from bot.questionlog.models import LoggedQuestion

    engine = make_engine(demo_db_url)
    logged = Schoolbot(engine)
    asked = logged.ask("my son Jack wants Oakfield Junior, call 07700 900123", chat="tg:777",
                       channel="telegram", chat_type="private", user="123456789")
    assert asked.question_id
    logged.search("oakfield", channel="telegram", chat_type="inline", user="123456789")
    with engine.connect() as conn:
        rows = conn.execute(select(LoggedQuestion).where(
            LoggedQuestion.id == asked.question_id)).all()
        inline = conn.execute(select(LoggedQuestion).where(LoggedQuestion.chat_type == "inline")).all()
    assert len(rows) == 1 and "Jack" not in rows[0].text and "07700" not in rows[0].text
    assert rows[0].user_hash and "123456789" not in rows[0].user_hash
    assert len(inline) == 1 and inline[0].outcome == "answered"
    assert logged.forget("123456789", chat="tg:777") == 2
    engine.dispose()


def test_a_junior_schools_progress_carries_the_junior_school_caveat(bot):
    junior = bot.ask("how did Oakfield Junior do in SATs?")
    primary = bot.ask("St John the Baptist CofE Primary Kestlewick SATs")
    assert "junior_school_progress" in junior.caveats and "Junior schools" in junior.text
    assert "junior_school_progress" not in primary.caveats


def test_conversation_state_older_than_a_day_is_deleted_at_start(demo_db_url):
    from datetime import UTC, datetime, timedelta

    from sqlalchemy import select, update

    from bot.context import chat_key
    from bot.models import Conversation

    engine = make_engine(demo_db_url)
    first = Schoolbot(engine, log=False)
    first.ask("Oakfield Junior ofsted", chat="old")
    first.ask("Oakfield Infant ofsted", chat="fresh")
    with engine.begin() as conn:
        conn.execute(update(Conversation).values(updated_at=datetime.now(UTC).replace(tzinfo=None) - timedelta(days=2))
                     .where(Conversation.key == chat_key("old", first.settings.log_hash_key)))
    second = Schoolbot(engine, log=False)
    with engine.connect() as conn:
        keys = set(conn.scalars(select(Conversation.key)))
    secret = first.settings.log_hash_key
    assert chat_key("old", secret) not in keys and chat_key("fresh", secret) in keys
    assert second.ask("and its pupils?", chat="old").schools == []
    engine.dispose()


def test_asking_for_the_best_schools_says_schoolbot_does_not_rank(bot):
    answer = bot.ask("best primary schools in Brindlecombe")
    assert answer.intent == "nearby" and answer.schools
    assert "no_ranking" in answer.caveats and answer.text.startswith("Schoolbot does not rank schools")
    assert "no_ranking" not in bot.ask("primary schools in Brindlecombe").caveats


# ------------------------------------------------------------- phrasings found by a blind held-out set
FAITH_WORDS = [w for faith, words in knowledge("intents")["filters"]["faith"].items()
               if faith not in ("any", "none") for w in words]


@pytest.mark.parametrize("word", FAITH_WORDS)
def test_every_faith_asked_of_the_conversations_school_is_its_religious_character(bot, word):
    chat = f"faith-{word}"
    bot.ask("Oakfield Junior", chat=chat)
    for question in (f"is it a {word} school?", f"is it {word}"):
        answer = bot.ask(question, chat=chat)
        assert (answer.schools, answer.slots.get("measure")) == ([OAKFIELD_JUNIOR], "religious_character"), question


@pytest.mark.parametrize("first, follow_up, full", [
    ("primary schools near ZZ1", "which of those are outstanding", "outstanding primary schools near ZZ1"),
    ("primary schools near ZZ1", "which of them are good?", "good primary schools near ZZ1"),
    ("schools near ZZ2", "which ones are catholic", "catholic schools near ZZ2"),
    ("schools near ZZ2", "which of these are church of england", "church of england schools near ZZ2"),
])
def test_a_filter_asked_of_the_list_just_given_narrows_that_list(bot, first, follow_up, full):
    chat = f"list-{follow_up}"
    assert bot.ask(first, chat=chat).intent == "nearby"
    narrowed = bot.ask(follow_up, chat=chat)
    assert (narrowed.intent, narrowed.schools) == ("nearby", bot.ask(full).schools), follow_up
    assert narrowed.schools


@pytest.mark.parametrize("question", [
    "how do appeals work", "can we appeal if we don't get our first choice",
    "how does the waiting list work", "how do admissions work?",
])
def test_an_admissions_question_in_ordinary_words_gets_how_to_apply_and_appeal(bot, question):
    answer = bot.ask(question)
    assert (answer.intent, answer.schools, answer.outcome) == ("admissions", [], "answered"), question
    assert "appeal" in answer.text and "waiting list" in answer.text


@pytest.mark.parametrize("template", ["what happened to {}?", "why did {} close", "when did {} close?",
                                      "is {} still open", "whatever happened to {}", "what became of {}"])
def test_asked_what_became_of_a_closed_school_the_answer_is_its_own_card(bot, template):
    answer = bot.ask(template.format("Hollybush Lane Community Primary School"))
    assert answer.schools == [HOLLYBUSH_CLOSED], template
    assert "Hollybush Lane Primary Academy" in answer.text  # the school that replaced it, named


@pytest.mark.parametrize("first, follow_up", [
    ("good primary schools near ZZ1", "which of those are outstanding"),
    ("good or outstanding schools near ZZ2", "what about outstanding ones"),
])
def test_no_grade_is_better_than_outstanding_so_the_list_says_outstanding(bot, first, follow_up):
    chat = f"best-{first}"
    bot.ask(first, chat=chat)
    answer = bot.ask(follow_up, chat=chat)
    assert answer.intent == "nearby" and answer.title.startswith("Outstanding "), answer.title
    assert "or-better" not in answer.text
