"""Each language's words, read from `sentences/<language>.yaml` (hassil's format).

A file holds, as home-assistant/intents does, the sentences of each intent in `data` blocks
(whose `slots` are what a sentence means beyond its words, such as "every assistant"),
`expansion_rules`, `lists` (number ranges accept number words) and the `responses`. Nothing
about a language lives in Python.

Home Assistant lets an integration add sentences only as a sentence trigger, which sees every
list as a wildcard. So each sentence is handed to the trigger in a form that stays as strict
as the file: expansion rules written out, and lists of fixed words written out as their words;
only the area, and the numbers of a duration or a time, remain wildcards. The trigger's match
names the sentence that matched, which says the intent and the fixed slots; the words that
filled its lists are then read with the language's own lists, from that one sentence alone.

Pure: no Home Assistant here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any

from hassil import Intents, recognize
from hassil.intents import RangeSlotList, WildcardSlotList
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
import yaml

SENTENCES_DIR = Path(__file__).parent / "sentences"
DEFAULT_LANGUAGE = "en"
# Lists a sentence may name; every other list only builds the values of these.
SENTENCE_LISTS = frozenset({"area"})
# Expansion rules that may open and close every sentence ("please", "can you").
BEFORE = "before"
AFTER = "after"

_RULE = re.compile(r"<(\w+)>")
_LIST = re.compile(r"\{(\w+)\}")
_JINJA = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


@dataclass(frozen=True, slots=True)
class Meaning:
    """What a sentence of a language means: its intent and the slots its data block fixes."""

    language: str
    intent: str
    slots: Mapping[str, Any]
    template: str


@dataclass(frozen=True, slots=True)
class Heard:
    """The words that filled a sentence's lists: each value as its list gives it, and as said."""

    values: Mapping[str, Any]
    texts: Mapping[str, str]


class LanguageWords:
    """One language's sentences, lists and answers."""

    def __init__(self, code: str, source: dict[str, Any]) -> None:
        """Compile the language's file once; answers are compiled on first use."""
        self.code = code
        self.source = source
        self.intents = Intents.from_dict(source)
        self.responses: dict[str, Any] = source.get("responses", {})
        self._templates: dict[str, Any] = {}
        self._readers: dict[str, Intents] = {}

    def sentences(self) -> list[tuple[str, Meaning]]:
        """Every sentence template with its meaning, in the file's order."""
        found: list[tuple[str, Meaning]] = []
        rules: dict[str, str] = self.source.get("expansion_rules", {})
        for intent_name, intent_data in self.source["intents"].items():
            for block in intent_data["data"]:
                for sentence in block["sentences"]:
                    template = sentence
                    if BEFORE in rules:
                        template = f"[<{BEFORE}> ]{template}"
                    if AFTER in rules:
                        template = f"{template}[ <{AFTER}>]"
                    meaning = Meaning(self.code, intent_name, block.get("slots", {}), template)
                    found.append((template, meaning))
        return found

    def for_trigger(self, template: str) -> str:
        """The template as Home Assistant's sentence trigger must see it to stay strict.

        Expansion rules are written out; lists of fixed words become their words. Number
        ranges and wildcards remain lists, which the trigger takes as wildcards.
        """
        rules: dict[str, str] = self.source.get("expansion_rules", {})

        def _rule(match: re.Match[str]) -> str:
            return f"({self.for_trigger(rules[match.group(1)])})"

        def _list(match: re.Match[str]) -> str:
            if words := self._list_words(match.group(1)):
                return "(" + "|".join(f"({self.for_trigger(w)})" for w in words) + ")"
            return match.group(0)

        return _LIST.sub(_list, _RULE.sub(_rule, template))

    def _list_words(self, name: str) -> list[str]:
        """The words of a list of fixed words, as templates; empty for ranges and wildcards."""
        values = self.source.get("lists", {}).get(name, {}).get("values", [])
        return [value if isinstance(value, str) else str(value["in"]) for value in values]

    def read(self, meaning: Meaning, text: str) -> Heard | None:
        """Read the values of one sentence's lists from what was said; None if they don't fit."""
        result = recognize(text, self._reader(meaning.template))
        if result is None:
            return None
        return Heard(
            values={name: entity.value for name, entity in result.entities.items()},
            texts={name: (entity.text or "").strip() for name, entity in result.entities.items()},
        )

    def read_time(self, text: str) -> Heard | None:
        """Read a time of day said on its own, as an LLM may send it ("half past seven")."""
        return self.read(Meaning(self.code, "", {}, "<time>"), text)

    def _reader(self, template: str) -> Intents:
        if (reader := self._readers.get(template)) is None:
            reader = Intents.from_dict(
                {
                    "language": self.code,
                    "intents": {"read": {"data": [{"sentences": [template]}]}},
                    "expansion_rules": self.source.get("expansion_rules", {}),
                    "lists": self.source.get("lists", {}),
                }
            )
            self._readers[template] = reader
        return reader

    def answer(self, *path: str, **values: object) -> str:
        """One response ("intents", "VoicePrivacyOn", "default"), filled in."""
        key = "/".join(path)
        if (template := self._templates.get(key)) is None:
            text: Any = self.responses
            for part in path:
                text = text[part]
            template = self._templates[key] = _JINJA.from_string(str(text))
        return str(template.render(**values))

    def error(self, key: str, **values: object) -> str:
        """A spoken reason why nothing (or not everything) was done."""
        return self.answer("errors", key, **values)

    def join(self, names: list[str]) -> str:
        """Names as the language says a list: "A, B and C"."""
        if len(names) <= 1:
            return "".join(names)
        return self.answer("lists", "and", first=", ".join(names[:-1]), last=names[-1])

    @property
    def articles(self) -> frozenset[str]:
        """Words before an area's name that are not part of it ("the", "der")."""
        return frozenset(word.casefold() for word in self._list_words("article"))


def check(words: LanguageWords) -> list[str]:
    """What is wrong with a language file: sentences naming lists the trigger cannot keep strict.

    A sentence may name a wildcard (`{area}`) or a number range, which the trigger takes as
    wildcards; any other list is written out. A list that is neither would swallow any words.
    """
    problems: list[str] = []
    for template, meaning in words.sentences():
        for name in _LIST.findall(words.for_trigger(template)):
            slot_list = words.intents.slot_lists.get(name)
            if not isinstance(slot_list, (RangeSlotList, WildcardSlotList)):
                problems.append(f"{meaning.intent}: {template!r} names unknown list {name!r}")
            elif isinstance(slot_list, WildcardSlotList) and name not in SENTENCE_LISTS:
                problems.append(f"{meaning.intent}: {template!r} names wildcard {name!r}")
    return problems


def load_languages(directory: Path = SENTENCES_DIR) -> dict[str, LanguageWords]:
    """Read every language file (blocking: run it in the executor)."""
    languages: dict[str, LanguageWords] = {}
    for path in sorted(directory.glob("*.yaml")):
        source = yaml.safe_load(path.read_text(encoding="utf-8"))
        languages[path.stem] = LanguageWords(path.stem, source)
    return languages


def base_language(code: str | None) -> str:
    """The language of a conversation or a server ("de-CH" is "de")."""
    return (code or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
