"""The core: question text -> understanding -> matching -> records -> answer, with context.

`Schoolbot` is the one object every interface (CLI, terminal chat, Telegram, JSON) talks to.
It never imports Telegram. Conversation state lives in the database (see bot.context), so
several bot instances behave as one.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from time import perf_counter

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from bot import answers, records, startup_cache
from bot.answer import Answer
from bot.context import ContextStore, State
from bot.db import checkpoint_in_background
from bot.knowledge_files import knowledge
from bot.questionlog import privacy_terms
from bot.questionlog.desk import Desk
from bot.questionlog.local_answers import LocalAnswers
from bot.render import say
from bot.sanitise import clean
from bot.settings import Settings, get_settings
from bot.understanding import Understanding, understand
from bot.understanding.acronyms import expansions
from bot.understanding.english import is_common, is_rare
from bot.understanding.knowledge import load_knowledge
from bot.understanding.matcher import MARGIN, MatchResult
from bot.understanding.mentions import Mention, resolve
from bot.understanding.names import literal_tokens

logger = logging.getLogger(__name__)

MAX_QUESTION_CHARS = 500
LOCATION_QUESTION = "[shared location]"  # what the question log keeps of "schools near me"
SCHOOL_INTENTS = ("overview", "inspection", "results", "pupils", "contact", "admissions")
CARD_FOLLOW_UPS = ["inspection", "results", "pupils", "contact", "compare"]


class Schoolbot:
    """Answers questions about schools from the records in `engine`."""

    def __init__(self, engine: Engine, settings: Settings | None = None, *, log: bool = True,
                 warm: bool = True) -> None:
        """`warm`: make every first answer fast (a process that answers many questions); off,
        what one answer needs is loaded when it needs it (`schoolbot ask QUESTION`)."""
        self.engine = engine
        checkpoint_in_background(engine)  # no SQLite checkpoint stalls an answer
        self.settings = settings or get_settings()
        # the name index, the records' caches and the English words: kept between runs
        loaded = startup_cache.load(engine, warm=warm)
        self.index, self.data_version = loaded.index, loaded.key
        self.context = ContextStore(engine, self.settings.log_hash_key)
        self.context.expire()  # conversation state is kept for 24 hours only
        self.log = _question_log(engine, self.settings) if log else None
        self.local_answers = LocalAnswers(engine)  # served after "not in open data"
        self.desk = Desk(engine, self.settings, self.local_answers)  # operators' /review and /answer
        if warm:
            answers.warm_up()  # load knowledge/ and compile templates now, not on the first question
            resolve(self.index, understand("is Weydon School any good").spans)  # and the mention layer
            expansions(self.index, "")  # and the table of schools' initials

    # ---- public API -------------------------------------------------------------------------

    def ask(self, text: str, chat: str | None = None, *, channel: str = "api",
            chat_type: str | None = None, user: str | None = None) -> Answer:
        """Answer one question; `chat` ties follow-ups together (any stable id of the conversation)."""
        text = clean(text)  # at most 4,096 characters, no control characters, before anything else
        return self._run(text, chat, channel, chat_type, user, lambda: self._answer(text, chat))

    def choose(self, chat: str | None, urn: int, *, channel: str = "api",
               chat_type: str | None = None, user: str | None = None) -> Answer:
        """The school picked from a clarification (a button, or a number in the terminal)."""
        def run() -> Answer:
            state = self.context.load(chat)
            intent = state.pending_intent or "overview"
            return self._for_schools(chat, state, intent, [*state.pending_others, urn],
                                     key_stage=state.pending_key_stage)
        return self._run(f"[choice {urn}]", chat, channel, chat_type, user, run)

    def follow_up(self, chat: str | None, urn: int, intent: str, *, channel: str = "api",
                  chat_type: str | None = None, user: str | None = None) -> Answer:
        """A follow-up button on a school card (Ofsted, Results, Pupils, Contact, Compare)."""
        def run() -> Answer:
            state = self.context.load(chat)
            if intent == "compare":
                state.schools = [urn]
                state.intent = "compare"
                self.context.save(chat, state)
                text, html = say("compare_with")
                return Answer(intent="compare", outcome="answered", schools=[urn], text=text, html=html)
            target = intent if intent in SCHOOL_INTENTS else "overview"
            return self._for_schools(chat, state, target, [urn])
        return self._run(f"[{intent} {urn}]", chat, channel, chat_type, user, run)

    def card(self, urn: int) -> Answer:
        """A school's overview card (deep links, inline results); not logged as a question."""
        answer = self._titled(answers.overview(self.engine, urn))
        if answer.outcome == "answered":
            answer.follow_ups = list(CARD_FOLLOW_UPS)
        return answer

    def notes(self, urns: list[int], intent: str) -> Answer:
        """The notes collapsed behind an answer's "Notes" button (not logged as a question)."""
        return self._titled(answers.notes_for(self.engine, urns, intent))

    def search(self, query: str, limit: int = 10, *, channel: str = "api",
               chat_type: str | None = None, user: str | None = None) -> list[Answer]:
        """Cards of the schools matching `query`, best first (inline mode); logged as one question."""
        started = perf_counter()
        query = _clean(query)
        if not query:
            return []
        u = understand(query)
        mention = resolve(self.index, u.spans or [query], place=u.place, limit=limit)
        result = mention.result if mention else None
        found = [] if result is None or result.decision == "none" else result.candidates[:limit]
        cards = [self.card(c.urn) for c in found]
        listed = Answer(intent="overview", text="", schools=[c.urn for c in found],
                        outcome="answered" if found else "not_found")
        self._log(query, listed, channel, chat_type, user, started)
        return cards

    def near(self, latitude: float, longitude: float, *, channel: str = "api",
             chat_type: str | None = None, user: str | None = None) -> Answer:
        """The schools nearest to a location the user shared ("schools near me"). The location
        is used for this answer only: the question log keeps the LA of the nearest school and
        no school, text or position; the conversation keeps nothing of it."""
        started = perf_counter()
        try:
            answer = answers.nearby(self.engine, None, point=(latitude, longitude))
        except Exception:
            logger.exception("error while answering a shared location")
            answer = Answer(intent="nearby", text=SORRY, html=_SORRY_HTML, outcome="error")
        la = None
        if answer.schools:
            with Session(self.engine) as session:
                first = records.school(session, answer.schools[0])
                la = first.la_code if first is not None else None
        logged = Answer(intent="nearby", text="", outcome=answer.outcome)  # no schools: they would place the user
        if self.log is not None:
            answer.question_id = self.log.record(
                text=LOCATION_QUESTION, answer=logged, channel=channel, chat_type=chat_type, user=user,
                latency_ms=(perf_counter() - started) * 1000, la_codes=[la])
        return answer

    def privacy(self) -> Answer:
        """What Schoolbot keeps about questions, for how long, and how to delete it."""
        return answers.privacy(**privacy_terms(self.settings))

    def feedback(self, question_id: str, useful: bool, comment: str | None = None) -> None:
        """👍 / 👎 on an answer, with an optional "what did you want to know?"."""
        comment = clean(comment) if comment is not None else None
        if self.log is not None:
            self.log.feedback(question_id, useful, comment)

    def forget(self, user: str, chat: str | None = None) -> int:
        """Delete everything logged from `user` and the conversation state of `chat`."""
        if chat is not None:
            self.context.forget(chat)
        return self.log.forget(user) if self.log is not None else 0

    def reload(self) -> bool:
        """Take in new records (a refresh, or `schoolbot fetch`/`ingest` run by another process):
        when the data version moved, build the new name index and fill the records' caches
        (call it from a worker thread), then swap the index in with one assignment, so answers
        meanwhile use the old one. True when swapped; a build that fails raises, and the old
        index stays."""
        version = startup_cache.cache_key(self.engine)
        if version == self.data_version:
            return False
        # Built here, not read from the kept file, and not written to it: pickling holds the
        # interpreter lock for long enough to stall answers (bot.refresh writes it elsewhere).
        with collector_paused():
            index, _ = startup_cache.build(self.engine, None, None, warm=True)
        old, self.index, self.data_version = self.index, index, version
        logger.info("records reloaded: a new name index of %d schools", len(index.records))
        retire(old)
        return True

    # ---- pipeline ---------------------------------------------------------------------------

    def _run(self, text, chat, channel, chat_type, user, produce) -> Answer:
        started = perf_counter()
        try:
            answer = produce()
        except Exception:
            logger.exception("error while answering")
            answer = Answer(intent="unknown", text=SORRY, html=_SORRY_HTML, outcome="error")
        answer = self._titled(answer)
        answer.question_id = self._log(text, answer, channel, chat_type, user, started)
        return answer

    def _titled(self, answer: Answer) -> Answer:
        """The finished answer: one about a single school, whose builder gave it no title, is
        titled with the school's name (a comparison or a list titles itself)."""
        if answer.title or len(answer.schools) != 1:
            return answer
        urn = answer.schools[0]
        if urn in self.index.records:
            answer.title = self.index.records[urn].name
        else:  # (not in the name index, e.g. added since it was built)
            with Session(self.engine) as session:
                row = records.school(session, urn)
            answer.title = row.name if row is not None else ""
        return answer

    def _log(self, text, answer: Answer, channel, chat_type, user, started: float) -> str | None:
        """Record the question (never raises; None when there is no log or it is down)."""
        if self.log is None:
            return None
        return self.log.record(text=text, answer=answer, channel=channel, chat_type=chat_type,
                               user=user, latency_ms=(perf_counter() - started) * 1000)

    def _answer(self, text: str, chat: str | None) -> Answer:
        text = _clean(text)
        if not text:
            return _not_understood(empty=True)
        state = self.context.load(chat)
        u = understand(text)
        answer = self._answer_understood(u, chat, state)
        answer.slots = u.slots()
        return answer

    def _answer_understood(self, u: Understanding, chat: str | None, state: State) -> Answer:
        if state.pending and not _new_question(u):
            picked = self._pick_pending(u, state)
            if picked is not None:
                return self._for_schools(chat, state, state.pending_intent or "overview",
                                         [*state.pending_others, picked],
                                         key_stage=state.pending_key_stage)
            if u.choice or "place_only" in u.follow_up:  # "the one in Epsom", but none is there
                answer = answers.clarify(self.engine, state.pending, query=state.pending_query,
                                         intent=state.pending_intent or "overview")
                place = u.place.title() if u.place and u.place.islower() else u.place
                _prefix(answer, say("none_of_those", place=place))
                return answer
        if "filters_only" in u.follow_up and state.nearby:  # "good secondaries near GU14" ... "what about primaries?"
            return self._nearby(replace(u, intent="nearby", place=state.nearby["place"],
                                        filters={**state.nearby["filters"], **u.said_filters},
                                        rating_op=u.rating_op or state.nearby.get("rating_op")), chat, state)
        if u.coverage and u.intent not in ("privacy", "nearby", "explain", "unanswerable", "compare"):
            mention = resolve(self.index, u.spans, place=u.place) if u.spans else None
            if mention is None or (mention.result.decision == "none" and not mention.names_school):
                return self._coverage(u)  # "is your data up to date?", "do you have Kent schools?"
        if (average := self._area_figures(u, state)) is not None:
            return average  # "what's the national average Attainment 8 for 2024?", "... in Surrey"
        if u.intent == "help":
            return answers.help()
        if u.intent == "privacy":
            return self.privacy()
        if u.intent == "explain" and u.measure and state.schools and not EXPLAIN_WORDS.search(u.text):
            u = replace(u, intent=load_knowledge().measure_intent[u.measure])  # "progress 8?" after a school
        if u.intent == "explain" and (not u.schools or resolve(self.index, u.spans or u.schools) is None):
            answer = answers.explain(u.term)  # "what is Progress 8?", "wat means NE"
            state.intent, state.term = "explain", u.term
            self.context.save(chat, state)
            return answer
        if u.intent == "unanswerable":
            return self._unanswerable(chat, state, u)
        if u.intent == "nearby":
            return self._nearby(u, chat, state)
        if u.intent == "admissions" and u.measure in AREA_MEASURES and "type" not in u.said_filters \
                and (la_answer := self._admissions_area(u)):  # not "grammar schools in Surrey?": schools
            return la_answer  # "chances of a first choice primary place in Hertfordshire?"
        if u.intent == "compare" or (state.intent == "compare" and len(state.schools) == 1
                                     and len(u.schools) == 1 and not u.explicit):
            return self._compare(chat, state, u)
        if u.intent == "unknown" and not u.schools:
            if (u.years or u.trend) and state.schools:  # "and in 2018?"
                return self._for_schools(chat, state, state.intent or "results", state.schools[:1],
                                         key_stage=state.key_stage, u=u)
            return _not_understood()
        intent = self._intent_in_context(u, state)
        if not u.schools:
            if state.schools:
                return self._for_schools(chat, state, intent, state.schools[:1],
                                         key_stage=u.key_stage or state.key_stage, u=u)
            if intent == "admissions":  # "when do I apply for a primary school place?"
                return _general_admissions()
            return _asking(intent, "which_school")
        mention = self._mention(u, state)
        if mention is None or (mention.result.decision == "none" and _refers_back(u)
                               and not mention.names_school):
            if state.schools and (u.explicit or _refers_back(u)):  # "is it wheelchair friendly?"
                return self._for_schools(chat, state, intent, state.schools[:1], key_stage=u.key_stage, u=u)
            if mention is None:  # no word of it can name a school
                place = self._named_place(u)
                if place is not None:  # "Leeds schools", "leeds secondaries any good?"
                    return self._nearby(replace(u, intent="nearby", place=place, filters=u.said_filters),
                                        chat, state)
                if (name := _unknown_name(u)) is not None:  # "hogwarts ofsted": a name, of no school
                    return answers.not_found(name, intent=intent, place=u.place)
                if intent == "admissions":  # "how do appeals work?": ordinary words, no school
                    return _general_admissions()
                return _not_understood()  # "what's the traffic like in Woking"

        result = mention.result
        if result.decision == "none" and not mention.distinctive and (place := self._named_place(u)):
            return self._nearby(replace(u, intent="nearby", place=place, filters=u.said_filters), chat, state)
        if result.decision == "none" and not u.explicit and not SCHOOL_WORDS.search(u.text):
            return _not_understood()  # neither a question we know nor anything like a school's name
        return self._resolved(chat, state, intent, [], result, u)

    def _mention(self, u: Understanding, state: State) -> Mention | None:
        """The school the question names; a name that fits several schools is read in the area
        of the conversation first (its town, then its LA) when the question names no place."""
        phase = u.filters.get("phase")
        mention = resolve(self.index, u.spans or u.schools, place=u.place, phase=phase)
        if mention is None or mention.result.decision != "ambiguous" or u.place:
            return mention
        best = mention.result.candidates[0].score if mention.result.candidates else 100.0
        for area in state.areas:
            there = self.index.match(mention.query, place=area, phase=phase)
            if there.place_matched and there.decision != "none" \
                    and there.candidates[0].score >= best - MARGIN:  # one of those it fits, not a look-alike
                return replace(mention, result=there)
        return mention

    def _resolved(self, chat, state: State, intent: str, known: list[int], result: MatchResult,
                  u: Understanding) -> Answer:
        """Answer, ask which school, or say not found, from one match result."""
        if result.decision == "unique":
            chosen = result.candidates[0]
            if chosen.via_predecessor and self._held_then(chosen.via_predecessor, intent, u):
                chosen = replace(chosen, urn=chosen.via_predecessor, via_predecessor=None)  # its own year
            answer = self._for_schools(chat, state, intent, [*known, chosen.urn], key_stage=u.key_stage, u=u)
            answer.confidence = round(chosen.score / 100, 3)
            if chosen.via_predecessor:
                with Session(self.engine) as session:
                    closed = records.school(session, chosen.via_predecessor)
                _prefix(answer, say("replaced", name=chosen.name, closed=closed.name if closed else None,
                                    on=f"{closed.close_date:%-d %B %Y}" if closed and closed.close_date else None))
            return answer
        if result.decision == "ambiguous" and (held := self._with_results(result, u)) is not None:
            return self._resolved(chat, state, intent, known, held, u)  # "Sandringham GCSEs": not the infants
        if result.decision == "ambiguous":
            urns = [c.urn for c in result.candidates]
            state.pending, state.pending_intent, state.pending_query = urns, intent, result.query
            state.pending_key_stage, state.pending_others = u.key_stage, known
            self.context.save(chat, state)
            answer = answers.clarify(self.engine, urns, query=result.query, intent=intent)
            answer.confidence = round(result.candidates[0].score / 100, 3) if result.candidates else None
            return answer
        return answers.not_found(result.query or " ".join(u.schools), intent=intent, place=u.place)

    def _with_results(self, result: MatchResult, u: Understanding) -> MatchResult | None:
        """Of the schools a name fits, those whose phase can have the key stage's results asked
        ("Sandringham GCSEs": not the infant school), when that leaves fewer: one (then unique)
        or the choice among them; None when it asks no key stage or that leaves all or none. By
        phase, not by the figures held: the records hold results for some areas only."""
        if u.key_stage not in KEY_STAGE_NOT_IN or u.intent not in ("results", "compare") \
                or (result.total or 0) > len(result.candidates) or len(result.candidates) < 2:
            return None  # not when more schools fit than were offered (40 St Mary's)
        kept = [c for c in result.candidates if (c.phase or "") not in KEY_STAGE_NOT_IN[u.key_stage]
                and not (u.key_stage == "ks2" and "infant" in literal_tokens(c.name))]
        if not kept or len(kept) == len(result.candidates):
            return None
        return replace(result, decision="unique" if len(kept) == 1 else "ambiguous", candidates=kept,
                       total=len(kept))

    def _held_then(self, urn: int, intent: str, u: Understanding) -> bool:
        """Whether a closed school itself answers: it has results of its own in a year the question
        names ("Fernhill School GCSE results 2018"), or the question asks whether it is open."""
        if intent == "overview" and OPEN_OR_CLOSED.search(u.text):
            return True  # "is Fernhill School still open?": its own card says when it closed
        if not u.years or intent != "results":
            return False
        slots = knowledge("measures")["slots"]
        headline = {m for spec in slots.values() if spec.get("key_stage") in ("ks2", "ks4") for m in spec["measures"]}
        stages = [u.key_stage] if u.key_stage else ["ks2", "ks4", "ks5"]
        with Session(self.engine) as session:
            return any(f.year in u.years for f in records.school_figures(session, [urn], stages, headline))

    def _for_schools(self, chat, state: State, intent: str, urns: list[int], *,
                     key_stage: str | None = None, u: Understanding | None = None) -> Answer:
        """Build the answer for resolved schools and remember them for follow-ups. The slots of
        `u` (measure, years, trend) say what exactly to answer; a follow-up that names no
        measure ("and in 2018?", "and Weydon?") asks the conversation's again."""
        measure, years, trend = (u.measure, u.years, u.trend) if u else (None, [], False)
        if u and not u.measure and not u.explicit and state.measure and intent == state.intent:
            measure = state.measure
        asked = [i for i in (u.intents if u else []) if i in SCHOOL_INTENTS]
        if len(urns) == 1 and len(asked) > 1 and intent in asked:  # "X ofsted + sats please"
            answer = answers.combined([self._one(i, urns[0], key_stage, measure if i == intent else None,
                                                 years, trend) for i in asked])
        elif intent == "compare" or len(urns) > 1:
            answer = answers.compare(self.engine, urns, key_stage=key_stage, measure=measure, years=years)
        else:
            answer = self._one(intent, urns[0], key_stage, measure, years, trend)
        if answer.outcome == "answered":
            if len(urns) == 1 and not answer.follow_ups:
                answer.follow_ups = [i for i in CARD_FOLLOW_UPS if i != intent]
            if state.schools and state.schools != urns:
                state.previous = state.schools[:1]
            state.schools, state.intent, state.key_stage = urns, answer.intent, key_stage
            state.measure, state.years = measure, list(years)
            state.areas = self._areas(urns)
            state.pending, state.pending_intent, state.pending_key_stage = [], None, None
            state.pending_others, state.pending_query = [], None
            state.nearby = None  # a question about schools: "and girls?" no longer changes a list
            self.context.save(chat, state)
        return answer

    def _one(self, intent: str, urn: int, key_stage: str | None, measure: str | None, years: list[int],
             trend: bool) -> Answer:
        """One school's answer for one intent, with what exactly was asked."""
        if intent == "results":
            return answers.results(self.engine, urn, key_stage, measure=measure, years=years, trend=trend)
        if intent == "admissions":  # the intake year asked ("last distance offered in 2018")
            return answers.admissions(self.engine, urn, measure=measure, years=years)
        if intent in ("pupils", "inspection", "contact"):
            return answers.BUILDERS[intent](self.engine, urn, measure=measure)
        return answers.BUILDERS["overview"](self.engine, urn)

    def _areas(self, urns: list[int]) -> list[str]:
        """The towns, then the LAs, of these schools: where a later bare name is read first."""
        found = [self.index.records[urn] for urn in urns if urn in self.index.records]
        return list(dict.fromkeys([*(r.town for r in found if r.town), *(r.la_name for r in found if r.la_name)]))

    def _pick_pending(self, u: Understanding, state: State) -> int | None:
        """A reply to "which school?": "the second one", "the one in Epsom", "the girls' school"."""
        if u.choice and 1 <= u.choice <= len(state.pending):
            return state.pending[u.choice - 1]
        if u.place and state.pending_query:
            result = self.index.match(state.pending_query, place=u.place)
            if result.decision == "unique" and result.place_matched:
                return result.candidates[0].urn
        words = _descriptor_words(u.text)
        if not words:
            return None
        with Session(self.engine) as session:
            pending = records.schools(session, state.pending)
        fitting = [urn for urn in state.pending if urn in pending
                   and _describes(words, f"{pending[urn].name} {pending[urn].town or ''}")]
        return fitting[0] if len(fitting) == 1 else None

    def _intent_in_context(self, u: Understanding, state: State) -> str:
        """The intent, where a follow-up ("and Weydon?", "what about for Glyn?") repeats the
        previous question; a bare name alone is a new question, answered as in a new chat."""
        again = bool(u.follow_up) or u.pronoun
        if not u.explicit and again and state.intent == "explain" and state.term:
            return load_knowledge().term_intent.get(state.term, "overview")  # "what is it for X?"
        if not u.explicit and state.intent in SCHOOL_INTENTS and "same_question" in u.follow_up:
            return state.intent
        return u.intent if u.intent in SCHOOL_INTENTS else "overview"

    def _compare(self, chat, state: State, u: Understanding) -> Answer:
        mentions = [m.query for part in u.schools
                    if (m := resolve(self.index, [part], place=u.place)) is not None]
        with_context = bool(state.schools) and ("compare_with_previous" in u.follow_up or _refers_back(u)
                                                or (state.intent == "compare" and len(state.schools) == 1))
        if len(mentions) < 2 and u.intent == "compare" and (u.average or (
                not with_context and not EXPLICIT_COMPARE.search(u.text))):
            # "Weydon's Progress 8 compared to the national average": one school's figure,
            # with England's; "is Bohunt any good or not", "better or worse": not a comparison
            single = understand(u.text, compare=False)
            if single.intent != "compare":
                return self._answer_understood(single, chat, state)
        known: list[int] = []
        if ("compare_with_previous" in u.follow_up or _refers_back(u) or len(mentions) < 2) and state.schools:
            known = state.schools[:1]
        if not mentions:
            if len(state.schools) >= 2:
                return self._for_schools(chat, state, "compare", state.schools, key_stage=u.key_stage, u=u)
            if state.schools and state.previous:  # "compare them": the last two schools asked about
                return self._for_schools(chat, state, "compare", [*state.previous, *state.schools[:1]], u=u,
                                         key_stage=u.key_stage)
            return _asking("compare", "which_two")
        results = self._compare_matches(mentions, u.place, known)
        for result in results:
            if result.decision != "unique":
                return self._resolved(chat, state, "compare", known, result, u)
            known.append(result.candidates[0].urn)
        known = list(dict.fromkeys(known))
        if len(known) < 2:
            return _asking("compare", "which_two", schools=known)
        return self._for_schools(chat, state, "compare", known, key_stage=u.key_stage, u=u)

    def _compare_matches(self, mentions: list[str], place: str | None,
                         known: list[int]) -> list[MatchResult]:
        """Match each school of a comparison. A place after a name, that names no one school,
        is that name's place ("The Priory School, Hitchin"); a name that fits several schools
        is read in the town, then the LA, of the other schools: the one there ("Henry Beaufort
        or Kings'"), or the choice among those there."""
        pairs: list[tuple[str, str | None]] = []
        for mention in mentions:
            if pairs and pairs[-1][1] is None and len(mention.split()) <= 3 \
                    and self.index.is_place(mention) and self.index.match(mention).decision != "unique":
                pairs[-1] = (pairs[-1][0], mention)
            else:
                pairs.append((mention, None))
        results = [self.index.match(m, place=p or place) for m, p in pairs]
        named = known + [r.candidates[0].urn for r in results if r.decision == "unique"]
        resolved = [self.index.records[urn] for urn in named if urn in self.index.records]
        areas = list(dict.fromkeys([*(r.town for r in resolved if r.town),
                                    *(r.la_name for r in resolved if r.la_name)]))  # town first
        for i, result in enumerate(results):
            if result.decision != "ambiguous" or pairs[i][1] or place:
                continue
            for area in areas:
                there = self.index.match(pairs[i][0], place=area)
                if there.place_matched and not (  # the one there (not one already named) ...
                        there.decision == "unique" and there.candidates[0].urn in named):
                    results[i] = there  # ... or the choice among those there
                    break
        if not named and not place and len(results) >= 2 and all(r.decision == "ambiguous" for r in results):
            results = self._in_a_shared_area(pairs, results)
        return results

    def _in_a_shared_area(self, pairs: list[tuple[str, str | None]],
                          results: list[MatchResult]) -> list[MatchResult]:
        """Names that each fit several schools, compared ("Beaumont vs Sandringham"): the one
        school of each in a town, else an LA, that all of them share, when there is exactly one
        such area; otherwise the choices as they were."""
        for level in ("town", "la_name"):
            areas = {getattr(c, level) for c in results[0].candidates if getattr(c, level)}
            fits = []
            for area in sorted(areas):
                there = [self.index.match(m, place=p or area) for m, p in pairs]
                if all(t.place_matched and t.decision == "unique" for t in there) \
                        and len({t.candidates[0].urn for t in there}) == len(there):
                    fits.append(there)
            if len(fits) == 1:
                return fits[0]
        return results

    def _named_place(self, u: Understanding) -> str | None:
        """The place a question without a school names, when it asks about schools there
        ("Leeds schools"): a town, locality or LA of the records, or an LA or a place outside
        England they know by name."""
        if not PLURAL_SCHOOLS.search(u.text) and not u.filters.get("phase"):
            return None
        for words in [*u.spans, u.place]:
            words = " ".join(w for w in (words or "").split() if w.lower() not in KIND_WORDS)
            if not words:
                continue
            if answers.outside_england(words) is not None:
                return words
            with Session(self.engine) as session:
                if records.place_kind(session, words) is not None or any(
                        n.lower() == words.strip().lower() for n in records.coverage(session).la_names.values()):
                    return words
        return None

    def _coverage(self, u: Understanding) -> Answer:
        """What the records hold, for the local authority the question names (if any)."""
        for words in [u.place, *u.spans]:
            if words and (outside := answers.outside_england(words)) is not None:
                return outside
        with Session(self.engine) as session:
            names = {n.lower(): n for n in records.coverage(session).la_names.values()}
        said = " ".join(w for w in [u.place or "", *u.spans] if w).lower()
        area = next((names[n] for n in sorted(names, key=len, reverse=True)
                     if re.search(rf"\b{re.escape(n)}\b", said)), None)
        return answers.coverage(self.engine, area)

    def _nearby(self, u: Understanding, chat: str | None, state: State) -> Answer:
        """Schools near or in a place; the place is then the conversation's area, where a later
        name is read first ("and St Peter's?")."""
        if not u.place:
            return _asking("nearby", "where")
        outside = answers.outside_england(u.place)
        if outside is not None:  # "schools in Cardiff"
            return outside
        f = u.filters
        answer = answers.nearby(self.engine, u.place, phase=f.get("phase"), type_group=f.get("type"),
                                faith=f.get("faith"), rating=f.get("rating"), rating_op=u.rating_op,
                                gender=f.get("gender"), provision=f.get("provision"), need=f.get("need"),
                                count=u.count)
        if answer.outcome == "not_found" or not answer.schools:
            with Session(self.engine) as session:
                kind = records.place_kind(session, u.place)
                la = next((n for n in records.coverage(session).la_names.values()
                           if n.lower() == u.place.strip().lower()), None)
            holds_any = kind == "la" and answers.nearby(self.engine, u.place, phase=f.get("phase")).schools
            if la is not None and not holds_any:  # no such schools there in the records: say what is
                return answers.coverage(self.engine, la)
        if RANKING_WORDS.search(u.text) and answer.outcome == "answered":
            _prefix(answer, say("no_ranking"))
            answer.caveats.append("no_ranking")
        if answer.schools:
            state.nearby = {"place": u.place, "filters": dict(f), "rating_op": u.rating_op}
            state.areas = [u.place, *self._areas(answer.schools[:1])]
            state.pending, state.pending_intent, state.pending_others, state.pending_query = [], None, [], None
            self.context.save(chat, state)
        return answer

    def _admissions_area(self, u: Understanding) -> Answer | None:
        """An admissions question about a local authority rather than a school ("first preference
        offers in Surrey"): its applications and offers figures; None when it names no LA, or
        names a school there ("last distance at St Mary's in Surrey")."""
        with Session(self.engine) as session:
            la = records.la_named(session, " ".join([u.place or "", *u.spans]))
        if la is None:
            return None
        mention = resolve(self.index, u.spans, place=u.place) if u.spans else None
        if mention is not None and mention.result.decision != "none" and (mention.distinctive or mention.names_school):
            return None
        phase = u.said_filters.get("phase")
        return answers.admissions_area(self.engine, *la, phase=PHASE_OF_ENTRY.get(phase, phase) if phase is not None else None,
                                       years=u.years, trend=u.trend, lead=u.measure)

    def _area_figures(self, u: Understanding, state: State) -> Answer | None:
        """A figure asked of England or of an LA, with no school named ("national average
        Attainment 8", "how does Surrey do at GCSE compared to the national average?", "% of
        children in England getting grade 5"): the England figure, and the LA's; None when the
        question names a school, leans on the conversation's, or asks no such figure."""
        measure = u.measure or AREA_DEFAULT_MEASURE.get(u.key_stage or "")
        if measure is None or u.intent == "nearby" or (state.schools and (u.pronoun or _refers_back(u))):
            return None  # "schools in Hampshire with a hearing impairment unit": a list
        words = [w for w in [u.place, *u.spans, *u.schools] if w]
        if any(resolve(self.index, [w]) is not None for w in [*u.spans, *u.schools]
               if not ENGLAND.fullmatch(w.strip())):
            return None  # "Weydon's Progress 8 against the national average"
        with Session(self.engine) as session:
            la = records.la_named(session, " ".join(words)) if words else None
        results = load_knowledge().measure_intent.get(measure) == "results"
        if not (u.average or (results and (la is not None or ENGLAND.search(u.text)))):
            return None
        return answers.average(self.engine, measure, la_name=la[1] if la else None, years=u.years)

    def _unanswerable(self, chat, state: State, u: Understanding) -> Answer:
        """What open data cannot tell, about the school named (or, for "is it hard to get in?",
        the school of the conversation), which the answer lists and the conversation keeps."""
        urn = None
        mention = resolve(self.index, u.spans, place=u.place) if u.spans else None
        if mention is not None:
            urn = mention.result.candidates[0].urn if mention.result.decision == "unique" else None
        elif _refers_back(u) and state.schools:
            urn = state.schools[0]
        record = self.index.records.get(urn) if urn is not None else None
        # what the people responsible answer, for this school, its LA or the place's LA
        local, la = self.local_answers.lookup(u.topic, urn=record.urn if record else None,
                                              place=u.place, text=u.text)
        answer = answers.unanswerable(u.topic, record.name if record else None, local=local)
        answer.la_code = la if record is None else None
        if record is not None:
            answer.schools = [record.urn]
            state.schools, state.intent = [record.urn], "overview"
            self.context.save(chat, state)
        return answer


