"""Each language's words: what English has, every language has; the README says what is tested."""

from __future__ import annotations

import importlib.util
from pathlib import Path
import re
from typing import Any

import pytest

from custom_components.voice_privacy.words import LanguageWords, check, load_languages

from .test_translations import _flatten

LANGUAGES = load_languages()
ENGLISH = LANGUAGES["en"]
PLACEHOLDER = re.compile(r"\{\{\s*(\w+)\s*\}\}")
EXAMPLES = Path(__file__).parent.parent / "scripts" / "voice_examples.py"
# A gate is a handful of words; Home Assistant compiles the trigger in its event loop.
LARGEST_GATE = 4000


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


def test_readme_lists_what_is_understood() -> None:
    """The README's table of phrasings is the one generated from the tested phrasings."""
    spec = importlib.util.spec_from_file_location("voice_examples", EXAMPLES)
    assert spec is not None
    assert spec.loader is not None
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    assert examples.readme_table() == examples.table(), "run scripts/voice_examples.py --write"
