"""Privacy by voice: Assist's own agent in five languages, LLM tool calls, the Assist API."""

from __future__ import annotations

from datetime import timedelta
import importlib.util
from pathlib import Path
import re
from typing import Any
from unittest.mock import AsyncMock, patch

from awesomeversion import AwesomeVersion
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_mock_service,
)

from custom_components.voice_privacy.const import (
    CONF_VOICE_PURGE,
    DOMAIN,
    HistorySource,
    PurgeStatus,
)
from custom_components.voice_privacy.purge_results import AssistantPurge, SourcePurge
from custom_components.voice_privacy.words import LanguageWords, load_languages
from homeassistant.components import conversation
from homeassistant.components.conversation.agent_manager import AgentManager
from homeassistant.components.homeassistant.exposed_entities import async_expose_entity
from homeassistant.const import __version__ as ha_version
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
    intent,
    issue_registry as ir,
    llm,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util

from .conftest import Devices, collect_events, setup_debug_recordings, setup_integration

KITCHEN_MUTE = "input_boolean.kitchen_mute_state"
ECHO_DND = "input_boolean.echo_dnd_state"
NEST_PLUG = "input_boolean.nest_plug_state"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
# Home Assistant 2026.8 and newer have the `llm` integration, which loads our llm platform.
LLM_PLATFORM = importlib.util.find_spec("homeassistant.components.llm") is not None


async def _say(
    hass: HomeAssistant,
    text: str,
    language_code: str = "en",
    device_id: str | None = None,
    context: Context | None = None,
) -> str:
    result = await conversation.async_converse(
        hass, text, None, context or Context(), language_code, device_id=device_id
    )
    await hass.async_block_till_done()
    speech: str = result.response.speech["plain"]["speech"]
    return speech


def _on(hass: HomeAssistant, entity_id: str) -> bool:
    return hass.states.is_state(entity_id, "on")


async def test_privacy_on_for_the_assistant_spoken_to(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices, events: list[Any]
) -> None:
    """Privacy mode by voice mutes the satellite spoken to, and says how to end it."""
    speech = await _say(hass, "Turn on privacy mode", device_id=devices.kitchen.id)
    assert _on(hass, KITCHEN_MUTE)
    assert not _on(hass, ECHO_DND)
    assert "Privacy mode is on for Kitchen." in speech
    assert "mute button" in speech
    assert events[-1].data["cause"] == "voice"


# Per language: privacy here; in an area for an hour; everywhere until 7; off in an area;
# which microphones are live; delete my recordings.
SENTENCES = {
    "en": (
        "Turn on privacy mode",
        "turn on privacy mode in the bedroom for an hour",
        "mute the microphones everywhere until 7 am",
        "turn off privacy mode in the bedroom",
        "Which microphones are live?",
        "Delete my voice recordings",
    ),
    "de": (
        "Schalte den Privatsphäremodus ein",
        "Schalte den Privatsphäremodus im Schlafzimmer für eine Stunde ein",
        "Schalte den Privatsphäremodus überall bis 7 Uhr ein",
        "Schalte den Privatsphäremodus im Schlafzimmer aus",
        "Welche Mikrofone sind gerade an?",
        "Lösche meine Sprachaufnahmen",
    ),
    "fr": (
        "Active le mode confidentialité",
        "Active le mode confidentialité dans la chambre pendant une heure",
        "Coupe les micros partout jusqu'à 7 heures",
        "Désactive le mode confidentialité dans la chambre",
        "Quels micros sont actifs ?",
        "Supprime mes enregistrements vocaux",
    ),
    "es": (
        "Activa el modo privacidad",
        "Activa el modo privacidad en el dormitorio durante una hora",
        "Silencia los micrófonos en toda la casa hasta las 7",
        "Desactiva el modo privacidad en el dormitorio",
        "¿Qué micrófonos están activos?",
        "Borra mis grabaciones de voz",
    ),
    "nl": (
        "Zet de privacymodus aan",
        "Zet de privacymodus in de slaapkamer voor een uur aan",
        "Zet de privacymodus overal tot 7 uur aan",
        "Zet de privacymodus in de slaapkamer uit",
        "Welke microfoons staan aan?",
        "Verwijder mijn spraakopnames",
    ),
}