KEY_STAGE_NOT_IN = {  # the phases that have no results of a key stage
    "ks2": ("Secondary", "16 plus", "Nursery"),
    "ks4": ("Primary", "Nursery", "Middle deemed primary"),
    "ks5": ("Primary", "Nursery", "Middle deemed primary"),
}
OPEN_OR_CLOSED = re.compile(r"\b(still open|open still|closed?|closing|shut|happened to|bec[oa]me of|merged?|renamed|replaced)\b",
                            re.IGNORECASE)  # "what happened to X?": the closed school's own card
NAME_ONLY_INTENTS = ("inspection", "results", "admissions", "contact")  # asked only of a school
GENERAL_ADMISSIONS = "admissions_dates"  # the knowledge/measures.yaml term for applying in general
PHASE_OF_ENTRY = {"infant": "primary", "junior": "primary", "nursery": "primary"}  # admissions phases
AREA_DEFAULT_MEASURE = {"ks4": "attainment_8", "ks2": "ks2_expected"}  # "how does Surrey do at GCSE?"
ENGLAND = re.compile(r"\b(england|national(ly)?|the country)\b", re.IGNORECASE)
AREA_MEASURES = (None, "first_preference", "last_distance")  # what an LA's admissions figures answer
KIND_WORDS = {"primary", "secondary", "infant", "junior", "nursery", "special", "grammar", "independent",
              "private", "state", "faith", "catholic", "girls", "boys", "high", "schools", "school"}
