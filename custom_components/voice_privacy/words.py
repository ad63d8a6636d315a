"""Each language's words, read from `sentences/<language>.yaml` (hassil's format).

A file holds, as home-assistant/intents does, the sentences of each intent in `data` blocks
(whose `slots` are what a sentence means beyond its words, such as "every assistant"),
`expansion_rules`, `lists` (number ranges accept number words) and the `responses`. Nothing
about a language lives in Python.

Home Assistant lets an integration add sentences only as a sentence trigger, which it
compiles in the event loop (again whenever any automation's trigger changes) and tries on every
sentence anyone says. So the trigger only gets each language's `gate`: an expansion rule of
the words that make a sentence ours ("privacy", "microphone", "stop listening"), with anything
before and after. A sentence the gate lets through is read once with the language's own
sentences, compiled in the executor at start (`recognize`): the data block that matched says
the intent and its fixed slots, the lists say the values. A sentence through the gate whose
duration or time the lists do not know is still ours to answer ("I did not understand how
long: ages"); one that matches none of our sentences goes to Home Assistant's own intents
(voice.py). Even so the gate names only words Home Assistant's own sentences never use.

Pure: no Home Assistant here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
import re
from typing import Any

from hassil import Intents, recognize, recognize_all
from hassil.intents import WildcardSlotList
from hassil.recognize import RecognizeResult
from jinja2 import StrictUndefined
from jinja2.sandbox import ImmutableSandboxedEnvironment
import yaml

DOMAIN = "voice_privacy"
SENTENCES_DIR = Path(__file__).parent / "sentences"
DEFAULT_LANGUAGE = "en"
# Lists a sentence may name; every other list only builds the values of these.
SENTENCE_LISTS = frozenset({"area"})
# Expansion rules a sentence says a duration and a time of day with.
VALUE_RULES = frozenset({"duration", "time"})
# The expansion rule of the words that make a sentence ours, for the trigger.
GATE = "gate"
# Expansion rules that may open and close every sentence ("please", "can you").
BEFORE = "before"
AFTER = "after"

_RULE = re.compile(r"<(\w+)>")
_LIST = re.compile(r"\{(\w+)\}")
# libyaml's loader where it is built in (it is with Home Assistant), else the Python one.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_JINJA = ImmutableSandboxedEnvironment(undefined=StrictUndefined, autoescape=False)


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
        intents = _with_before_and_after(source)
        self.intents = Intents.from_dict({**source, "intents": intents})
        # The same sentences taking any words for a duration or a time: to say which failed.
        rules = {**source.get("expansion_rules", {})}
        rules.update({name: f"{{{name}}}" for name in VALUE_RULES})
        lists = {**source.get("lists", {})}
        lists.update({name: {"wildcard": True} for name in VALUE_RULES})
        self._lenient = Intents.from_dict(
            {**source, "intents": intents, "expansion_rules": rules, "lists": lists}
        )
        self.responses: dict[str, Any] = source.get("responses", {})
        self._templates: dict[str, Any] = {}
        self._readers: dict[str, Intents] = {}

    def compile(self) -> None:
        """Parse every sentence now (blocking: in the executor), not at the first one said."""
        for compiled in (self.intents, self._lenient):
            for intent_data in compiled.intents.values():
                for block in intent_data.data:
                    _ = block.sentences

    def recognize(self, text: str) -> RecognizeResult | None:
        """The best reading of a sentence: the one that leaves the fewest words to the area.

        "turn off every mic" is every microphone, not a room called "every"; "in the bedroom
        for an hour" is the bedroom for an hour.
        """
        return _best(recognize_all(text, self.intents))

    def gate(self) -> str:
        """The trigger's template for this language: its gate words, anything around them.

        Expansion rules are written out and lists of fixed words become their words: the
        trigger knows neither, and would take a list as a wildcard.
        """
        return f"[{{{DOMAIN}_before}} ]({self._written_out(f'<{GATE}>')})[ {{{DOMAIN}_after}}]"

    def _written_out(self, template: str) -> str:
        rules: dict[str, str] = self.source.get("expansion_rules", {})

        def _rule(match: re.Match[str]) -> str:
            if (name := match.group(1)) in VALUE_RULES:
                return f"{{{name}}}"
            return f"({self._written_out(rules[name])})"

        def _list(match: re.Match[str]) -> str:
            if not (words := self._list_words(match.group(1))):
                return match.group(0)  # a wildcard or a range: the trigger's wildcard
            return "(" + "|".join(f"({self._written_out(w)})" for w in words) + ")"

        return _LIST.sub(_list, _RULE.sub(_rule, template))

    def lenient(self, text: str) -> RecognizeResult | None:
        """Read a sentence taking any words for its duration or time: to say which one failed.

        A reading that has a duration or a time is preferred: "for a fortnight" is a duration
        not understood before it is a room called "a fortnight".
        """
        readings = list(recognize_all(text, self._lenient))
        valued = [r for r in readings if VALUE_RULES & r.entities.keys()]
        return _best(valued or readings)

    def _list_words(self, name: str) -> list[str]:
        """The words of a list of fixed words, as templates; empty for ranges and wildcards."""
        values = self.source.get("lists", {}).get(name, {}).get("values", [])
        return [value if isinstance(value, str) else str(value["in"]) for value in values]

    def read_time(self, text: str) -> Heard | None:
        """Read a time of day said on its own, as an LLM may send it ("half past seven")."""
        result = recognize(text, self._reader("<time>"))
        if result is None:
            return None
        return Heard(
            values={name: entity.value for name, entity in result.entities.items()},
            texts={name: (entity.text or "").strip() for name, entity in result.entities.items()},
        )

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


def _best(results: Iterable[RecognizeResult]) -> RecognizeResult | None:
    return min(
        results,
        key=lambda r: (
            sum(len(e.text or "") for e in r.entities.values() if e.is_wildcard),
            -r.text_chunks_matched,
        ),
        default=None,
    )


def _with_before_and_after(source: dict[str, Any]) -> dict[str, Any]:
    """The file's intents, each sentence opened by `<before>` and closed by `<after>` if given."""
    rules: dict[str, str] = source.get("expansion_rules", {})
    before = f"[<{BEFORE}> ]" if BEFORE in rules else ""
    after = f"[ <{AFTER}>]" if AFTER in rules else ""
    return {
        name: {
            **intent_data,
            "data": [
                {**block, "sentences": [f"{before}{s}{after}" for s in block["sentences"]]}
                for block in intent_data["data"]
            ],
        }
        for name, intent_data in source["intents"].items()
    }


def check(words: LanguageWords) -> list[str]:
    """What is wrong with a language file that loading alone does not tell.

    It needs its `gate` and the `duration` and `time` rules; a sentence may name no wildcard
    but the area (a wildcard elsewhere would take any words).
    """
    rules = words.source.get("expansion_rules", {})
    problems = [f"missing expansion rule {name!r}" for name in {GATE, *VALUE_RULES} - rules.keys()]
    for name, slot_list in words.intents.slot_lists.items():
        if isinstance(slot_list, WildcardSlotList) and name not in SENTENCE_LISTS:
            problems.append(f"list {name!r} is a wildcard")
    return problems


def load_languages(directory: Path = SENTENCES_DIR) -> dict[str, LanguageWords]:
    """Read every language file (blocking: run it in the executor)."""
    languages: dict[str, LanguageWords] = {}
    for path in sorted(directory.glob("*.yaml")):
        source = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506
        languages[path.stem] = LanguageWords(path.stem, source)
    return languages


def base_language(code: str | None) -> str:
    """The language of a conversation or a server ("de-CH" is "de")."""
    return (code or DEFAULT_LANGUAGE).replace("_", "-").split("-")[0].lower()