LANGUAGES: dict[str, LanguageWords] = load_languages()
# Where each answer lives in a language's responses.
ANSWERS = {
    "on": ("intents", "VoicePrivacyOn", "default"),
    "off": ("intents", "VoicePrivacyOff", "default"),
    "until": ("intents", "VoicePrivacyOn", "until"),
    "self_muted": ("intents", "VoicePrivacyOn", "self_muted"),
    "self_powered_off": ("intents", "VoicePrivacyOn", "self_powered_off"),
    "self_off": ("intents", "VoicePrivacyOff", "self_off"),
    "live": ("intents", "VoicePrivacyLiveMicrophones", "default"),
    "all_private": ("intents", "VoicePrivacyLiveMicrophones", "all_private"),
    "purge_nothing": ("intents", "VoicePrivacyDeleteRecordings", "nothing"),
}


def _answer(code: str, key: str, **placeholders: object) -> str:
    path = ANSWERS.get(key, ("errors", key))
    return LANGUAGES[code].answer(*path, **placeholders)


@pytest.mark.parametrize("code", list(SENTENCES))
async def test_every_sentence_family_in_every_language(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    freezer: FrozenDateTimeFactory,
    code: str,
) -> None:
    """Each family of sentences does what it says and answers in the conversation's language."""
    freezer.move_to(
        dt_util.as_utc(dt_util.now().replace(hour=12, minute=0, second=0, microsecond=0))
    )
    here, area_hour, all_until, area_off, live, delete = SENTENCES[code]
    policies = voice_hub.runtime_data.policies
    kitchen = devices.kitchen.id

    assert await _say(hass, live, code, kitchen) == _answer(
        code, "live", names=LANGUAGES[code].join(["Echo", "Kitchen", "Nest"])
    )

    speech = await _say(hass, here, code, kitchen)
    assert _on(hass, KITCHEN_MUTE)
    assert speech == " ".join((_answer(code, "on", names="Kitchen"), _answer(code, "self_muted")))

    speech = await _say(hass, area_off, code, kitchen)
    assert not _on(hass, KITCHEN_MUTE)
    assert speech == " ".join((_answer(code, "off", names="Kitchen"), _answer(code, "self_off")))

    # Spoken to another room's assistant (none), for a duration.
    speech = await _say(hass, area_hour, code)
    assert _on(hass, KITCHEN_MUTE)
    override = policies.policy("kitchen_id").override
    assert override is not None
    assert override.until == dt_util.utcnow() + timedelta(hours=1)
    assert speech == " ".join(
        (_answer(code, "on", names="Kitchen"), _answer(code, "until", time="13:00"))
    )

    speech = await _say(hass, all_until, code, devices.echo.id)
    assert _on(hass, KITCHEN_MUTE)
    assert not _on(hass, "input_boolean.echo_plug_state")
    assert not _on(hass, NEST_PLUG)
    seven = dt_util.now().replace(hour=7, minute=0, second=0, microsecond=0) + timedelta(days=1)
    for assistant in ("kitchen_id", "echo_id", "nest_id"):
        override = policies.policy(assistant).override
        assert override is not None
        assert override.until == dt_util.as_utc(seven)
    assert _answer(code, "until", time="07:00") in speech
    # Spoken to the Echo, whose privacy is a power cut: no button to press, only the app.
    assert speech.endswith(_answer(code, "self_powered_off"))

    assert await _say(hass, live, code) == _answer(code, "all_private")

    assert await _say(hass, delete, code, kitchen) == _answer(code, "purge_off")
    hass.config_entries.async_update_entry(voice_hub, options={CONF_VOICE_PURGE: True})
    await hass.async_block_till_done()
    assert await _say(hass, delete, code, kitchen) == _answer(code, "purge_nothing", name="Kitchen")


async def _llm(
    hass: HomeAssistant,
    intent_type: str,
    device_id: str | None = None,
    context: Context | None = None,
    **slots: Any,
) -> intent.IntentResponse:
    """Call an intent as an LLM's tool call does: slots wrapped in values, no text."""
    return await intent.async_handle(
        hass,
        "test_llm",
        intent_type,
        {name: {"value": value} for name, value in slots.items()},
        None,
        context,
        "en",
        assistant="conversation",
        device_id=device_id,
    )


