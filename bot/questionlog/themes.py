"""Themes of unanswered questions: leader clustering of redacted texts on TF-IDF token overlap."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

STOPWORDS = set("""
a about above after again against all am an and any are aren't as at be because been before being
below between both but by can can't cannot could couldn't did didn't do does doesn't doing don't down
during each few for from further had hadn't has hasn't have haven't having he he'd he'll he's her here
here's hers herself him himself his how how's i i'd i'll i'm i've if in into is isn't it it's its itself
let's me more most mustn't my myself no nor not of off on once only or other ought our ours ourselves
out over own same shan't she she'd she'll she's should shouldn't so some such than that that's the
their theirs them themselves then there there's these they they'd they'll they're they've this those
through to too under until up very was wasn't we we'd we'll we're we've were weren't what what's when
when's where where's which while who who's whom why why's with won't would wouldn't you you'd you'll
you're you've your yours yourself yourselves
school schools please tell know want like get go going thanks thank hi hello hey near nearby good
best much many also just really need any anyone there will does dont can find give show let us
name email phone user date year years word number link address condition religion ethnicity nhs upn
""".split())
TOKEN = re.compile(r"[a-z][a-z']+")
MIN_SHOWN = 10  # examples of a theme (questions or 👎 comments) are shown only from this size up
WORD = re.compile(r"[A-Za-z][A-Za-z']+")
# Capitalised in questions, yet subjects rather than school or place names.
DOMAIN_WORDS = set("""
ofsted gcse gcses sats english maths science french spanish german latin catholic christian
church muslim jewish sikh hindu islamic anglican cofe september january monday friday christmas
easter year reception nursery sixth a-level a-levels btec ebacc
""".split())


def proper_nouns(texts: list[str]) -> set[str]:
    """Words mostly Capitalised mid-sentence across `texts` (school and place names)."""
    capital: Counter = Counter()
    seen: Counter = Counter()
    for text in texts:
        for sentence in re.split(r"[.?!]\s+", text):
            for word in WORD.findall(sentence)[1:]:
                key = word.lower().removesuffix("'s")
                seen[key] += 1
                capital[key] += word[0].isupper() and word[1:].islower()
    return {w for w, n in capital.items() if n >= 2 and n >= 0.6 * seen[w] and w not in DOMAIN_WORDS}


def tokens(text: str, drop: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Content words of `text`, lower-cased, crudely singularised, stopwords and `drop` left out."""
    out = []
    for word in TOKEN.findall(text.lower()):
        word = word.removesuffix("'s").strip("'")
        if word in STOPWORDS or word in drop or len(word) < 3:
            continue
        if len(word) > 4 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
            word = word[:-1]
        out.append(word)
    return out


@dataclass
class Theme:
    """A group of similar questions: its top words, size and the most typical examples.

    `members` are the indices of its texts in the list clustered; the review fills the rest
    (published counts per week, the new/growing flag, its usual topic, how many were answered
    locally, and the areas where it has no answer yet)."""

    words: list[str]
    size: int
    examples: list[str] = field(default_factory=list)
    members: list[int] = field(default_factory=list)
    weekly: list[int] = field(default_factory=list)
    flag: str | None = None
    topic: str | None = None
    local: int = 0

    @property
    def label(self) -> str:
        return " · ".join(self.words)


def cluster(texts: list[str], threshold: float = 0.35, examples: int = 3,
            min_shown: int = MIN_SHOWN) -> list[Theme]:
    """Group `texts` into themes, largest first (texts with no shared words are left out).

    A theme of fewer than `min_shown` texts gets no examples: one person's message is never
    shown on its own."""
    names = proper_nouns(texts)
    docs = [set(tokens(t, names)) for t in texts]
    df = Counter(tok for d in docs for tok in d)
    vecs: list[dict[str, float]] = []
    for d in docs:
        v = {t: 1.0 for t in d if df[t] >= 2}
        norm = math.sqrt(sum(w * w for w in v.values())) or 1.0
        vecs.append({t: w / norm for t, w in v.items()})

    centroids: list[dict[str, float]] = []
    sq: list[float] = []
    index: dict[str, set[int]] = defaultdict(set)

    def best(v: dict[str, float]) -> tuple[int, float]:
        found, score = -1, 0.0
        for c in set().union(*(index[t] for t in v)) if v else ():
            cos = sum(w * centroids[c].get(t, 0.0) for t, w in v.items()) / math.sqrt(sq[c])
            if cos > score:
                found, score = c, cos
        return found, score

    for v in vecs:  # pass 1: leader clustering
        if not v:
            continue
        c, score = best(v)
        if score < threshold:
            c = len(centroids)
            centroids.append({})
            sq.append(0.0)
        cen = centroids[c]
        for t, w in v.items():
            old = cen.get(t, 0.0)
            cen[t] = old + w
            sq[c] += cen[t] ** 2 - old ** 2
            index[t].add(c)

    members: dict[int, list[tuple[float, int]]] = defaultdict(list)
    for i, v in enumerate(vecs):  # pass 2: each text to its closest final theme
        c, score = best(v)
        if c >= 0 and score >= threshold:
            members[c].append((score, i))

    themes = []
    for items in members.values():
        weights: Counter = Counter()
        for _, i in items:
            weights.update(vecs[i].keys())
        # label: up to 3 words shared by at least 40% of the theme's questions
        top = weights.most_common(3)
        words = [t for t, k in top if k >= 0.4 * len(items)] or [top[0][0]]
        seen: list[str] = []
        for _, i in sorted(items, reverse=True) if len(items) >= min_shown else ():
            if texts[i] not in seen:
                seen.append(texts[i])
            if len(seen) == examples:
                break
        order = tokens(texts[max(items)[1]], names)
        words.sort(key=lambda w: order.index(w) if w in order else len(order))
        themes.append(Theme(words=words, size=len(items), examples=seen, members=sorted(i for _, i in items)))
    themes.sort(key=lambda t: (-t.size, t.label))
    return themes
