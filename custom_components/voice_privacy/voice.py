"""Privacy by voice through Assist's own agent: every language's sentences as one trigger.

Home Assistant offers an integration no way to add sentences to the built-in agent's own
intents other than files the user copies; what it offers is sentence triggers, the mechanism
of the `conversation` automation trigger, tried before any agent (LLM agents included). All
languages' sentences (words.py) are registered as one trigger, in an order where sentences
that name an area come last: an area is a wildcard and would otherwise swallow "for all
assistants".

Home Assistant recognises the sentence once; the template that matched says which sentence of
which language it was, hence the intent and the slots its data block fixes. The words that
filled its lists are read with that language's lists; the intent is then handled as an LLM
would call it (intent.py). Every outcome is an answer in words, a failure included.
"""

from __future__ import annotations

from collections.abc import Mapping

from hassil.recognize import RecognizeResult

from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er, intent

from .const import DOMAIN
from .intent import (
    MAX_MINUTES,
    SLOT_ALL,
    SLOT_AREA,
    SLOT_MINUTES,
    SLOT_UNTIL,
    WORDS,
    words_for,
)
from .services import MAX_DURATION
from .spoken import (
    DURATION_LISTS,
    TIME_LISTS,
    Unclear,
    big_number,
    minutes_of,
    said,
    shorten,
    time_of,
)
from .words import LanguageWords, Meaning, base_language, load_languages


class Sentences:
    """Every language's sentences, as the trigger sees them, and what each one means."""

    def __init__(self, languages: Mapping[str, LanguageWords]) -> None:
        """Write out each language's sentences for the trigger."""
        self.languages = languages
        self.meanings: dict[str, list[Meaning]] = {}
        for words in languages.values():
            for template, meaning in words.sentences():
                self.meanings.setdefault(words.for_trigger(template), []).append(meaning)

    def templates(self) -> list[str]:
        """The trigger's sentences: those naming no area first (an area takes any words)."""
        return sorted(self.meanings, key=lambda template: "{area}" in template)

    def meaning(self, template: str | None, language: str | None) -> Meaning | None:
        """What a matched template means, in the conversation's language where it has two."""
        meanings = self.meanings.get(template or "", [])
        return next(
            (m for m in meanings if m.language == base_language(language)),
            meanings[0] if meanings else None,
        )


def slots_of(
    words: LanguageWords, meaning: Meaning, text: str, match: RecognizeResult
) -> dict[str, object] | Unclear:
    """The intent's slots for what was said: the data block's, then its lists' values."""
    slots: dict[str, object] = dict(meaning.slots)
    heard = words.read(meaning, text)
    if heard is None:
        # The trigger took these words as wildcards; the language's lists do not take them.
        trigger = {name: (e.text or "").strip() for name, e in match.entities.items()}
        if duration := said(trigger, DURATION_LISTS):
            if big_number(duration):
                return Unclear("too_long", duration)
            return Unclear("bad_duration", duration)
        return Unclear("bad_time", said(trigger, TIME_LISTS))
    if (area := heard.texts.get(SLOT_AREA)) is not None:
        slots[SLOT_AREA] = area
    if (minutes := minutes_of(heard.values)) is not None:
        if minutes > MAX_MINUTES:
            return Unclear("too_long", said(heard.texts, DURATION_LISTS))
        slots[SLOT_MINUTES] = minutes
    if TIME_LISTS & heard.values.keys():
        if (at := time_of(heard.values)) is None:
            return Unclear("bad_time", said(heard.texts, TIME_LISTS))
        slots[SLOT_UNTIL] = at.strftime("%H:%M")
    if slots.get(SLOT_ALL):
        slots.pop(SLOT_AREA, None)
    return slots


async def async_setup_voice(hass: HomeAssistant) -> None:
    """Read every language's words and register the sentences (once, in async_setup)."""
    languages = await hass.async_add_executor_job(load_languages)
    hass.data[WORDS] = languages
    sentences = Sentences(languages)
    entities = er.async_get(hass)

    async def _async_heard(user_input: ConversationInput, match: RecognizeResult) -> str:
        template = match.intent_sentence.text if match.intent_sentence else None
        meaning = sentences.meaning(template, user_input.language)
        if meaning is None:  # Not one of ours: the trigger holds only our sentences.
            return ""
        heard_in = languages[meaning.language]
        # Answer in the conversation's language when it is one of ours, else in the words'.
        language = user_input.language
        if base_language(language) not in languages:
            language = meaning.language
        answers = words_for(hass, language)
        slots = slots_of(heard_in, meaning, user_input.text, match)
        if isinstance(slots, Unclear):
            values = {"days": MAX_DURATION.days, "duration": shorten(slots.said)}
            return answers.error(slots.key, **values, time=shorten(slots.said))
        device_id = user_input.device_id
        if user_input.satellite_id and (satellite := entities.async_get(user_input.satellite_id)):
            device_id = satellite.device_id
        try:
            response = await intent.async_handle(
                hass,
                DOMAIN,
                meaning.intent,
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

    get_agent_manager(hass).register_trigger(sentences.templates(), _async_heard)
