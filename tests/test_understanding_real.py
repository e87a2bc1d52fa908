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


AREA_RESULTS = ["how does {la} do at gcse compared with england", "average progress 8 in {la}",
                "{la} sats results", "what's the attainment 8 for {la} schools",
                "whats the % getting grade 4 english and maths in {la} vs nationally"]
AREA_ADMISSIONS = ["how do i apply for a secondary school in {la}", "when is the deadline for primary school in {la}",
                   "what % of children get their first preference primary in {la}",
                   "in {la} how many kids get their first choice secondary school?"]


@pytest.mark.parametrize("la", ["Surrey", "Hampshire", "Hertfordshire"])
def test_an_area_question_with_no_school_gets_the_area_answer_not_a_school_list(bot, la):
    for template in AREA_RESULTS:
        answer = bot.ask(template.format(la=la))
        assert (answer.intent, answer.schools, answer.clarify) == ("results", [], []), (template, answer.text[:80])
        assert "England" in answer.text and (la in answer.text or "sats" in template), template  # no Herts KS2
    for template in AREA_ADMISSIONS:
        answer = bot.ask(template.format(la=la))
        assert (answer.intent, answer.schools, answer.clarify) == ("admissions", [], []), (template, answer.text[:80])


@pytest.mark.parametrize("text", ["what % of children in england get grade 5 in english and maths",
                                  "how do pupils in england do in sats", "national progress 8"])
def test_an_england_figure_is_answered_without_a_school(bot, text):
    answer = bot.ask(text)
    assert (answer.intent, answer.schools, answer.clarify) == ("results", [], []) and "England" in answer.text


NAMED = [("Weydon", 136531, "Farnham"), ("Glyn School", 136534, "Epsom"), ("hoe valley", 142009, "Woking"),
         ("george abbot", 136906, "Guildford")]
CLAUSES = ["we have just moved to {town}, is {name} decent?", "new to {town} - {name} any good",
           "moving to {town} soon, what about {name} ofsted", "hi all, {name} gcse results pls",
           "how did {name} do next to the others", "is {name} being inspected again soon"]


@pytest.mark.parametrize("name, urn, town", NAMED)
def test_a_name_is_found_inside_a_sentence_of_ordinary_and_filler_words(bot, name, urn, town):
    for template in CLAUSES:
        answer = bot.ask(template.format(name=name, town=town))
        assert answer.schools == [urn], (template, answer.outcome, answer.text[:100])


@pytest.mark.parametrize("name, urn, town", NAMED)
def test_when_a_school_is_next_inspected_is_the_next_inspection_topic(bot, name, urn, town):
    for template in ["when is {name} next being inspected", "when will {name} be inspected again",
                     "is {name} due ofsted"]:
        answer = bot.ask(template.format(name=name))
        assert (answer.topic, answer.schools) == ("next_inspection", [urn]), template


TRIOS = [(("Weydon", 136531), ("Glyn School", 136534), ("Rosebery", 137736)),
         (("hoe valley", 142009), ("woking high", 139993), ("george abbot", 136906))]
LIST_FORMS = ["{a}, {b} and {c} - which has best results", "{a}, {b} or {c}: which of these is best?",
              "which of the three is better {a}, {b}, {c}", "compare {a}, {b} and {c} progress 8"]


@pytest.mark.parametrize("trio", TRIOS)
def test_a_list_of_schools_with_commas_is_a_comparison_of_each(bot, trio):
    (a, ua), (b, ub), (c, uc) = trio
    for form in LIST_FORMS:
        answer = bot.ask(form.format(a=a, b=b, c=c))
        assert (answer.intent, answer.schools) == ("compare", [ua, ub, uc]), (form, answer.text[:100])


@pytest.mark.parametrize("first, second", [(("Tomlinscote", 140117), ("collingwood", 136828)),
                                           (("Weydon", 136531), ("rosebery", 137736))])
def test_a_comparison_follow_up_uses_the_school_of_the_conversation(bot, first, second):
    (a, ua), (b, ub) = first, second
    assert bot.ask(f"{a} vs {b}").schools == [ua, ub]
    for form in ["how does it compare to {b}", "compare it with {b}", "and how about against {b}?"]:
        chat = _chat()
        bot.ask(f"{a} gcse results", chat=chat)
        answer = bot.ask(form.format(b=b), chat=chat)
        assert (answer.intent, answer.schools) == ("compare", [ua, ub]), (form, answer.text[:100])


@pytest.mark.parametrize("name, urn", [("Weydon", 136531), ("Glyn School", 136534)])
def test_one_school_against_the_national_average_is_its_figure_not_a_comparison(bot, name, urn):
    answer = bot.ask(f"{name} progress 8 compared to the national average")
    assert (answer.intent, answer.schools) == ("results", [urn]) and "England" in answer.text


@pytest.mark.parametrize("first, follow, phase", [
    ("good secondaries near {place}", "what about primaries", "Primary"),
    ("primary schools in {place}", "and secondaries?", "Secondary"),
    ("primaries near {place} pls", "how about secondary schools", "Secondary"),
])
@pytest.mark.parametrize("place", ["GU14", "Woking", "Farnham"])
def test_a_follow_up_of_filter_words_changes_the_filter_of_the_last_list(bot, first, follow, phase, place):
    chat = _chat()
    listed = bot.ask(first.format(place=place), chat=chat)
    assert listed.intent == "nearby"
    answer = bot.ask(follow, chat=chat)
    assert answer.intent == "nearby" and answer.outcome == "answered", answer.text[:100]
    with bot.engine.connect() as conn:
        phases = set(conn.execute(select(School.phase).where(School.urn.in_(answer.schools))).scalars())
    assert phases and all(phase.lower() in (p or "").lower() for p in phases), phases
    assert bot.ask("what about primaries", chat=_chat()).intent != "nearby"  # no list before: nothing to change


