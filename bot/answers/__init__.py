"""Answer builders: from records to honest answers (figures only from records, words from knowledge/).

Every builder returns `bot.answer.Answer`. `db` is a SQLAlchemy Session or an Engine (a short
read-only session is opened); `today` (default date.today()) drives the age rules. A URN that is
not in the records gives a `not_found` answer; missing data is said in words, never raised.

Every school answer says the answer first (a sentence with the figure, its year and comparison;
Yes or No to a yes/no question), then a few lines for the school's phase, the specific caveats
once (at most two), links to the school's DfE performance page and Ofsted reports, and the
source. General caveats are collapsed into Answer.notes ("notes" in follow_ups); Answer.caveats
lists every caveat id that applied. `measure` is an id of knowledge/measures.yaml `slots`
(progress_8, attainment_8, english_maths, grade_4_em, grade_5_em, ebacc, ks2_expected, ks2_higher,
ks2_progress, scaled_score, disadvantaged, fsm, sen, eal, pupil_numbers, capacity, sixth_form,
gender, religious_character, admissions_policy, destinations, absence, inspection_date,
age_range, headteacher, phone, website, address); any builder answers any of them, and an unknown
id gives the builder's plain answer. `years` are ending years (2019 = 2018/19).

    overview(db, urn, *, today=None)
        "is X any good": facts line, latest Ofsted (framework-aware), headline results, caveats
    inspection(db, urn, *, measure=None, today=None)
        latest inspection (report-card areas listed separately), later ungraded, earlier ones
    results(db, urn, key_stage=None, *, measure=None, years=None, trend=False, today=None)
        key_stage "ks2" | "ks4" | "ks5" | None (the school's phase); years: those years, or which
        years the records hold; trend: the measure (default: the phase's headline) over the years
    pupils(db, urn, *, measure=None, today=None)
        size (the newest count of pupils on roll held: GIAS, census, KS4/KS2 school information,
        with its year and source), ages, gender, faith, sixth form, FSM (GIAS); census and
        absence figures; measure sen: the SEN shares (census, else the end-of-KS4 cohort's) or
        that none are held, first
    contact(db, urn, *, measure=None, today=None)
        address, phone, website, head
    admissions(db, urn, *, measure=None, today=None)
        how and when to apply; a council's allocation figures (places, preferences, offers, last
        distance offered, offers by criterion: council figures, not DfE); the LA's share of
        first-preference offers for the school's phase; capacity vs pupils, policy, SEND
        provision; measure last_distance | first_preference leads with that (without figures
        for the school: that, and which schools the tables cover); catchment maps are not in
        open data
    admissions_area(db, la_code, la_name, *, phase=None, years=None, trend=False, today=None)
        an LA's share of families offered their first-preference school (primary, secondary or
        both; England's beside it), earlier years, how and when to apply; a chart when `trend`
    compare(db, urns, *, key_stage=None, measure=None, years=None, today=None)
        one line per measure, each school's figure and a verdict (overlapping CIs -> "not
        significantly different"); the detail in Answer.notes
    combined(answers)
        one answer for several intents: each part's answer first, then notes, links, follow-ups
    notes_for(db, urns, intent, *, measure=None, today=None)
        the collapsed notes of that answer, as an answer of their own (the "Notes" button)
    nearby(db, place, *, phase=None, type_group=None, faith=None, rating=None, provision=None,
           need=None, point=None, radius_km=5.0, limit=10)
        place: postcode district ("GU16", "gu16 8py"), town or LA name; point: (latitude,
        longitude) of a shared location instead (named nowhere in the answer); phase/type_group:
        substring ("primary", "academ"); faith=True: a religious character; rating: minimum
        single-word grade ("good" = Good or Outstanding); provision: resourced provision | sen
        unit | any; need: a GIAS type of need (SLCN, ASD, HI, ...). Distances from each school's
        own position (GIAS Easting/Northing). A rating filter names the schools nearby it left
        out for having no grade; when fewer than 3 fit a good-or-better filter, the others nearby
        are listed after them. Answer.schools: those that meet the filters; Answer.listed: every
        school listed, with labels (a button each). outcome "not_found" for an unknown place.
    chart_png(chart)
        Answer.chart (a trend's series) drawn as PNG bytes (matplotlib, Agg)
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
ofsted | postcodes | school_details | admissions | allocations; year "2023/24" for figures, the
extract date for GIAS, the intake years ("2018–2021") for a council's allocation tables.
Answer.chart: a trend answer's series (see bot.answers.chart); Answer.venue: where a school is,
for "where is X?" (name, address, latitude, longitude; only from its own GIAS position).
Answer.caveats: ids from bot/caveats.py (wording in knowledge/caveats.yaml).
"""

from bot.answers.admissions import area as admissions_area
from bot.answers.averages import average
from bot.answers.chart import chart_png
from bot.answers.combine import combined
from bot.answers.compare import compare
from bot.answers.coverage import coverage, outside_england
from bot.answers.nearby import nearby
from bot.answers.notes import notes_for
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
    "BUILDERS", "admissions", "admissions_area", "average", "chart_png", "clarify", "combined", "compare",
    "contact", "coverage", "explain", "help",
    "inspection", "nearby", "not_found", "notes_for", "outside_england", "overview", "privacy", "pupils",
    "results", "unanswerable", "warm_up",
]