async def test_assist_api_lists_the_intents_as_tools(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """LLM agents see the four intents through the Assist API, and can call them.

    From 2026.8 our `llm` platform offers them while the hub is loaded, with titles and
    annotations from 2026.10; before 2026.8 Home Assistant offers every registered intent on
    its own, by intent type, loaded hub or not. 2026.8 calls the intent named like the tool.
    """
    llm_context = llm.LLMContext(
        platform="test_llm",
        context=Context(),
        language="en",
        assistant="conversation",
        device_id=devices.kitchen.id,
    )
    # Before 2026.9 a tool calls the intent named like it: there it is named by intent type.
    prefix = f"{DOMAIN}__" if LLM_PLATFORM and AwesomeVersion(ha_version) >= "2026.9" else ""
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, llm_context)
    tools = {tool.name: tool for tool in api.tools}
    names = {
        f"{prefix}{name}"
        for name in (
            "VoicePrivacyOn",
            "VoicePrivacyOff",
            "VoicePrivacyLiveMicrophones",
            "VoicePrivacyDeleteRecordings",
        )
    }
    assert names <= set(tools)
    assert tools[f"{prefix}VoicePrivacyOn"].description
    if hasattr(llm, "ToolAnnotations"):
        assert tools[f"{prefix}VoicePrivacyLiveMicrophones"].annotations.read_only
    result = await api.async_call_tool(
        llm.ToolInput(f"{prefix}VoicePrivacyOn", {"area": "Living room", "minutes": 30})
    )
    await hass.async_block_till_done()
    assert not _on(hass, "input_boolean.echo_plug_state")
    # A ToolResult from 2026.10; the response itself before.
    response = getattr(result, "data", result)
    assert response["speech"]["plain"]["speech"].startswith("Privacy mode is on for Echo.")

    await hass.config_entries.async_unload(voice_hub.entry_id)
    api = await llm.async_get_api(hass, llm.LLM_API_ASSIST, llm_context)
    offered = names & {tool.name for tool in api.tools}
    assert offered == (set() if LLM_PLATFORM else names)


async def test_llm_calls_and_spoken_failures(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    hass_ordinary_user: MockUser,
    hass_admin_user: MockUser,
) -> None:
    """Slots as an LLM sends them; every refusal and failure is a spoken reason."""
    response = await _llm(hass, "VoicePrivacyOn", all_assistants=True, until="07:30")
    assert response.speech["plain"]["speech"].startswith(
        "Privacy mode is on for Kitchen, Echo and Nest."
    )
    response = await _llm(hass, "VoicePrivacyOff", area="the Slaapkamer")
    assert response.speech["plain"]["speech"] == "Privacy mode is off for Kitchen."
    response = await _llm(hass, "VoicePrivacyLiveMicrophones")
    assert response.speech["plain"]["speech"] == "Live microphones: Kitchen."

    refusals = [
        ({"area": "Garage"}, "I know no area called Garage."),
        ({"area": "Attic"}, "No voice assistant is in Attic."),
        ({"until": "whenever"}, "I did not understand until when: whenever."),
        ({"minutes": 10**7}, "That is too long; the longest is 366 days."),
        ({}, _answer("en", "unknown_device")),
    ]
    for slots, reason in refusals:
        with pytest.raises(intent.IntentHandleError, match=reason):
            await _llm(hass, "VoicePrivacyOn", **slots)
    assert (
        await _say(hass, "turn on privacy mode for ages") == "I did not understand how long: ages."
    )

    # A device that does not answer: the others still change, and the failure is said.
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.nest_plug_offline"}, blocking=True
    )
    await hass.async_block_till_done()
    speech = await _say(hass, "turn off privacy mode everywhere")
    assert speech.startswith("Privacy mode is off for Kitchen and Echo. Nest could not be changed:")
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.echo_plug_offline"}, blocking=True
    )
    await hass.async_block_till_done()
    with pytest.raises(intent.IntentHandleError, match=r"^Echo could not be changed: "):
        await _llm(hass, "VoicePrivacyOn", area="Living room")
    speech = await _say(hass, "Which microphones are live", device_id=devices.kitchen.id)
    assert speech == "Live microphones: Kitchen. Not known to be private: Echo and Nest."

    # Purging: off by default, then only the administrator's or a satellite's request.
    with pytest.raises(intent.IntentHandleError, match="switched off"):
        await _llm(hass, "VoicePrivacyDeleteRecordings", devices.kitchen.id)
    hass.config_entries.async_update_entry(voice_hub, options={CONF_VOICE_PURGE: True})
    await hass.async_block_till_done()
    with pytest.raises(intent.IntentHandleError, match="Only an administrator"):
        await _llm(
            hass,
            "VoicePrivacyDeleteRecordings",
            devices.kitchen.id,
            Context(user_id=hass_ordinary_user.id),
        )
    with pytest.raises(intent.IntentHandleError, match=_answer("en", "unknown_device")):
        await _llm(hass, "VoicePrivacyDeleteRecordings", None, Context(user_id=hass_admin_user.id))

    await hass.config_entries.async_unload(voice_hub.entry_id)
    assert await _say(hass, "Which microphones are live") == "Voice Privacy is not set up."


