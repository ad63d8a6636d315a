"""Privacy by voice through Assist's own agent: every language's gate as one trigger.

Home Assistant offers an integration no way to add sentences to the built-in agent's own
intents other than files the user copies; what it offers is sentence triggers, the mechanism
of the `conversation` automation trigger, tried before any agent (LLM agents included). Each
language's gate (words.py) is one sentence of one trigger: small, so the trigger costs Home
Assistant next to nothing on each sentence and when it compiles its triggers.

A sentence through the gate is read once with the compiled sentences of a language (the
conversation's first): the data block that matched says the intent and its fixed slots, the
lists the values. The intent is then handled as an LLM would call it (intent.py). Every outcome
is an answer in words, a failure included: a duration or a time the language's lists do not
know is named as not understood. A sentence with a gate word that matches none of ours is
handed to Home Assistant's own intents (strictly, as an automation's trigger would not); only
when they do not know it either is it answered as not understood.
"""

from __future__ import annotations

import annotationlib
from collections.abc import Awaitable, Callable, Iterable, Mapping
import importlib
import inspect
import re
from typing import Any

from hassil import Intents, recognize
from hassil.intents import WildcardSlotList
from hassil.recognize import RecognizeResult

from homeassistant.components import conversation
from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.const import IntentSource
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import (
    chat_session,
    entity_registry as er,
    intent,
    issue_registry as ir,
)

from .const import DOMAIN, LOGGER
from .intent import (
    MAX_MINUTES,
    SLOT_ALL,
    SLOT_AREA,
    SLOT_MINUTES,
    SLOT_UNTIL,
    WORDS,
    area_named,
    words_for,
)
from .services import MAX_DURATION
from .spoken import (
    TIME_LISTS,
    Unclear,
    minutes_of,
    said,
    shorten,
    time_of,
    too_long,
)
from .words import LanguageWords, base_language, load_languages

# The repair raised when this release's sentence triggers have another shape.
VOICE_UNAVAILABLE = "voice_unavailable"
# The agent manager's trigger registration, as every release from 2026.6 to 2026.11 has it.
TRIGGER_PARAMETERS = ("sentences", "trigger_callback")


def sentence_triggers(hass: HomeAssistant) -> Any | None:
    """Home Assistant's agent manager, if its sentence triggers have the shape we use.

    Sentence triggers are not a documented API: their registration changed shape in 2024.4,
    2024.12, 2025.10 and 2026.3. A release that changes it again must not break setup (or
    register a trigger that fails on every sentence): None then, and voice stays silent.
    """
    try:
        module = importlib.import_module("homeassistant.components.conversation.agent_manager")
        manager = module.get_agent_manager(hass)
        # Names only: its annotations name types imported for type checking alone.
        signature = inspect.signature(
            manager.register_trigger, annotation_format=annotationlib.Format.FORWARDREF
        )
        parameters = tuple(signature.parameters)
    except ImportError, AttributeError, TypeError, ValueError:
        return None
    if (
        parameters != TRIGGER_PARAMETERS
        or not callable(getattr(manager, "subscribe_intents", None))
        or not hasattr(manager, "trigger_sentences")
    ):
        return None
    return manager


def _texts(result: RecognizeResult) -> dict[str, str]:
    return {name: (entity.text or "").strip() for name, entity in result.entities.items()}


def slots_of(result: RecognizeResult) -> dict[str, object] | Unclear:
    """The intent's slots: its data block's fixed ones, then what its lists' words say."""
    values = {name: entity.value for name, entity in result.entities.items()}
    texts = _texts(result)
    slots: dict[str, object] = {"intent": result.intent.name}
    if values.get(SLOT_ALL):
        slots[SLOT_ALL] = True
    elif (area := texts.get(SLOT_AREA)) is not None:
        slots[SLOT_AREA] = area
    if (minutes := minutes_of(values)) is not None:
        slots[SLOT_MINUTES] = minutes  # the handler says when it is too long
    if TIME_LISTS & values.keys():
        if (at := time_of(values)) is None:
            return Unclear("bad_time", said(texts, TIME_LISTS))
        slots[SLOT_UNTIL] = at.strftime("%H:%M")
    return slots


