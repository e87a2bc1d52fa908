"""understand(): free text to intent, school mention(s), key stage, term, topic, place, filters, follow-ups."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.answer import INTENTS
from bot.understanding import Understanding, understand
from bot.understanding.knowledge import INTENTS_FILE, load_knowledge

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    "text, intent, school",
    [
        ("is St Anne's any good", "overview", "St Anne's"),
        ("Tomlinscote", "overview", "Tomlinscote"),
        ("tell me about Oakfield Junior School", "overview", "Oakfield Junior School"),
        ("what's Collingwood College like?", "overview", "Collingwood College"),
        ("tomlinscot gcses", "results", "tomlinscot"),
        ("what are the GCSE results of Tomlinscote school", "results", "Tomlinscote school"),
        ("SATs results St Mary's Alton", "results", "St Mary's Alton"),
        ("Tomlinscote ofsted", "inspection", "Tomlinscote"),
        ("when was Tomlinscote last inspected?", "inspection", "Tomlinscote"),
        ("ofsted inspecton for Frimley CofE Junior", "inspection", "Frimley CofE Junior"),
        ("Ofstead rating of St Peter's Catholic School", "inspection", "St Peter's Catholic School"),
        ("how many pupils at Tomlinscote school", "pupils", "Tomlinscote school"),
        ("Does Tomlinscote have a sixth form?", "pupils", "Tomlinscote"),
        ("phone number for St John the Baptist", "contact", "St John the Baptist"),
        ("who is the head teacher at Weydon School", "contact", "Weydon School"),
        ("how do I apply to Tomlinscote", "admissions", "Tomlinscote"),
        ("A level results at Farnborough Sixth Form College", "results", "Farnborough Sixth Form College"),
        ("Is Tiffin Girls any good", "overview", "Tiffin Girls"),
        ("is Tiffin School for Girls any good", "overview", "Tiffin School for Girls"),
        ("Nonsuch High School for Girls gcse results", "results", "Nonsuch High School for Girls"),
        ("is tomlinscote for girls", "pupils", "tomlinscote"),
        # question words and bare numbers are not part of the name
        ("what did ofsted say about presdales", "inspection", "presdales"),
        ("what did ofsted say about Thornden last time", "inspection", "Thornden"),
        ("hows the mountbatten school romsey", "overview", "the mountbatten school romsey"),
        ("kendrick school reading progress 8", "results", "kendrick school reading"),
        ("what percentage get grade 5 in english and maths at the romsey school", "results",
         "the romsey school"),
        ("how did year 6 do at fair oak junior", "results", "fair oak junior"),
        ("When do I apply for a primary school place?", "admissions", ""),  # no school: "place"
        ("When is the deadline for secondary school applications?", "admissions", ""),
        ("Is Tomlinscote getting better?", "results", "Tomlinscote"),
        ("when was weydon last inspected by ofsted", "inspection", "weydon"),
        ("what percentage of pupils have english as an additional language at Weydon", "pupils", "Weydon"),
        ("where do tomlinscote pupils go after year 11", "results", "tomlinscote"),
    ],
)
def test_intent_and_school_words(text, intent, school):
    u = understand(text)
    assert (u.intent, u.school_text) == (intent, school)
    assert u.intent in INTENTS


@pytest.mark.parametrize(
    "text, key_stage",
    [
        ("tomlinscote gcses", "ks4"),
        ("Progress 8 score for Tomlinscote", "ks4"),
        ("Attainment 8 at Weydon", "ks4"),
        ("St Mary's SATs", "ks2"),
        ("KS2 results Oakfield Junior", "ks2"),
        ("A level results at Collingwood", "ks5"),
        ("sixth form results Tomlinscote", "ks5"),
        ("Tomlinscote results", None),
        ("Tomlinscote ofsted", None),
    ],
)
def test_key_stage(text, key_stage):
    assert understand(text).key_stage == key_stage


@pytest.mark.parametrize(
    "text, term",
    [
        ("what is progress 8", "progress_8"),
        ("P8?", "progress_8"),
        ("explain attainment 8", "attainment_8"),
        ("what does SUPP mean", "supp"),
        ("what's an EHCP", "ehcp"),
        ("what is a scaled score", "scaled_score"),
        ("what does expected standard mean", "expected_standard"),
        ("what is a confidence interval", "confidence_interval"),
        ("what is an academy", "academy"),
        ("what does EBacc mean", "ebacc"),
        ("what is FSM", "fsm"),
        ("what do the Ofsted grades mean", "ofsted_grades"),
        ("what does Ofsted requires improvement mean?", "ofsted_grades"),  # not "Ofsted"
        ("What does Ofsted Good mean?", "ofsted_grades"),
        ("what does requires improvement mean on ofsted", "ofsted_grades"),  # "on" is no school
        ("what are Ofsted report cards", "report_cards"),
        ("what are the new ofsted report cards", "report_cards"),
        ("what is a URN", "urn"),
        ("what is EAL", "eal"),
        ("what is a free school", "free_school"),
        ("what is a grammar school", "grammar"),
        ("what is an ungraded inspection", "ungraded_inspection"),
        ("what does provisional mean", "provisional"),
    ],
)
def test_explain_terms(text, term):
    u = understand(text)
    assert (u.intent, u.term, u.school_text) == ("explain", term, "")


def test_a_measure_named_about_a_school_is_a_results_question():
    u = understand("what is Tomlinscote's progress 8")
    assert (u.intent, u.term, u.key_stage) == ("results", "progress_8", "ks4")
    assert u.school_text == "Tomlinscote's"


@pytest.mark.parametrize(
    "text, topic, school",
    [
        ("term dates for Tomlinscote", "term_dates", "Tomlinscote"),
        ("what is the uniform at Weydon", "uniform", "Weydon"),
        ("is there a breakfast club at Oakfield Junior", "wraparound_care", "Oakfield Junior"),
        ("after school club St Anne's", "wraparound_care", "St Anne's"),
        ("is there bullying at Tomlinscote", "bullying", "Tomlinscote"),
        ("catchment area for Tomlinscote", "catchment", "Tomlinscote"),
        ("will I get a place at Tomlinscote", "chances_of_place", "Tomlinscote"),
        ("class sizes at Oakfield", "class_size", "Oakfield"),
        ("fees at Farnborough Hill", "fees", "Farnborough Hill"),
        ("is there a school bus to Tomlinscote", "transport", "Tomlinscote"),
        ("school dinners at St Mary's", "lunches", "St Mary's"),
        ("what clubs does Weydon have", "clubs", "Weydon"),
        ("what do they wear at Tomlinscote", "uniform", "Tomlinscote"),
        ("does Weydon have a swimming pool", "facilities", "Weydon"),
        ("when is the next ofsted inspection for weydon", "next_inspection", "weydon"),
        ("How big are classes at Mill Rythe Junior School?", "class_size", "Mill Rythe Junior School"),
    ],
)
def test_unanswerable_topics_are_recognised(text, topic, school):
    u = understand(text)
    assert (u.intent, u.topic, u.school_text) == ("unanswerable", topic, school)


def test_free_school_meals_is_not_a_lunch_question():
    u = understand("free school meals at Tomlinscote")
    assert (u.intent, u.term, u.school_text) == ("pupils", "fsm", "Tomlinscote")


@pytest.mark.parametrize(
    "text, schools",
    [
        ("compare Tomlinscote with Collingwood College", ["Tomlinscote", "Collingwood College"]),
        ("Tomlinscote vs Kings International College", ["Tomlinscote", "Kings International College"]),
        ("St Mary's or St Anne's?", ["St Mary's", "St Anne's"]),
        ("is Tomlinscote better than Collingwood", ["Tomlinscote", "Collingwood"]),
        ("compare Weydon and Rodborough", ["Weydon", "Rodborough"]),
        ("compare St Peter and St Paul with Oakfield", ["St Peter and St Paul", "Oakfield"]),
        ("which school is better, Tomlinscote or Collingwood?", ["Tomlinscote", "Collingwood"]),
        ("Watford Grammar School for Boys or Parmiter's School?",
         ["Watford Grammar School for Boys", "Parmiter's School"]),
        ("compare watford grammar for girls and parmiters", ["watford grammar for girls", "parmiters"]),
        ("court moor or calthorpe park for a shy kid", ["court moor", "calthorpe park"]),
        ("The Meadows vs St Mary and St Joseph Roman Catholic Voluntary Aided Primary School",
         ["The Meadows", "St Mary and St Joseph Roman Catholic Voluntary Aided Primary School"]),
    ],
)
def test_compare_splits_the_schools(text, schools):
    u = understand(text)
    assert (u.intent, u.school_text, u.schools) == ("compare", schools, schools)


def test_compare_keeps_the_aspect():
    u = understand("compare the GCSE results of Tomlinscote and Collingwood")
    assert (u.intent, u.aspect, u.key_stage) == ("compare", "results", "ks4")
    assert u.schools == ["Tomlinscote", "Collingwood"]


@pytest.mark.parametrize(
    "text, place, filters",
    [
        ("primary schools near GU15 3LJ", "GU15 3LJ", {"phase": "primary"}),
        ("schools near RG22", "RG22", {}),
        ("good catholic primary schools in Woking", "Woking",
         {"phase": "primary", "rating": "good", "faith": "roman catholic"}),
        ("secondary schools in Hampshire", "Hampshire", {"phase": "secondary"}),
        ("outstanding infant schools near Alton", "Alton", {"phase": "infant", "rating": "outstanding"}),
        ("Woking primary schools", "Woking", {"phase": "primary"}),
        ("grammar schools near Reading", "Reading", {"type": "grammar"}),
        ("any outstanding secondaries in Farnham?", "Farnham", {"rating": "outstanding", "phase": "secondary"}),
        ("list of catholic schools in Guildford", "Guildford", {"faith": "roman catholic"}),
        ("church of england schools in GU34", "GU34", {"faith": "church of england"}),
        ("good secondary schools for girls in Woking", "Woking",
         {"phase": "secondary", "rating": "good", "gender": "girls"}),
        ("boys schools near GU1", "GU1", {"gender": "boys"}),
        ("we're moving to chandlers ford, which primary schools are near SO53 2", "SO53",
         {"phase": "primary"}),
        ("GU15", "GU15", {}),
        ("gu15 3lj", "GU15 3LJ", {}),
    ],
)
def test_nearby_place_and_filters(text, place, filters):
    u = understand(text)
    assert (u.intent, u.place, u.school_text) == ("nearby", place, "")
    assert u.filters == filters


@pytest.mark.parametrize(
    "text, school, place",
    [
        ("St Mary's in Alton", "St Mary's", "Alton"),
        ("phone number for St John the Baptist in Woking", "St John the Baptist", "Woking"),
        ("Oakfield Junior GU15", "Oakfield Junior", "GU15"),
        ("ofsted for St Anne's, KT16 0AB", "St Anne's", "KT16 0AB"),
    ],
)
def test_a_place_named_with_a_school(text, school, place):
    u = understand(text)
    assert (u.school_text, u.place) == (school, place)


@pytest.mark.parametrize(
    "text, intent, markers",
    [
        ("what about its Ofsted?", "inspection", ["pronoun", "intent_only"]),
        ("and Ofsted?", "inspection", ["intent_only"]),
        ("what about GCSEs", "results", ["intent_only"]),
        ("how many pupils does it have", "pupils", ["pronoun", "intent_only"]),
        ("is that school any good", "overview", ["pronoun", "intent_only"]),
        ("the one in Epsom", "overview", ["place_only"]),
        ("the one in GU15", "overview", ["place_only"]),
        ("what about Oakfield Junior?", "overview", ["same_question"]),
        ("compare it with Oakfield Junior", "compare", ["pronoun", "compare_with_previous"]),
        ("compare them", "compare", ["pronoun", "compare_with_previous"]),
        ("which one has better results", "compare", ["compare_with_previous"]),
    ],
)
def test_follow_up_markers(text, intent, markers):
    u = understand(text)
    assert (u.intent, u.follow_up) == (intent, markers)


def test_words_after_in_are_a_name_when_nothing_else_is_asked():
    u = understand("interested in Tomlinscote for my son")
    assert (u.school_text, u.place, u.explicit) == ("Tomlinscote", None, False)


def test_the_one_in_a_place_names_only_the_place():
    u = understand("the one in Epsom")
    assert (u.place, u.school_text, u.explicit) == ("Epsom", "", False)
    assert understand("the Epsom one").place == "Epsom"


@pytest.mark.parametrize("text, n", [("the second one", 2), ("2", 2), ("number 3", 3), ("first", 1)])
def test_choosing_from_a_list(text, n):
    u = understand(text)
    assert (u.follow_up, u.choice) == (["choice"], n)


@pytest.mark.parametrize(
    "text, intent",
    [
        ("hello", "help"),
        ("what can you do?", "help"),
        ("what do you store about me", "privacy"),
        ("delete my data", "privacy"),
        ("", "unknown"),
        ("?!", "unknown"),
    ],
)
def test_help_privacy_unknown(text, intent):
    assert understand(text).intent == intent


def test_a_bare_name_defaults_to_overview_and_says_so():
    u = understand("Weydon School")
    assert (u.intent, u.explicit, u.school_text) == ("overview", False, "Weydon School")
    assert understand("Weydon ofsted").explicit


def test_schools_is_always_a_list():
    assert understand("Tomlinscote ofsted").schools == ["Tomlinscote"]
    assert understand("hello").schools == []
    assert isinstance(understand("x vs y").schools, list)


def test_same_question_same_answer():
    text = "compare the ofsted of St Mary's in Alton with Oakfield Junior"
    assert understand(text) == understand(text)
    assert isinstance(understand(text), Understanding)


def test_intents_file_is_consistent():
    k = load_knowledge(INTENTS_FILE)
    assert set(k.precedence) <= set(INTENTS)
    intents = {v for labels in k.semantic.values() for c, v in labels if c == "intent"}
    assert intents <= set(INTENTS)
    assert set(k.term_intent.values()) <= set(INTENTS)
    answers = yaml.safe_load((REPO / "knowledge" / "measures.yaml").read_text())["unanswerable"]
    assert set(k.topics) <= set(answers), "every topic has its answer in measures.yaml"


def test_compare_splits_a_list_written_with_commas():
    u = understand("compare Thornden, Toynbee and Wildern")
    assert u.intent == "compare" and u.schools == ["Thornden", "Toynbee", "Wildern"]


def test_every_phrase_in_the_knowledge_files_is_text():
    """YAML reads a bare on/yes/no as true/false and 2024 as a number: such a phrase never
    matches (so "on" was never a filler word). Every phrase must be a string."""
    def leaves(node, path):
        if isinstance(node, dict):
            for key, value in node.items():
                yield from leaves(value, f"{path}.{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from leaves(value, f"{path}[{i}]")
        else:
            yield path, node

    data = yaml.safe_load(INTENTS_FILE.read_text(encoding="utf-8"))
    odd = [(path, value) for path, value in leaves(data, "") if not isinstance(value, str)
           and not path.endswith(("max_len", "cutoff", ".yes_no"))]
    assert odd == []


# ---------------------------------------------------------------- slots: what exactly is asked
@pytest.mark.parametrize(
    "text, measure, years, trend",
    [
        ("glyn school progress 8 2017", "progress_8", ["2016/17"], False),
        ("Glyn School GCSEs 2016/17", None, ["2016/17"], False),
        ("what's their attainment 8 in 2016-17?", "attainment_8", ["2016/17"], False),
        ("how have Rosebery's GCSEs changed since 2017?", None, ["2016/17"], True),
        ("warlingham progress 8 in 2017 and 2018", "progress_8", ["2016/17", "2017/18"], True),
        ("is Glyn School getting better?", None, [], True),
        ("how well do poorer kids do at Glyn School", "disadvantaged", [], False),
        ("what share of pupils get free meals at Oxted School", "fsm", [], False),
        ("how many kids have English as a second language at Oxted School", "eal", [], False),
        ("has Oxted School got a 6th form?", "sixth_form", [], False),
        ("is it a grammar school?", "admissions_policy", [], False),
        ("where do Glyn School pupils go after year 11?", "destinations", [], False),
        ("Weydon grade 4 english and maths", "grade_4_em", [], False),
        ("percentage of strong passes at weydon", "grade_5_em", [], False),
        ("how did year 6 do at X in reading writing and maths", "ks2_expected", [], False),
        ("Tomlinscote ofsted", None, [], False),
    ],
)
def test_the_measure_years_and_trend_asked(text, measure, years, trend):
    slots = understand(text).slots()
    assert (slots["measure"], slots["years"], slots["trend"]) == (measure, years, trend)


def test_a_yes_no_question_about_a_measure_is_marked():
    assert understand("does Weydon have a sixth form?").yes_no
    assert understand("is Tiffin a girls school").yes_no
    assert not understand("Weydon sixth form results").yes_no


@pytest.mark.parametrize("text, measure", [
    ("is Tring School church of england?", "religious_character"),
    ("is riders infant a church school", "religious_character"),
    ("is st marys a catholic school or not", "religious_character"),
    ("is St John the Baptist CofE Primary any good?", None),  # the faith is the name's
    ("is St Joseph's Catholic Primary School ofsted outstanding", None),
])
def test_a_faith_asked_of_a_school_is_its_religious_character(text, measure):
    assert understand(text).measure == measure


@pytest.mark.parametrize(
    "text, intents",
    [
        ("Oxted School ofsted + sats please", ["inspection", "results"]),
        ("weydon gcse results and phone number", ["results", "contact"]),
        ("how many pupils get grade 5 at weydon", ["results"]),  # one question, not two
        ("weydon ofsted", ["inspection"]),
    ],
)
def test_every_intent_of_a_question_with_several(text, intents):
    assert understand(text).intents == intents


@pytest.mark.parametrize(
    "text, rating, op",
    [
        ("inadequate schools in Surrey", "inadequate", "exactly"),
        ("schools rated outstanding near GU15", "outstanding", "exactly"),
        ("good schools near GU15", "good", "at_least"),
        ("good or outstanding primaries near GU15", "good", "at_least"),
        ("requires improvement or worse secondaries in Hampshire", "requires improvement", "at_most"),
        ("special measures schools in Surrey", "inadequate", "exactly"),
    ],
)
def test_a_grade_filter_reads_exactly_at_least_or_at_most(text, rating, op):
    u = understand(text)
    assert u.intent == "nearby" and u.slots()["filters"]["rating"] == {"value": rating, "op": op}


def test_counts_and_places_that_are_times():
    assert understand("how many primaries in Hampshire?").count
    u = understand("we're moving to farnham in spring - what primary schools are there")
    assert "spring" not in (u.place or "").lower()
    assert understand("schools in Southend").place == "southend-on-sea"


@pytest.mark.parametrize("text", ["is Bohunt any good or not", "is Glyn School getting better or worse",
                                  "lymington junior sats - up or down?"])
def test_or_in_a_set_phrase_compares_nothing(text):
    assert understand(text).intent != "compare"


def test_the_school_words_are_offered_as_spans_best_first():
    u = understand("weydon results?? asap thx")
    assert u.spans[0].startswith("weydon")
    assert understand("is ur data up to date").coverage


AREA_ASKS = [  # an admissions or results question about an area, not a request for its schools
    ("how do i apply for a {phase} school in {area}", "admissions"),
    ("when are {phase} school applications due in {area}?", "admissions"),
    ("what percentage of families in {area} get their first preference {phase} school", "admissions"),
    ("whats the deadline for {phase} school place in {area} pls", "admissions"),
]
LISTS = ["outstanding {phase} school in {area}", "{phase} schools in {area}", "good {phase} schools near {area}"]


@pytest.mark.parametrize("area", ["Kent", "Surrey", "Hampshire", "Leeds"])
@pytest.mark.parametrize("phase", ["primary", "secondary"])
def test_an_area_admissions_question_is_not_a_list_of_its_schools(area, phase):
    for template, intent in AREA_ASKS:
        u = understand(template.format(area=area, phase=phase))
        assert u.intent == intent, template
    for template in LISTS:
        assert understand(template.format(area=area, phase=phase)).intent == "nearby", template


@pytest.mark.parametrize("opening", ["soz", "ok so", "hang on,", "actually", "erm", ""])
@pytest.mark.parametrize("question", ["what's an EHC plan", "what does progress 8 mean", "what is a sen unit exactly",
                                      "what is the difference between an academy and an ordinary school"])
def test_an_explain_question_after_an_opening_word_is_still_explain(opening, question):
    u = understand(f"{opening} {question}".strip())
    assert (u.intent, u.school_text) == ("explain", ""), u


@pytest.mark.parametrize("text, measure", [
    ("pupil premium results at Oakfield", "disadvantaged"), ("how do poorer kids get on at Oakfield", "disadvantaged"),
    ("Oakfield disadvantaged progress 8", "disadvantaged"), ("what do kids from Oakfield do after gcse", "destinations"),
    ("how many children with send at Oakfield", "sen"), ("is Oakfield oversubscribed?", "first_preference"),
])
def test_parents_words_for_a_measure_ask_that_measure_alone(text, measure):
    u = understand(text)
    assert u.measure == measure and u.intents == [load_knowledge().measure_intent[measure]], u


@pytest.mark.parametrize("need", ["an ehcp for autism", "send", "an ehcp for speech and language", "sen"])
@pytest.mark.parametrize("ask", ["does Oakfield have a base for that", "has Oakfield got a unit for that",
                                 "is there a unit for that at Oakfield"])
def test_a_child_s_needs_then_a_unit_or_base_asks_about_the_provision(need, ask):
    assert understand(f"my son has {need} - {ask}").measure == "sen_provision"
