"""Each language's words: what English has, every language has; the README says what is tested."""

from __future__ import annotations

import importlib.util
from pathlib import Path
import re
from typing import Any

from hassil.expression import (
    Alternative,
    Expression,
    Group,
    ListReference,
    RuleReference,
    Sentence,
    TextChunk,
)
from hassil.intents import RangeSlotList
import pytest

from custom_components.voice_privacy.words import LanguageWords, check, load_languages

from .test_translations import _flatten

LANGUAGES = load_languages()
ENGLISH = LANGUAGES["en"]
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
EXAMPLES = Path(__file__).parent.parent / "scripts" / "voice_examples.py"
# A gate is a handful of words; Home Assistant compiles the trigger in its event loop.
LARGEST_GATE = 4000


Stack = tuple[Expression, ...]


def _blocks(words: LanguageWords) -> dict[str, list[dict[str, Any]]]:
    return {
        name: [block.get("slots", {}) for block in intent["data"]]
        for name, intent in words.source["intents"].items()
    }


def test_the_five_languages_are_there() -> None:
    """English, German, French, Spanish and Dutch, each in its own file."""
    assert set(LANGUAGES) == {"en", "de", "fr", "es", "nl"}


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_language_is_complete_and_sound(code: str) -> None:
    """English's intents, data blocks and fixed slots; its answers with the same placeholders."""
    words = LANGUAGES[code]
    assert words.source["language"] == code
    assert check(words) == []
    assert _blocks(words) == _blocks(ENGLISH)
    english, ours = _flatten(ENGLISH.responses), _flatten(words.responses)
    assert ours.keys() == english.keys()
    for key, text in english.items():
        assert set(PLACEHOLDER.findall(ours[key])) == set(PLACEHOLDER.findall(text)), key
        # Renders with exactly its placeholders (an unknown one would raise).
        values = dict.fromkeys(PLACEHOLDER.findall(text), "x")
        assert words.answer(*key.split("."), **values)
    assert len(words.gate()) < LARGEST_GATE


def _steps(stack: Stack, rules: dict[str, Sentence]) -> list[Stack]:
    """What is left to match after the first step into `stack`'s first expression."""
    head, rest = stack[0], stack[1:]
    if isinstance(head, Alternative):
        return [(item, *rest) for item in head.items] + ([rest] if head.is_optional else [])
    if isinstance(head, Group):
        return [(*head.items, *rest)]
    if isinstance(head, RuleReference):
        return [(rules[head.rule_name].expression, *rest)]
    return [rest]


def _reachable(start: Stack, rules: dict[str, Sentence], *, past_words: bool) -> list[Stack]:
    """Every stack reachable from `start` whose head is a list or a word (blanks are skipped).

    A word ends a path unless `past_words`: then every list anywhere is reached.
    """
    heads: list[Stack] = []
    todo, seen = [start], set()
    while todo:
        stack = todo.pop()
        if not stack or (key := tuple(map(id, stack))) in seen:
            continue
        seen.add(key)
        head = stack[0]
        if isinstance(head, ListReference) or (isinstance(head, TextChunk) and head.text.strip()):
            heads.append(stack)
            if isinstance(head, TextChunk) and not past_words:
                continue
        todo.extend(_steps(stack, rules))
    return heads


@pytest.mark.parametrize("code", sorted(LANGUAGES))
def test_no_number_range_right_after_an_area(code: str) -> None:
    """Right after `{area}`, a duration's number comes from fixed words, never from a range.

    hassil 3.7 (Home Assistant 2026.6) reads a range after a wildcard by appending to the shared
    wildcard in place: "im Schlafzimmer einschalten" (its "ein" is a number) or "salón dos horas"
    lose the area, or get "Büro Büro sech...". hassil 3.12 copies the wildcard instead.
    """
    intents = LANGUAGES[code].intents
    rules = intents.expansion_rules
    ranges = {name for name, lst in intents.slot_lists.items() if isinstance(lst, RangeSlotList)}
    wrong = set()
    for intent in intents.intents.values():
        for block in intent.data:
            for sentence in block.sentences:
                for stack in _reachable((sentence.expression,), rules, past_words=True):
                    if not (isinstance(stack[0], ListReference) and stack[0].list_name == "area"):
                        continue
                    for after in _reachable(stack[1:], rules, past_words=False):
                        if isinstance(after[0], ListReference) and after[0].list_name in ranges:
                            wrong.add(f"{{{after[0].list_name}}} after {{area}}: {sentence.text}")
    assert not wrong, "\n".join(sorted(wrong))


def test_readme_lists_what_is_understood() -> None:
    """The README's table of phrasings is the one generated from the tested phrasings."""
    spec = importlib.util.spec_from_file_location("voice_examples", EXAMPLES)
    assert spec is not None
    assert spec.loader is not None
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    assert examples.readme_table() == examples.table(), "run scripts/voice_examples.py --write"