async def test_delete_my_recordings_says_what_was_removed(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    tmp_path: Path,
    hass_admin_user: MockUser,
) -> None:
    """The satellite's own debug recordings go; the answer counts them."""
    run = tmp_path / "debug" / devices.kitchen.id / "Home Assistant" / "100"
    run.mkdir(parents=True)
    for name in ("00_wake.wav", "01_stt.wav"):
        (run / name).write_bytes(b"\0" * 10)
    other = tmp_path / "debug" / devices.echo.id / "Home Assistant" / "1" / "00_wake.wav"
    other.parent.mkdir(parents=True)
    other.write_bytes(b"\0")
    await setup_debug_recordings(hass, tmp_path / "debug")
    hass.config_entries.async_update_entry(voice_hub, options={CONF_VOICE_PURGE: True})
    await hass.async_block_till_done()
    purged = collect_events(hass, "voice_privacy_history_purged")

    speech = await _say(
        hass,
        "delete my voice recordings",
        "en",
        devices.kitchen.id,
        Context(user_id=hass_admin_user.id),
    )
    assert speech == "Kitchen: 2 debug recordings deleted."
    assert not list(run.parent.rglob("*.wav"))
    assert other.exists()
    assert purged[-1].data["assistant"] == "Kitchen"


async def test_delete_reports_requested_and_failed(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """A vendor deletion is only requested; a source that fails is named with its reason."""
    hass.config_entries.async_update_entry(voice_hub, options={CONF_VOICE_PURGE: True})
    await hass.async_block_till_done()
    history = voice_hub.runtime_data.history
    outcome = AssistantPurge(
        assistant_id="kitchen",
        name="Kitchen",
        dry_run=False,
        older_than=None,
        sources={
            HistorySource.RECORDER: SourcePurge(status=PurgeStatus.REMOVED),
            HistorySource.DEBUG_RECORDINGS: SourcePurge.failed("os_error", error="denied"),
            HistorySource.VENDOR_CLOUD: SourcePurge(status=PurgeStatus.REQUESTED),
        },
    )
    with patch.object(history, "async_purge", AsyncMock(return_value=[outcome])):
        speech = await _say(hass, "Verwijder mijn spraakopnames", "nl", devices.kitchen.id)
    assert speech == (
        "Kitchen: zijn geschiedenis in Home Assistant verwijderd, debug_recordings mislukt "
        "(denied), verwijdering gevraagd aan de fabrikant, die het niet bevestigt."
    )


async def test_spoken_to_through_the_satellite_entity(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """A pipeline that names only the satellite entity still reaches its device's assistant."""
    satellite = er.async_get(hass).async_get_entity_id(
        "assist_satellite", "esphome", "kitchen-satellite"
    )
    result = await conversation.async_converse(
        hass, "turn on privacy mode for 90 minutes", None, Context(), "en", satellite_id=satellite
    )
    await hass.async_block_till_done()
    assert _on(hass, KITCHEN_MUTE)
    assert result.response.speech["plain"]["speech"].startswith("Privacy mode is on for Kitchen.")
    area = ar.async_get(hass).async_get_area_by_name("Bedroom")
    assert area is not None
    response = await _llm(hass, "VoicePrivacyOff", area=area.id, minutes=60 * 24 * 2)
    assert "It ends by itself at " in response.speech["plain"]["speech"]
    assert "-" in response.speech["plain"]["speech"]  # two days away: the date is said too


async def test_a_satellite_behind_a_plug_says_it_is_cut_off(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """Without a mute switch there is no button to mention: only the app ends it early."""
    await hass.services.async_call(
        "input_boolean",
        "turn_on",
        {"entity_id": "input_boolean.kitchen_mute_offline"},
        blocking=True,
    )
    await hass.async_block_till_done()
    speech = await _say(hass, "stop listening for 10 minutes", device_id=devices.kitchen.id)
    assert not _on(hass, "input_boolean.kitchen_plug_state")
    assert speech.endswith(_answer("en", "self_powered_off"))


async def test_a_huge_spoken_number_gets_an_answer(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """A number too big for any duration is answered in words, with no traceback."""
    speech = await _say(
        hass, "turn on privacy mode for 99999999999999 hours", device_id=devices.kitchen.id
    )
    assert speech == _answer("en", "too_long", days=366)
    assert not _on(hass, KITCHEN_MUTE)


@pytest.mark.parametrize(
    ("evening", "expected_utc"),
    [
        # Clocks go back at 03:00 on 2026-10-25 (Berlin): 07:00 is then UTC+1.
        ("2026-10-24T22:00:00+02:00", "2026-10-25T06:00:00+00:00"),
        # Clocks go forward at 02:00 on 2026-03-29: 07:00 is then UTC+2.
        ("2026-03-28T22:00:00+01:00", "2026-03-29T05:00:00+00:00"),
    ],
)
async def test_until_seven_on_the_nights_the_clocks_change(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    freezer: FrozenDateTimeFactory,
    evening: str,
    expected_utc: str,
) -> None:
    """Until 7 ends at the next 7:00 on the local clock, whatever the offset does."""
    await hass.config.async_set_time_zone("Europe/Berlin")
    freezer.move_to(evening)
    speech = await _say(hass, "stop listening until 7", device_id=devices.kitchen.id)
    assert _on(hass, KITCHEN_MUTE)
    override = voice_hub.runtime_data.policies.policy("kitchen_id").override
    assert override is not None
    assert override.until == dt_util.parse_datetime(expected_utc)
    assert _answer("en", "until", time="07:00") in speech


async def test_a_room_reaches_an_assistant_placed_by_its_own_device(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """A speaker behind a plug has no linked device: its own Voice Privacy device's room counts."""
    attic = ar.async_get(hass).async_get_area_by_name("Attic")
    assert attic is not None
    device_registry = dr.async_get(hass)
    [own] = [
        device
        for device in dr.async_entries_for_config_entry(device_registry, voice_hub.entry_id)
        if (DOMAIN, "nest_id") in device.identifiers
    ]
    device_registry.async_update_device(own.id, area_id=attic.id)
    speech = await _say(hass, "turn on privacy mode in the attic")
    assert speech == _answer("en", "on", names="Nest")
    assert not _on(hass, NEST_PLUG)


async def test_an_unknown_room_is_not_echoed_back_whole(
    hass: HomeAssistant, voice_hub: MockConfigEntry
) -> None:
    """A room nobody has, said at length, is answered briefly."""
    speech = await _say(hass, "turn on privacy mode in the " + "garage " * 2000)
    assert speech.startswith("I know no area called garage garage")
    assert len(speech) < 120


@pytest.mark.parametrize(
    ("code", "text", "room"),
    [
        ("de", "Privatsphäremodus im Büro zwei Stunden lang", "Büro"),
        ("de", "schalte das Mikrofon im Büro 120 Minuten lang aus", "Büro"),
        ("de", "Privatsphäremodus im Büro für zwei Stunden", "Büro"),
        ("en", "privacy mode in the office for two hours", "office"),
        ("es", "modo privacidad en la oficina dos horas", "oficina"),
    ],
)
async def test_an_unknown_room_before_a_duration_is_named(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    code: str,
    text: str,
    room: str,
) -> None:
    """The room nobody has is what is answered, not the duration said after it."""
    speech = await _say(hass, text, code, devices.kitchen.id)
    assert speech == _answer(code, "unknown_area", area=room)
    assert not _on(hass, KITCHEN_MUTE)


async def test_what_is_not_understood_is_said(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """A time, a duration or a whole sentence not understood: each is answered as such."""
    kitchen = devices.kitchen.id
    speech = await _say(hass, "turn on privacy mode until tomorrow", device_id=kitchen)
    assert speech == _answer("en", "bad_time", time="tomorrow")
    speech = await _say(hass, "stop listening until 13 pm", device_id=kitchen)
    assert speech == _answer("en", "bad_time", time="13 pm")
    speech = await _say(hass, "privacy mode for a fortnight", device_id=kitchen)
    assert speech == _answer("en", "bad_duration", duration="a fortnight")
    speech = await _say(hass, "my microphone is purple", device_id=kitchen)
    assert speech == _answer("en", "not_understood")
    assert not _on(hass, KITCHEN_MUTE)


async def test_a_conversation_in_another_language_is_answered_in_the_words_language(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """Italian is not one of ours: English words get an English answer, German a German one."""
    speech = await _say(hass, "which microphones are live", "it", devices.kitchen.id)
    assert speech.startswith(_answer("en", "live", names=LANGUAGES["en"].join(["Echo"]))[:17])
    speech = await _say(hass, "Mikrofon aus", "it", devices.kitchen.id)
    assert _on(hass, KITCHEN_MUTE)
    assert speech.startswith(_answer("de", "on", names="Kitchen"))


async def test_an_llm_may_say_the_end_as_words(
    hass: HomeAssistant,
    voice_hub: MockConfigEntry,
    devices: Devices,
    freezer: FrozenDateTimeFactory,
) -> None:
    """`until` as an LLM may send it: "HH:MM", or words of the conversation's language."""
    freezer.move_to(dt_util.as_utc(dt_util.now().replace(hour=6, minute=0)))
    await _llm(hass, "VoicePrivacyOn", devices.kitchen.id, until="half past seven")
    override = voice_hub.runtime_data.policies.policy("kitchen_id").override
    assert override is not None
    assert dt_util.as_local(override.until).strftime("%H:%M") == "07:30"


async def test_a_gate_word_in_home_assistants_own_sentence(
    hass: HomeAssistant, voice_hub: MockConfigEntry
) -> None:
    """A sentence with one of our words that none of ours matches goes to Home Assistant's."""
    hass.states.async_set("light.private_lamp", "off", {"friendly_name": "Private lamp"})
    async_expose_entity(hass, conversation.DOMAIN, "light.private_lamp", True)
    turned_on = async_mock_service(hass, "light", "turn_on")
    await _say(hass, "turn on the private lamp")
    assert [call.data["entity_id"] for call in turned_on] == [["light.private_lamp"]]
    speech = await _say(hass, "éteins le micro-ondes", "fr")
    assert speech == _answer("fr", "not_understood")


async def test_a_users_own_sentence_trigger_comes_first(
    hass: HomeAssistant, voice_hub: MockConfigEntry, devices: Devices
) -> None:
    """An automation's sentence with one of our words runs, and ours leaves it alone."""
    calls = async_mock_service(hass, "test", "automation")
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "triggers": {
                    "trigger": "conversation",
                    "command": ["microphone check", "privacy mode on"],
                },
                "actions": [
                    {"action": "test.automation"},
                    {"set_conversation_response": "Automation ran"},
                ],
            }
        },
    )
    await hass.async_block_till_done()
    for sentence in ("microphone check", "privacy mode on"):
        assert await _say(hass, sentence, device_id=devices.kitchen.id) == "Automation ran"
    assert len(calls) == 2
    assert not _on(hass, KITCHEN_MUTE)
    # Ours still hears everything else.
    await _say(hass, "privacy please", device_id=devices.kitchen.id)
    assert _on(hass, KITCHEN_MUTE)


async def test_an_area_and_all_at_once_stay_private(
    hass: HomeAssistant, voice_hub: MockConfigEntry
) -> None:
    """An LLM sending an area and "all": on goes everywhere, off only in the area."""
    await _llm(hass, "VoicePrivacyOn", area="Bedroom", all_assistants=True)
    assert _on(hass, KITCHEN_MUTE)
    assert not _on(hass, NEST_PLUG)
    await _llm(hass, "VoicePrivacyOff", area="Bedroom", all_assistants=True)
    assert not _on(hass, KITCHEN_MUTE)
    assert not _on(hass, NEST_PLUG)


async def test_an_unknown_trigger_shape_turns_voice_off_and_nothing_else(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    devices: Devices,
    issue_registry: ir.IssueRegistry,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A release whose sentence triggers take other arguments (they have changed four times).

    Voice Privacy registers nothing there, says so in the log and in a repair, and keeps
    everything else: the privacy switch still mutes the satellite.
    """

    def register_trigger(self: AgentManager, trigger: Any) -> Any:
        raise AssertionError("a trigger of the old shape was registered")

    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    with patch.object(AgentManager, "register_trigger", register_trigger):
        await setup_integration(hass, hub_entry)

    assert issue_registry.async_get_issue(DOMAIN, "voice_unavailable") is not None
    assert "privacy by voice is off" in caplog.text
    await _say(hass, "turn on privacy mode", device_id=devices.kitchen.id)
    assert not _on(hass, KITCHEN_MUTE)
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.kitchen_device_privacy_mode"}, blocking=True
    )
    assert _on(hass, KITCHEN_MUTE)