@pytest.mark.parametrize("name", ["hogwarts", "narnia", "grimthorpe high", "zanzibar academy"])
@pytest.mark.parametrize("asks", ["{name} ofsted", "{name} gcse results", "how do i apply to {name}"])
def test_a_made_up_name_with_a_school_question_is_not_found_not_misunderstood(bot, name, asks):
    answer = bot.ask(asks.format(name=name))
    assert (answer.outcome, answer.schools, answer.clarify) == ("not_found", [], []), answer.text[:100]


@pytest.mark.parametrize("name", ["westbrook academy", "brackenvale school", "kingsbrook primary"])
@pytest.mark.parametrize("town", ["fleet", "woking", "hitchin"])
def test_an_unknown_name_with_a_town_does_not_match_a_school_on_the_town_alone(bot, name, town):
    answer = bot.ask(f"{name} {town} gcse")
    assert not answer.schools and not (set(answer.clarify) - _named_like(bot, name)), answer.text[:100]


def _named_like(bot, name: str) -> set[int]:
    """Schools whose name has the distinctive first word asked (a fair "did you mean")."""
    word = name.split()[0]
    return {urn for urn, r in bot.index.records.items() if word in r.name.lower()}


@pytest.mark.parametrize("name, closed, successor", [("Sedgehill School", 100743, 148003),
                                                     ("Ernest Bevin College", 101053, 149543)])
def test_a_closed_school_asked_in_a_year_it_was_open_answers_its_own_results(bot, name, closed, successor):
    assert bot.ask(f"{name} gcse results").schools == [successor]  # today: the school that replaced it
    for asked in ["{name} gcse results 2019", "{name} progress 8 2018/19", "how did {name} do in 2019"]:
        answer = bot.ask(asked.format(name=name))
        assert answer.schools == [closed] and "2018/19" in answer.text, (asked, answer.text[:100])
    assert bot.ask(f"is {name} still open?").schools == [closed]


@pytest.mark.parametrize("name, urn", [("Alton", 116537), ("Ringwood", 136657), ("Cranleigh", 125323)])
def test_a_results_question_on_a_shared_name_means_the_school_with_those_results(bot, name, urn):
    assert bot.ask(name).outcome == "clarified"  # the name alone fits several schools
    for asked in ["{name} gcse results", "how did {name} do in gcses 2019", "{name} progress 8"]:
        answer = bot.ask(asked.format(name=name))
        assert answer.schools == [urn], (asked, answer.outcome, answer.clarify)


@pytest.mark.parametrize("name, urn", [("weydon", 136531), ("glyn school", 136534), ("tomlinscote", 140117),
                                       ("rosebery", 137736)])
def test_a_phase_word_the_name_lacks_still_names_the_school_of_that_phase(bot, name, urn):
    for asked in ["{name} secondary gcse results", "is {name} secondary any good", "{name} secondary school ofsted"]:
        assert bot.ask(asked.format(name=name)).schools == [urn], asked
    assert urn not in bot.ask(f"{name} primary ofsted").schools  # another phase: not that school


def test_a_schools_initials_name_it_when_they_stand_for_one_name_only(bot):
    from bot.understanding.acronyms import expansions
    from bot.understanding.english import is_common
    from bot.understanding.names import literal_tokens

    with bot.engine.connect() as conn:
        rows = conn.execute(select(School.urn, School.name).where(School.la_code.in_([936, 850, 919]),
                                                                  School.is_open.is_(True))).all()
    asked = 0
    for urn, name in sorted(rows):
        words = [w for w in literal_tokens(name) if w not in ("and", "of", "the")]
        initials = "".join(w[0] for w in words)
        if len(words) < 3 or not initials.isalpha() or expansions(bot.index, initials) != [" ".join(literal_tokens(name))] \
                or bot.index.match(name).decision != "unique" or bot.index.knows(initials) is not None:
            continue
        if is_common(initials):
            continue  # "BINS": an ordinary word before it is anyone's initials
        answer = bot.ask(f"{initials.upper()} results")
        assert answer.schools in ([urn], []) and not set(answer.clarify) - {urn}, (name, initials, answer.schools)
        asked += answer.schools == [urn]
    assert asked >= 20


def test_results_held_for_one_area_only_do_not_choose_between_namesakes(bot):
    """Hawley Primary School is in Hampshire (whose KS2 results are loaded) and in Camden (whose
    are not): "sats" fits both, so Schoolbot asks which."""
    answer = bot.ask("hawley primary school sats results")
    assert answer.outcome == "clarified" and {115913, 100015} <= set(answer.clarify)


@pytest.mark.parametrize("text, urns", [
    ("beaumont vs sandringham p8", {138286, 136609}),  # each name is several schools; both are in St Albans
    ("compare sandringham and beaumont", {136609, 138286}),
])
def test_names_that_each_fit_several_schools_are_read_in_the_one_town_they_share(bot, text, urns):
    answer = bot.ask(text, chat=_chat())
    assert (answer.intent, set(answer.schools)) == ("compare", urns)


def test_names_that_share_many_towns_are_still_asked_about(bot):
    answer = bot.ask("st marys vs st johns", chat=_chat())
    assert answer.outcome == "clarified" and not answer.schools