class Listener:
    """Reads what came through the gates, in the languages that may have said it."""

    def __init__(self, hass: HomeAssistant, languages: Mapping[str, LanguageWords]) -> None:
        """Keep the compiled languages and make each one's gate."""
        self.hass = hass
        self.languages = languages
        self.gates = {words.gate(): code for code, words in languages.items()}

    def candidates(self, language: str | None, gate: str | None) -> list[LanguageWords]:
        """The conversation's language, then the gate's, then the others."""
        codes = [base_language(language), self.gates.get(gate or "", ""), *self.languages]
        return [self.languages[code] for code in dict.fromkeys(codes) if code in self.languages]

    async def async_understand(
        self, text: str, candidates: list[LanguageWords]
    ) -> tuple[LanguageWords, dict[str, object] | Unclear]:
        """The first language that reads the sentence, and the slots it means.

        Reading weighs every way a sentence can be read; it runs in the executor, so a long
        sentence never holds up the event loop.
        """
        for words in candidates:
            result = await self.hass.async_add_executor_job(words.recognize, text)
            if result is None:
                continue
            if await self._async_duration_taken_for_area(words, result, text):
                break
            return words, slots_of(result)
        # Not one of our sentences as written: say which part was not understood.
        for words in candidates:
            if (loose := await self.hass.async_add_executor_job(words.lenient, text)) is not None:
                said_as = _texts(loose)
                if duration := said_as.get("duration"):
                    key = "too_long" if too_long(duration, MAX_MINUTES) else "bad_duration"
                    return words, Unclear(key, duration)
                if when := said_as.get("time"):
                    return words, Unclear("bad_time", when)
        return candidates[0], Unclear("not_understood", text)

    async def _async_duration_taken_for_area(
        self, words: LanguageWords, result: RecognizeResult, text: str
    ) -> bool:
        """Whether words after "for" were read as a room that does not exist.

        "For the bedroom" names a room; "for ages" or "for 99999999999999 hours" is a
        duration not understood, and is answered as one. Only when the room's words end what
        a loose reading takes for the duration: in "im Büro zwei Stunden lang" a duration
        follows the room, so "Büro" is a room nobody has, whatever a loose reading makes of it.
        """
        area = _texts(result).get(SLOT_AREA)
        if area is None or area_named(self.hass, words, area) is not None:
            return False
        loose = await self.hass.async_add_executor_job(words.lenient, text)
        return loose is not None and _texts(loose).get("duration", "").endswith(area)


async def _async_home_assistants_own(
    hass: HomeAssistant, user_input: ConversationInput
) -> str | None:
    """What Home Assistant's own intents answer to a sentence, if they know it (strictly)."""
    with (
        chat_session.async_get_chat_session(hass, user_input.conversation_id) as session,
        conversation.async_get_chat_log(hass, session, user_input) as chat_log,
    ):
        response = await conversation.async_handle_intents(hass, user_input, chat_log)
    if response is None:
        return None
    speech: str = response.speech.get("plain", {}).get("speech", "")
    return speech


class LastTrigger:
    """Our sentence trigger, kept after every other one, and yielding to theirs.

    Home Assistant stops collecting matching triggers at the second match of any one trigger,
    and a gate can match a sentence more than once: registered before a user's automation
    with a conversation trigger, ours would keep theirs from ever running on a sentence that
    holds a gate word ("microphone check"). So ours moves to the end whenever another trigger
    is registered, and a sentence that one of theirs matches is left to it.
    """

    def __init__(
        self,
        hass: HomeAssistant,
        manager: Any,
        sentences: list[str],
        heard: Callable[[ConversationInput, RecognizeResult], Awaitable[str | None]],
    ) -> None:
        """Keep what to register; nothing is registered yet."""
        self.hass = hass
        self._manager = manager
        self.sentences = sentences
        self.heard = heard
        self._unregister: Callable[[], None] | None = None
        self._others: tuple[tuple[str, ...], Intents | None] = ((), None)

    @callback
    def async_register(self) -> None:
        """Register the trigger, and follow every other trigger's registration."""
        self._unregister = self._manager.register_trigger(self.sentences, self.heard)
        self._manager.subscribe_intents(self._async_intents_changed)

    @callback
    def _async_intents_changed(self, update: dict[IntentSource, Any]) -> None:
        triggers = list(update.get(IntentSource.TRIGGER, {}).get("intents", {}).values())
        ours = [t for t in triggers if t["data"][0]["sentences"] is self.sentences]
        if ours and triggers[-1] is not ours[0]:
            self.hass.loop.call_soon(self._async_move_to_the_end)

    @callback
    def _async_move_to_the_end(self) -> None:
        if self._unregister is not None:
            self._unregister()
            self._unregister = self._manager.register_trigger(self.sentences, self.heard)

    def theirs(self, text: str) -> bool:
        """Whether another trigger's sentence (a user's automation) matches the text."""
        sentences = tuple(
            sentence
            for sentence in self._manager.trigger_sentences
            if sentence not in self.sentences
        )
        if self._others[0] != sentences:
            intents = None
            if sentences:
                intents = Intents.from_dict(
                    {
                        "language": "en",
                        "intents": {"theirs": {"data": [{"sentences": list(sentences)}]}},
                    }
                )
                for name in _list_names(sentences):
                    intents.slot_lists[name] = WildcardSlotList(name)
            self._others = (sentences, intents)
        compiled = self._others[1]
        return compiled is not None and recognize(text, compiled) is not None