PLURAL_SCHOOLS = re.compile(r"\b(schools|primaries|secondaries|academies|colleges)\b", re.IGNORECASE)
EXPLAIN_WORDS = re.compile(r"\b(what|whats|mean|means|meaning|explain|define|definition|stand for|stands for)\b",
                           re.IGNORECASE)
EXPLICIT_COMPARE = re.compile(r"\b(compare|comparison|compared|vs|versus|v)\b", re.IGNORECASE)
RANKING_WORDS = re.compile(r"\b(best|top|league tables?|rank(ed|ing|ings)?|number one)\b", re.IGNORECASE)


SCHOOL_WORDS = re.compile(
    r"\b(school|academy|college|primary|infant|junior|secondary|high|grammar|nursery|st|saint"
    r"|cofe|catholic|church|community|free|sixth|prep|preparatory|middle|upper|lower|federation)\b",
    re.IGNORECASE)
NOT_DESCRIPTIVE = {"the", "one", "a", "an", "school", "that", "this", "please", "in", "at", "of",
                   "i", "mean", "meant", "it", "its", "is", "for", "yes", "no", "ok", "thanks"}


def _descriptor_words(text: str) -> list[str]:
    """The words of a reply that could tell apart the schools offered ("the girls' school")."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("'", ""))
    return [w for w in words if w not in NOT_DESCRIPTIVE]


def _describes(words: list[str], name: str) -> bool:
    """True when every word starts a word of the school's name and town."""
    have = re.findall(r"[a-z0-9]+", name.lower().replace("'", "").replace("’", ""))
    return all(any(h.startswith(w) for h in have) for w in words)


