"""knowledge/ as the code reads it: each YAML file parsed once, Schoolbot's own sentences as
templates, and one help text for every interface."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from bot import answers
from bot.caveats import join_words
from bot.knowledge_files import knowledge, knowledge_path
from bot.render import say
from bot.telegram import texts

MESSAGES = sorted(knowledge("messages"))
# What the core fills in, per message (every other message takes nothing).
FILLED = {"none_of_those": {"place": "Epsom"}, "replaced": {"name": "St Anne's <Academy>"},
          "not_understood": {"empty": True}, "no_explanation": {"term": "P9"},
          "explanations": {"terms": "Progress 8"},
          "choice_label": {"name": "Oakfield Infant", "where": "Brindlecombe, primary", "closed": True, "demo": True}}


@pytest.mark.parametrize("name", sorted(p.stem for p in Path(knowledge_path()).glob("*.yaml")))
def test_each_knowledge_file_is_parsed_once_and_as_yaml_reads_it(name):
    first = knowledge(name)
    assert knowledge(name) is first  # every reader shares the one parse
    assert first == (yaml.safe_load(knowledge_path(f"{name}.yaml").read_text(encoding="utf-8")) or {})


@pytest.mark.parametrize("key", MESSAGES)
def test_every_message_renders_as_text_and_html(key):
    text, html = say(key, **FILLED.get(key, {}))
    assert text.strip() and html.strip()
    assert "{" not in text and "}" not in text, "a placeholder left unfilled"
    assert not re.search(r"<(?!/?(b|i|code)>)", html), "only Telegram's tags"


def test_message_placeholders_are_escaped_in_the_html_only():
    text, html = say("replaced", name="St Anne's <Academy>")
    assert "St Anne's <Academy> replaced it" in text
    assert html.startswith("<i>") and "St Anne&#39;s &lt;Academy&gt; replaced it" in html
    text, html = say("replaced", name="New <Academy>", closed="Old & Co School", on="31 August 2020")
    assert text.startswith("Old & Co School closed on 31 August 2020; New <Academy> replaced it")
    assert "Old &amp; Co School" in html


def test_a_message_takes_the_facts_the_core_gives_it():
    assert say("none_of_those", place="Epsom")[0].startswith("None of the schools I offered is in Epsom. ")
    empty, plain = say("not_understood", empty=True)[0], say("not_understood", empty=False)[0]
    assert empty == "You sent an empty message. " + plain


def test_telegram_help_is_the_help_answer_with_how_to_use_the_bot():
    answer = answers.help().html
    private, group = texts.help_html("school_test_bot", True), texts.help_html("school_test_bot", False)
    assert private.startswith(answer) and group.startswith(answer)
    assert "Send my location" in private and "Send my location" not in group
    assert "@school_test_bot school name" in private and "@" not in texts.help_html(None, False)
    assert "@" not in answer and "/forget" not in answer  # the help answer of the CLI, JSON and terminal


def test_a_list_is_joined_with_the_and_of_knowledge(monkeypatch):
    assert [join_words(items) for items in ([], ["A"], ["A", "B"], ["A", "B", "C"])] == [
        "", "A", "A and B", "A, B and C"]
    monkeypatch.setitem(knowledge("caveats")["words"], "and", " & ")
    assert join_words(["A", "B", "C"]) == "A, B & C"


def test_the_answer_builders_compose_no_words_of_their_own():
    """Every word a parent reads comes from knowledge/: no f-string in bot/answers/ or
    bot/caveats.py puts words around the facts (keys such as "la:" or "overview_" are not words)."""
    root = Path(answers.__file__).parent
    found = []
    for path in [*sorted(root.glob("*.py")), root.parent / "caveats.py"]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.JoinedStr):
                parts = [v.value for v in node.values if isinstance(v, ast.Constant)]
                if any(re.search(r"\b[A-Za-z]{2,}\b(?![:_])", str(p)) for p in parts):
                    found.append(f"{path.name}:{node.lineno}")
    assert not found, found
