"""The personal-data corpus (tests/privacy/corpus.py) through redaction: recall per kind, and the
words of ordinary questions kept."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from bot.db import make_engine
from bot.questionlog.redact import redact
from bot.questionlog.vocabulary import vocabulary_for
from tests.privacy.corpus import ORDINARY, Item, corpus, ordinary_generated

EXACT = ("phone", "email", "postcode", "nhs")  # kinds that must all go
EXTRA_SCHOOLS = [(880001, "King Charles Primary School"), (880002, "Robert May's School"),
                 (880003, "Sir John Leman High School"), (880004, "Preston Manor School")]
PLACEHOLDER = re.compile(r"\[\w+\]")
PIECE = re.compile(r"\w+")


@pytest.fixture(scope="module")
def vocabulary(demo_db_url):
    """The question log's vocabulary on the demo records, plus schools named after people."""
    engine = make_engine(demo_db_url)
    try:
        return vocabulary_for(engine).with_records(EXTRA_SCHOOLS, [])
    finally:
        engine.dispose()


def pieces(kind: str, token: str) -> list[str]:
    """What must not survive of a personal token: its words and numbers (a postcode's inward
    half: the district may stay)."""
    if kind == "postcode":
        return [re.sub(r"\W", "", token)[-3:].lower()]
    return [p.lower() for p in PIECE.findall(token) if len(p) > 1 or p.isdigit() and kind != "phone"]


def leaks(item: Item, out: str) -> list[tuple[str, str]]:
    """The personal tokens of `item` still readable in `out` (a word of a token counts as leaked
    when `out` has it more often than the item's non-personal text does)."""
    rest = item.text
    for _, token in item.secrets:
        rest = rest.replace(token, " ", 1)
    shown = PLACEHOLDER.sub(" ", out).lower()
    words_out = Counter(p.lower() for p in PIECE.findall(shown))
    words_rest = Counter(p.lower() for p in PIECE.findall(rest))
    found = []
    for kind, token in item.secrets:
        for piece in pieces(kind, token):
            if kind == "postcode":
                leaked = piece in re.sub(r"\W", "", shown)
            else:
                leaked = words_out[piece] > words_rest[piece]
            if leaked:
                found.append((kind, token))
                break
    return found


def test_corpus_is_large_and_varied():
    items = corpus()
    kinds = Counter(kind for item in items for kind, _ in item.secrets)
    assert len(items) >= 500 and len({i.text for i in items}) >= 480
    assert set(kinds) >= {"name", "address", "postcode", "date", "phone", "email", "handle", "nhs",
                          "upn", "ni", "condition", "religion", "ethnicity"}
    assert sum(bool(item.secrets) for item in items) >= 0.97 * len(items)  # a few are ordinary


def test_personal_data_recall(vocabulary, capsys):
    items = corpus()
    total, missed = Counter(), Counter()
    examples: dict[str, list[str]] = {}
    for item in items:
        out = redact(item.text, vocabulary)
        for kind, _ in item.secrets:
            total[kind] += 1
        for kind, token in leaks(item, out):
            missed[kind] += 1
            examples.setdefault(kind, []).append(f"{token!r} in {out!r}")
    with capsys.disabled():
        print(f"\n{'kind':<10} {'tokens':>7} {'removed':>8} {'recall':>8}")
        for kind in sorted(total, key=lambda k: -total[k]):
            print(f"{kind:<10} {total[kind]:>7} {total[kind] - missed[kind]:>8} "
                  f"{1 - missed[kind] / total[kind]:>8.1%}")
        overall = 1 - sum(missed.values()) / sum(total.values())
        print(f"{'overall':<10} {sum(total.values()):>7} {sum(total.values()) - sum(missed.values()):>8} "
              f"{overall:>8.1%}")
        for kind, found in examples.items():
            for line in found[:8]:
                print(f"  missed {kind}: {line}")
    assert overall >= 0.99
    for kind in EXACT:
        assert missed[kind] == 0, examples.get(kind)


def test_ordinary_words_are_kept(vocabulary, capsys):
    questions = ORDINARY + ordinary_generated()
    kept = total = 0
    lost: Counter = Counter()
    for q in questions:
        out = redact(q, vocabulary)
        before = Counter(w.lower() for w in PIECE.findall(q))
        after = Counter(w.lower() for w in PIECE.findall(PLACEHOLDER.sub(" ", out)))
        kept += sum(min(n, after[w]) for w, n in before.items())
        total += sum(before.values())
        lost.update({w: n - after[w] for w, n in before.items() if n > after[w]})
    share = kept / total
    with capsys.disabled():
        print(f"\nnon-personal words of {len(questions)} ordinary questions kept: {kept}/{total} = {share:.1%}")
        print("  lost:", ", ".join(f"{w} ×{n}" for w, n in lost.most_common(25)))
    assert share >= 0.90