NEW_QUESTION_INTENTS = {"nearby", "explain", "compare", "help", "privacy", "unanswerable"}


def _new_question(u: Understanding) -> bool:
    """A complete question, not a reply to "which school?": it asks something of its own
    ("infant schools near GU16", "what is Progress 8?") or names a school with what it asks."""
    return u.intent in NEW_QUESTION_INTENTS or (u.explicit and bool(u.spans))


def _unknown_name(u: Understanding) -> str | None:
    """The words of a question that asks a school's Ofsted, results, admissions or contacts and
    names it only with rare words ("hogwarts ofsted"): the name of a school not in the records;
    None when its words are everyday English ("ofsted for my area")."""
    if not u.explicit or u.intent not in NAME_ONLY_INTENTS or not u.spans or u.pronoun:
        return None
    words = re.findall(r"[a-z]+", u.spans[0].lower())
    if not words or len(words) > 3 or not all(is_rare(w) or not is_common(w) for w in words):
        return None
    return u.spans[0]


def _refers_back(u: Understanding) -> bool:
    return bool({"pronoun", "intent_only", "same_question", "compare_with_previous"} & set(u.follow_up))


def _prefix(answer: Answer, note: tuple[str, str]) -> None:
    """Put a note (plain text, HTML: as `say` gives it) before an answer."""
    text, html = note
    answer.text, answer.html = f"{text}\n\n{answer.text}", f"{html}\n\n{answer.html}"