def _list_names(sentences: Iterable[str]) -> set[str]:
    """The lists a trigger's sentences name: Home Assistant takes each as a wildcard."""
    return {name for sentence in sentences for name in re.findall(r"\{(\w+)(?::\w+)?\}", sentence)}


def _load_compiled() -> dict[str, LanguageWords]:
    """Read and compile every language (blocking: in the executor)."""
    languages = load_languages()
    for words in languages.values():
        words.compile()
    return languages


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Read every language's words and register the gates (once, in async_setup)."""
    languages = await hass.async_add_executor_job(_load_compiled)
    hass.data[WORDS] = languages
    listener = Listener(hass, languages)
    entities = er.async_get(hass)

    async def _async_heard(user_input: ConversationInput, match: RecognizeResult) -> str | None:
        if trigger.theirs(user_input.text):
            return None  # a sentence of the user's own automation: theirs to answer
        gate = match.intent_sentence.text if match.intent_sentence else None
        candidates = listener.candidates(user_input.language, gate)
        heard_in, slots = await listener.async_understand(user_input.text, candidates)
        # Answer in the conversation's language when it is one of ours, else in the words'.
        language = user_input.language
        if base_language(language) not in languages:
            language = heard_in.code
        # A gate word in a sentence that is none of ours ("micro-ondes" is no "micro"):
        # Home Assistant's own intents may know it.
        if (
            isinstance(slots, Unclear)
            and slots.key == "not_understood"
            and (theirs := await _async_home_assistants_own(hass, user_input)) is not None
        ):
            return theirs
        if isinstance(slots, Unclear):
            said_short = shorten(slots.said)
            return words_for(hass, language).error(
                slots.key, days=MAX_DURATION.days, duration=said_short, time=said_short
            )
        device_id = user_input.device_id
        if user_input.satellite_id and (satellite := entities.async_get(user_input.satellite_id)):
            device_id = satellite.device_id
        intent_type = str(slots.pop("intent"))
        try:
            response = await intent.async_handle(
                hass,
                DOMAIN,
                intent_type,
                {name: {"value": value} for name, value in slots.items()},
                user_input.text,
                user_input.context,
                language,
                assistant="conversation",
                device_id=device_id,
                satellite_id=user_input.satellite_id,
            )
        except (intent.IntentError, HomeAssistantError) as err:
            return str(err)
        speech: str = response.speech["plain"]["speech"]
        return speech

    if (manager := sentence_triggers(hass)) is None:
        LOGGER.error(
            "This Home Assistant's sentence triggers have a shape Voice Privacy does not know: "
            "privacy by voice is off, everything else works"
        )
        ir.async_create_issue(
            hass,
            DOMAIN,
            VOICE_UNAVAILABLE,
            is_fixable=False,
            severity=ir.IssueSeverity.WARNING,
            translation_key=VOICE_UNAVAILABLE,
        )
        return
    ir.async_delete_issue(hass, DOMAIN, VOICE_UNAVAILABLE)
    trigger = LastTrigger(hass, manager, list(listener.gates), _async_heard)
    trigger.async_register()
