"""The phrase tables of knowledge/intents.yaml, compiled once for fast lookup."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from bot.knowledge_files import knowledge, knowledge_path, read_yaml
from bot.understanding.text import fold, tokenize

INTENTS_FILE = knowledge_path("intents.yaml")

Label = tuple[str, str]  # (category, value), e.g. ("intent", "inspection"), ("term", "progress_8")


@dataclass
class Knowledge:
    """Phrases keyed by their word tuples; each phrase carries every label it signals."""

    semantic: dict[tuple[str, ...], list[Label]] = field(default_factory=lambda: defaultdict(list))
    markers: dict[tuple[str, ...], list[Label]] = field(default_factory=lambda: defaultdict(list))
    precedence: list[str] = field(default_factory=list)
    term_intent: dict[str, str] = field(default_factory=dict)
    term_key_stage: dict[str, str] = field(default_factory=dict)
    measure_intent: dict[str, str] = field(default_factory=dict)
    measure_key_stage: dict[str, str] = field(default_factory=dict)
    yes_no_measures: frozenset[str] = frozenset()
    rating_default: dict[str, str] = field(default_factory=dict)
    place_aliases: dict[str, str] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    separators: frozenset[tuple[str, ...]] = frozenset()
    name_words: frozenset[tuple[str, ...]] = frozenset()
    separators_text: frozenset[str] = frozenset()
    no_fuzzy: frozenset[str] = frozenset()
    fuzzy_vocab: list[str] = field(default_factory=list)
    known_words: frozenset[str] = frozenset()
    max_len: int = 1


def phrase_key(phrase: str | int) -> tuple[str, ...]:
    """The normalised word tuple of a phrase ("What's" -> ("whats",))."""
    return tuple(t.norm for t in tokenize(fold(str(phrase))))


@lru_cache(maxsize=4)
def load_knowledge(path: Path = INTENTS_FILE) -> Knowledge:
    """Compile the intents file, knowledge/intents.yaml unless another is given (cached per path)."""
    data = knowledge("intents") if path == INTENTS_FILE else read_yaml(path)
    k = Knowledge()

    def add(table: dict, phrases, label: Label) -> None:
        for phrase in phrases:
            key = phrase_key(phrase)
            if key and label not in table[key]:
                table[key].append(label)

    for intent, phrases in data["intents"].items():
        add(k.semantic, phrases, ("intent", intent))
    for term, spec in data["terms"].items():
        add(k.semantic, spec["phrases"], ("term", term))
        k.term_intent[term] = spec.get("intent", "explain")
        if spec.get("key_stage"):
            k.term_key_stage[term] = spec["key_stage"]
    yes_no = set()
    for measure, spec in data["measures"].items():
        add(k.semantic, spec["phrases"], ("measure", measure))
        k.measure_intent[measure] = spec["intent"]
        if spec.get("key_stage"):
            k.measure_key_stage[measure] = spec["key_stage"]
        if spec.get("yes_no"):
            yes_no.add(measure)
    k.yes_no_measures = frozenset(yes_no)
    add(k.markers, data["trend_phrases"], ("marker", "trend"))
    for direction, phrases in data["rating_direction"].items():
        add(k.markers, phrases, ("rating_direction", direction))
    k.rating_default = dict(data["rating_default"])
    k.place_aliases = {str(a).lower(): str(b) for a, b in data.get("place_aliases", {}).items()}
    for topic, spec in data["topics"].items():
        add(k.semantic, spec["phrases"], ("topic", topic))
        k.topics.append(topic)
    for stage, phrases in data["key_stages"].items():
        add(k.markers, phrases, ("key_stage", stage))
    for kind, values in data["filters"].items():
        for value, phrases in values.items():
            add(k.markers, phrases, (f"filter:{kind}", str(value)))
    for name in ("explain_cues", "compare_cues", "nearby_cues", "coverage_cues", "average_cues", "pronouns",
                 "follow_up_starts", "fillers", "not_places", "not_compare"):
        add(k.markers, data[name], ("marker", name))
    k.precedence = list(data["precedence"])
    k.separators = frozenset(phrase_key(s) for s in data["compare_separators"])
    k.separators_text = frozenset(" ".join(key) for key in k.separators)
    k.name_words = frozenset(phrase_key(s) for s in data.get("name_words", []))
    k.no_fuzzy = frozenset(data.get("no_fuzzy", []))
    k.semantic = dict(k.semantic)
    k.markers = dict(k.markers)
    words = {w for key in list(k.semantic) + list(k.markers) for w in key}
    k.known_words = frozenset(words)
    fillers = {key[0] for key, labels in k.markers.items() if ("marker", "fillers") in labels}
    k.fuzzy_vocab = sorted(
        w for key in list(k.semantic) + [key for key, labels in k.markers.items()
                                         if any(c == "key_stage" for c, _ in labels)]
        for w in key if len(w) >= 5 and w not in fillers and w.isalpha()
    )
    k.fuzzy_vocab = sorted(set(k.fuzzy_vocab))
    k.max_len = max(len(key) for key in list(k.semantic) + list(k.markers))
    return k
