"""What people say, in every language, through Home Assistant's own conversation agent.

`tests/sentences/<language>.yaml` holds natural phrasings (as home-assistant/intents keeps
`tests/<language>/*.yaml`): each group of sentences with the intent and slots it must reach,
and Home Assistant's own sentences (lights, media, timers...) that our sentences must leave
alone. Each is said to Assist; a stand-in handler records what our sentence trigger asked.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, override

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
import yaml

from custom_components.voice_privacy.intent import words_for
from homeassistant.components import conversation
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import chat_session, intent

TESTS = Path(__file__).parent / "sentences"
LANGUAGES = sorted(path.stem for path in TESTS.glob("*.yaml"))
INTENTS = (
    "VoicePrivacyOn",
    "VoicePrivacyOff",
    "VoicePrivacyLiveMicrophones",
    "VoicePrivacyDeleteRecordings",
)


class Recorder(intent.IntentHandler):
    """Stands in for one of our handlers: remembers the slots it was asked with."""

    def __init__(self, intent_type: str, heard: list[tuple[str, dict[str, Any]]]) -> None:
        """Record into a shared list."""
        self.intent_type = intent_type
        self.heard = heard

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        self.heard.append((self.intent_type, {k: v["value"] for k, v in intent_obj.slots.items()}))
        response = intent_obj.create_response()
        response.async_set_speech("recorded")
        return response


def _load(language: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load((TESTS / f"{language}.yaml").read_text("utf-8"))
    return data


@pytest.fixture
async def recorded(
    hass: HomeAssistant, voice_hub: MockConfigEntry
) -> list[tuple[str, dict[str, Any]]]:
    """Our handlers replaced by recorders, behind the real sentence trigger."""
    heard: list[tuple[str, dict[str, Any]]] = []
    for intent_type in INTENTS:
        intent.async_register(hass, Recorder(intent_type, heard))
    return heard


def _normalized(hass: HomeAssistant, language: str, slots: dict[str, Any]) -> dict[str, Any]:
    """An area as its name (the handler drops leading articles the same way)."""
    if isinstance(area := slots.get("area"), str):
        said = area.casefold().split()
        articles = words_for(hass, language).articles
        while len(said) > 1 and said[0] in articles:
            said = said[1:]
        slots = {**slots, "area": " ".join(said)}
    return slots


async def _say(hass: HomeAssistant, text: str, language: str) -> str:
    result = await conversation.async_converse(hass, text, None, Context(), language)
    speech: str = result.response.speech.get("plain", {}).get("speech", "")
    return speech


@pytest.mark.parametrize("language", LANGUAGES)
async def test_natural_phrasings(
    hass: HomeAssistant, recorded: list[tuple[str, dict[str, Any]]], language: str
) -> None:
    """Every phrasing reaches its intent with exactly its slots."""
    wrong: list[str] = []
    count = 0
    for group in _load(language)["tests"]:
        expected = (group["intent"]["name"], group["intent"].get("slots", {}))
        for sentence in group["sentences"]:
            count += 1
            recorded.clear()
            await _say(hass, sentence, language)
            got = [(name, _normalized(hass, language, slots)) for name, slots in recorded]
            if got != [expected]:
                wrong.append(f"{sentence!r}: {got} != {expected}")
    assert not wrong, "\n".join(wrong)
    assert count >= 60


async def _taken_by_a_trigger(
    hass: HomeAssistant, user_input: conversation.ConversationInput
) -> bool:
    """Whether a sentence trigger (ours: no automation here) answers the sentence."""
    with (
        chat_session.async_get_chat_session(hass) as session,
        conversation.async_get_chat_log(hass, session, user_input) as chat_log,
    ):
        answer = await conversation.async_handle_sentence_triggers(hass, user_input, chat_log)
    return answer is not None


@pytest.mark.parametrize("language", LANGUAGES)
async def test_home_assistants_own_sentences_are_left_alone(
    hass: HomeAssistant, recorded: list[tuple[str, dict[str, Any]]], language: str
) -> None:
    """Sentences about lights, media players, timers... never reach our intents."""
    taken = []
    for sentence in _load(language)["not_ours"]:
        user_input = conversation.ConversationInput(
            text=sentence,
            context=Context(),
            conversation_id=None,
            device_id=None,
            satellite_id=None,
            language=language,
            agent_id=None,
        )
        if await _taken_by_a_trigger(hass, user_input):
            taken.append(repr(sentence))
    assert not taken, "\n".join(taken)
    assert len(_load(language)["not_ours"]) >= 12