def _clean(text: str | None) -> str:
    """A question cut and cleaned (bot.sanitise), its white space folded, cut to a sane length."""
    return " ".join(clean(text).split())[:MAX_QUESTION_CHARS]


def _asking(intent: str, key: str, **fields) -> Answer:
    """Schoolbot's own sentence `key` (knowledge/messages.yaml) asking for what it needs to answer."""
    text, html = say(key)
    return Answer(intent=intent, outcome="not_understood", text=text, html=html, **fields)


def _general_admissions() -> Answer:
    """How and when to apply for a place, for an admissions question that names no school."""
    answer = answers.explain(GENERAL_ADMISSIONS)
    answer.intent = "admissions"
    return answer


def _not_understood(*, empty: bool = False) -> Answer:
    """What Schoolbot answers and how to ask it (after "You sent an empty message." when `empty`)."""
    text, html = say("not_understood", empty=empty)
    return Answer(intent="unknown", outcome="not_understood", text=text, html=html)


SORRY, _SORRY_HTML = say("sorry")


RETIRE_AFTER = 60.0  # seconds an index swapped out stays whole, for the answers still using it


def retire(index) -> None:
    """Free an index swapped out, RETIRE_AFTER seconds on: its memory was frozen at start-up
    (`settle_heap`), where no collection finds its reference cycles, so they are broken here."""
    timer = threading.Timer(RETIRE_AFTER, vars(index).clear)
    timer.daemon = True
    timer.start()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No cyclic garbage collection in the block (start-up makes a million objects, and hardly
    any garbage); after it, or once `settle_heap` has run, what it made is frozen (as by
    `settle_heap`: no collection looks at it again) and the collector is on."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled and not gc.isenabled():
            settle_heap()


def settle_heap() -> None:
    """For long-running processes, after start-up: move the start-up objects (the school index)
    out of the garbage collector's way (frozen: no collection looks at them again), so a full
    collection does not stall an answer; the collector is on after it."""
    gc.freeze()
    gc.enable()


def _question_log(engine: Engine, settings: Settings):
    """The question log, purged to its retention window; None if it cannot start. A database
    that is down at start-up does not stop it: questions wait in its spool meanwhile."""
    try:
        from bot.questionlog import QuestionLog

        qlog = QuestionLog(engine, settings)
    except Exception:
        logger.exception("question log unavailable; answering without logging")
        return None
    try:
        qlog.purge()
    except Exception as exc:
        logger.error("question log: retention purge failed (%s); questions are spooled until "
                     "the database is back", exc.__class__.__name__)
    return qlog
