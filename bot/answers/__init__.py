"""Answer builders: from records to honest answers (figures only from records, words from knowledge/).

Every builder returns `bot.answer.Answer`. `db` is a SQLAlchemy Session or an Engine (a short
read-only session is opened); `today` (default date.today()) drives the age rules. A URN that is
not in the records gives a `not_found` answer; missing data is said in words, never raised.

    overview(db, urn, *, today=None)
        "is X any good": facts line, latest Ofsted (framework-aware), headline results, caveats
    inspection(db, urn, *, today=None)
        latest inspection (report-card areas listed separately), later ungraded, earlier ones
    results(db, urn, key_stage=None, *, today=None)
        key_stage "ks2" | "ks4" | "ks5" | None (the school's phase)
    pupils(db, urn, *, today=None)
        size, ages, gender, faith, sixth form, FSM (GIAS); census and absence figures
    contact(db, urn, *, today=None)
        address, phone, website, head
    admissions(db, urn, *, today=None)
        capacity vs pupils, policy, how and when to apply; catchment/chances not in open data
    compare(db, urns, *, key_stage=None, today=None)
        side by side; overlapping CIs -> overlapping_intervals; different_years
    nearby(db, place, *, phase=None, type_group=None, faith=None, rating=None, radius_km=5.0, limit=10)
        place: postcode district ("GU16", "gu16 8py"), town or LA name; phase/type_group: substring
        ("primary", "academ"); faith=True: a religious character; rating: minimum single-word
        grade ("good" = Good or Outstanding). outcome "not_found" for an unknown place.
    explain(term)
        term: an id of knowledge/intents.yaml `terms` or free words; Answer.topic = the term id;
        outcome "not_understood" when no explanation matches
    unanswerable(topic, school_name=None)
        topic: an id of knowledge/intents.yaml `topics` (or free words); outcome "unanswerable"
    help(), privacy(notice)
    warm_up()
        load knowledge/ and compile the templates (call once at start-up: the first answer is fast)
    not_found(query, *, intent="unknown", place=None)
        outcome "not_found"
    clarify(db, urns, *, query=None, intent="unknown")
        outcome "clarified"; clarify = urns found; choices labelled "Name — Town, phase"

Answer.sources: Source(kind, year, file) with kind ks2 | ks4 | ks5 | census | absence | gias |
ofsted | postcodes | school_details; year "2023/24" for figures, the extract date for GIAS.
Answer.caveats: ids from bot/caveats.py (wording in knowledge/caveats.yaml).
"""

from bot.answers.compare import compare
from bot.answers.coverage import coverage, outside_england
from bot.answers.nearby import nearby
from bot.answers.school import admissions, contact, inspection, overview, pupils, results
from bot.answers.static import clarify, explain, help, not_found, privacy, unanswerable
from bot.render import warm_up

BUILDERS = {
    "overview": overview,
    "inspection": inspection,
    "results": results,
    "pupils": pupils,
    "contact": contact,
    "admissions": admissions,
}

__all__ = [
    "BUILDERS", "admissions", "clarify", "compare", "contact", "coverage", "explain", "help", "inspection",
    "nearby", "not_found", "outside_england", "overview", "privacy", "pupils", "results", "unanswerable",
    "warm_up",
]
