"""A Home Assistant Voice PE, set up by the real ESPHome integration, next to Voice Privacy.

Only the network library is faked: `aioesphomeapi.APIClient` is a mock that answers with the
Voice PE's own device info and entity list (from its firmware, `home-assistant-voice.yaml` of
esphome/home-assistant-voice-pe), pushes state updates as the device does, records every
command Home Assistant sends, and starts voice commands through the voice-assistant callbacks
ESPHome subscribes with. The library's `ReconnectLogic` connects at once and lets a test drop
and restore the connection. Everything above that is real: ESPHome's entities, its Assist
satellite and how it handles pipeline events, and Voice Privacy. Only the Assist pipeline run
itself is replaced by one that reports the events a speech-to-text and conversation run would,
as core's own ESPHome satellite tests do.

The Voice PE firmware exposes the switches "Mute", "Wake sound" and "Timer LED off" (disabled
by default), the light "LED Ring", the select "Wake word sensitivity", the event "Button press"
and the "Media Player"; for a voice assistant ESPHome adds the `assist_satellite` entity, two
Assist pipeline selects, a "Finished speaking detection" select and two wake word selects.
ESPHome no longer creates an "Assist in progress" binary sensor (its manager deletes stale ones).
Its "Mute" is a template switch in the firmware: muted while the hardware mute switch on the
side is on, or the microphones are muted in software; software unmute does nothing while the
hardware switch is on. The fake answers commands to it the same way.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncGenerator, AsyncIterable, Awaitable, Callable, Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from unittest.mock import AsyncMock, Mock, patch

from aioesphomeapi import (
    APIClient,
    APIVersion,
    ColorMode,
    DeviceInfo,
    EntityCategory,
    EntityInfo,
    EntityState,
    EventInfo,
    LightInfo,
    LightState,
    MediaPlayerEntityFeature,
    MediaPlayerEntityState,
    MediaPlayerInfo,
    MediaPlayerState,
    SelectInfo,
    SelectState,
    SwitchInfo,
    SwitchState,
    VoiceAssistantAudioSettings,
    VoiceAssistantCommandFlag,
    VoiceAssistantConfigurationResponse,
    VoiceAssistantEventType,
    VoiceAssistantFeature,
    VoiceAssistantWakeWord,
)
from bleak_retry_connector import bleak_manager
from freezegun.api import FrozenDateTimeFactory
from habluetooth import HaScanner
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.components.assist_pipeline import PipelineEvent, PipelineEventType
from homeassistant.components.esphome import manager as esphome_manager
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from tests.conftest import settle

from .conftest import empty_hub, recorded_states, suggested

MAC = "0C:4E:A0:09:A1:B2"
DEVICE_NAME = "Home Assistant Voice 09a1b2"

# The Voice PE's entity keys (the firmware derives them from the object ids; any stable
# numbers do for the API).
MUTE, WAKE_SOUND, TIMER_LED_OFF, LED_RING, SENSITIVITY, BUTTON_PRESS, MEDIA_PLAYER = range(101, 108)

VOICE_PE_FEATURES = (
    VoiceAssistantFeature.VOICE_ASSISTANT
    | VoiceAssistantFeature.SPEAKER
    | VoiceAssistantFeature.API_AUDIO
    | VoiceAssistantFeature.TIMERS
    | VoiceAssistantFeature.ANNOUNCE
    | VoiceAssistantFeature.START_CONVERSATION
)
SENSITIVITIES = ["Slightly sensitive", "Moderately sensitive", "Very sensitive"]
CONFIG = EntityCategory.CONFIG

# Where ESPHome builds its APIClient: in its manager since Home Assistant 2026.10
# (`async_create_api_client`), in the integration's `async_setup_entry` in 2026.6.
CLIENT_FACTORY = (
    "homeassistant.components.esphome.manager.APIClient"
    if hasattr(esphome_manager, "async_create_api_client")
    else "homeassistant.components.esphome.APIClient"
)


def _voice_pe_device_info() -> DeviceInfo:
    """What the Voice PE says about itself on connect (its Bluetooth proxy is left out)."""
    return DeviceInfo(
        name="home-assistant-voice-09a1b2",
        friendly_name=DEVICE_NAME,
        mac_address=MAC,
        esphome_version="2025.9.3",
        project_name="Nabu Casa.Home Assistant Voice PE",
        project_version="25.9.0",
        manufacturer="Espressif",
        model="esp32-s3-devkitc-1",
        voice_assistant_feature_flags=VOICE_PE_FEATURES,
        api_encryption_supported=True,
    )


def _voice_pe_entities() -> list[EntityInfo]:
    """The entities the Voice PE firmware exposes over the API."""
    return [
        SwitchInfo(key=MUTE, object_id="mute", name="Mute", icon="mdi:microphone-off",
                   entity_category=CONFIG),
        SwitchInfo(key=WAKE_SOUND, object_id="wake_sound", name="Wake sound",
                   icon="mdi:bullhorn", entity_category=CONFIG),
        SwitchInfo(key=TIMER_LED_OFF, object_id="timer_led_off", name="Timer LED off",
                   icon="mdi:led-off", entity_category=CONFIG, disabled_by_default=True),
        LightInfo(key=LED_RING, object_id="led_ring", name="LED Ring",
                  icon="mdi:circle-outline", entity_category=CONFIG,
                  supported_color_modes=[ColorMode.RGB], effects=["None"]),
        SelectInfo(key=SENSITIVITY, object_id="wake_word_sensitivity",
                   name="Wake word sensitivity", entity_category=CONFIG, options=SENSITIVITIES),
        EventInfo(key=BUTTON_PRESS, object_id="button_press", name="Button press",
                  icon="mdi:button-pointer", device_class="button",
                  event_types=["double_press", "triple_press", "long_press", "easter_egg_press"]),
        MediaPlayerInfo(key=MEDIA_PLAYER, object_id="media_player", name="Media Player",
                        supports_pause=True,
                        feature_flags=MediaPlayerEntityFeature.PAUSE
                        | MediaPlayerEntityFeature.PLAY_MEDIA
                        | MediaPlayerEntityFeature.VOLUME_SET
                        | MediaPlayerEntityFeature.VOLUME_MUTE
                        | MediaPlayerEntityFeature.STOP),
    ]  # fmt: skip


def _voice_pe_states() -> list[EntityState]:
    """The states the Voice PE sends when Home Assistant subscribes."""
    return [
        SwitchState(key=MUTE, state=False),
        SwitchState(key=WAKE_SOUND, state=True),
        SwitchState(key=TIMER_LED_OFF, state=False),
        LightState(key=LED_RING, state=False, color_mode=ColorMode.RGB, brightness=0.66),
        SelectState(key=SENSITIVITY, state="Slightly sensitive"),
        MediaPlayerEntityState(key=MEDIA_PLAYER, state=MediaPlayerState.IDLE, volume=0.6),
    ]


@dataclass
class FakeVoicePE:
    """The Voice PE on the other end of the mocked API connection."""

    hass: HomeAssistant
    client: Mock
    states: dict[int, EntityState]
    # The side switch: overrides the software mute, as in the firmware.
    hardware_mute: bool = False
    on_state: Callable[[EntityState], None] | None = None
    on_connect: Callable[[], Awaitable[None]] | None = None
    on_disconnect: Callable[[bool], Awaitable[None]] | None = None
    voice: dict[str, Callable[..., Any]] = field(default_factory=dict)

    def push(self, state: EntityState) -> None:
        """The device reports a state, as it does on every change."""
        self.states[state.key] = state
        if self.on_state is not None:
            self.on_state(state)

    def answer_switch_command(self, key: int, state: bool, device_id: int = 0) -> None:
        """The firmware acts on a switch command and reports the result a moment later."""
        if key == MUTE:
            # Muted while the hardware switch is on, whatever software asks.
            state = state or self.hardware_mute
        self.hass.loop.call_soon(self.push, SwitchState(key=key, state=state))

    def subscribe_states(self, *, on_state: Callable[[EntityState], None], **_: Any) -> None:
        """On subscription the device sends every current state."""
        self.on_state = on_state
        for state in list(self.states.values()):
            on_state(state)

    def subscribe_voice_assistant(self, **callbacks: Any) -> Callable[[], None]:
        """Keep the satellite's voice-assistant callbacks, so the device can start commands."""
        self.voice = callbacks
        return self.voice.clear

    async def async_drop_connection(self) -> None:
        """The device goes offline (pulled plug, Wi-Fi lost)."""
        assert self.on_disconnect is not None
        await self.on_disconnect(False)
        await settle(self.hass)

    async def async_restore_connection(self) -> None:
        """The device is back and the library reconnects."""
        assert self.on_connect is not None
        await self.on_connect()
        await settle(self.hass)

    async def async_start_voice_command(self, wake_word: str = "Okay Nabu") -> None:
        """The on-device wake word fired: the device asks Home Assistant to run a pipeline."""
        await self.voice["handle_start"](
            "", VoiceAssistantCommandFlag.USE_VAD, VoiceAssistantAudioSettings(), wake_word
        )

    async def async_send_audio(self, chunk: bytes) -> None:
        """The device streams microphone audio over the API connection."""
        await self.voice["handle_audio"](chunk)

    async def async_stop_voice_command(self) -> None:
        """The device's voice activity detection heard the end of the command."""
        await self.voice["handle_stop"](False)


class _ReconnectLogic:
    """aioesphomeapi's ReconnectLogic, connecting at once; the device decides the rest."""

    def __init__(
        self,
        device: FakeVoicePE,
        *,
        on_connect: Callable[[], Awaitable[None]],
        on_disconnect: Callable[[bool], Awaitable[None]],
        name: str,
        **_: Any,
    ) -> None:
        device.on_connect = on_connect
        device.on_disconnect = on_disconnect
        self.name = name
        self.deep_sleep = False
        self._device = device
        self.first_connect: asyncio.Task[None] | None = None

    async def start(self) -> None:
        """Connect in the background, as the real one does."""
        self.first_connect = self._device.hass.async_create_task(self._device.on_connect())

    async def stop(self) -> None:
        """Nothing to stop: no reconnection is ever scheduled."""

    def stop_callback(self) -> None:
        """Nothing to stop."""


@pytest.fixture
def bluetooth_quirks_of_old_releases() -> Generator[None]:
    """Let Bluetooth start and stop in a test as it does from Home Assistant 2026.10.

    2026.6's test plugin lets the scanner look for a D-Bus socket (there is none here; the
    plugin of 2026.10 says so up front), and 2026.6's Bluetooth setup drops the callback that
    cancels the scanner's device-expiry timer, which then outlives the test. The scanners made
    are kept, and their timer cancelled at the end (a no-op where the unload already did it).
    """
    scanners: list[HaScanner] = []

    def _scanner(*args: Any, **kwargs: Any) -> HaScanner:
        scanners.append(HaScanner(*args, **kwargs))
        return scanners[-1]

    with (
        patch.object(
            bleak_manager.get_global_bluez_manager_with_timeout,
            "_has_dbus_socket",
            False,
            create=True,
        ),
        patch("homeassistant.components.bluetooth.HaScanner", _scanner),
    ):
        yield
    for scanner in scanners:
        scanner._unsetup()


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(
    recorder_mock: Any,
    enable_custom_integrations: None,
    bluetooth_quirks_of_old_releases: None,
    enable_bluetooth: None,
    mock_async_zeroconf: Mock,
    tmp_path: Path,
) -> Generator[None]:
    """A recorder before Home Assistant starts; Bluetooth, zeroconf, TTS and FFmpeg offline.

    ESPHome depends on bluetooth, assist_pipeline (and so tts) and ffmpeg: Bluetooth and
    zeroconf come mocked from the test plugin, TTS keeps its cache in a temporary folder, and
    FFmpeg's version is given rather than read by running an `ffmpeg` binary.
    """
    with (
        patch("homeassistant.components.tts.DEFAULT_CACHE_DIR", str(tmp_path / "tts")),
        patch("homeassistant.components.ffmpeg.FFVersion.get_version", return_value="6.1.1"),
    ):
        yield


@pytest.fixture
async def voice_pe(hass: HomeAssistant) -> AsyncGenerator[FakeVoicePE]:
    """A Voice PE, connected and set up by the real ESPHome integration."""
    assert await async_setup_component(hass, "homeassistant", {})
    client = Mock(spec=APIClient)
    device = FakeVoicePE(hass, client, {s.key: s for s in _voice_pe_states()})
    client.api_version = APIVersion(1, 14)
    client.address = "192.168.1.50"
    client.port = 6053
    client.connected_address = "192.168.1.50"
    client.outgoing_connection_target = False
    client.connect = AsyncMock()
    client.disconnect = AsyncMock()
    client.device_info_and_list_entities = AsyncMock(
        return_value=(_voice_pe_device_info(), _voice_pe_entities(), [])
    )
    client.subscribe_home_assistant_states_and_services = Mock(side_effect=device.subscribe_states)
    client.subscribe_voice_assistant = Mock(side_effect=device.subscribe_voice_assistant)
    client.get_voice_assistant_configuration = AsyncMock(
        return_value=VoiceAssistantConfigurationResponse(
            available_wake_words=[
                VoiceAssistantWakeWord(id=model, wake_word=phrase, trained_languages=["en"])
                for model, phrase in (
                    ("okay_nabu", "Okay Nabu"),
                    ("hey_jarvis", "Hey Jarvis"),
                    ("hey_mycroft", "Hey Mycroft"),
                )
            ],
            active_wake_words=["okay_nabu"],
            max_active_wake_words=2,
        )
    )
    client.set_voice_assistant_configuration = AsyncMock()
    client.switch_command = Mock(side_effect=device.answer_switch_command)
    logics: list[_ReconnectLogic] = []

    def _reconnect_logic(**kwargs: Any) -> _ReconnectLogic:
        logics.append(_ReconnectLogic(device, **kwargs))
        return logics[-1]

    entry = MockConfigEntry(
        domain="esphome",
        title=DEVICE_NAME,
        data={
            "host": "192.168.1.50",
            "port": 6053,
            "password": "",
            "noise_psk": "QRTIErOb/fcE9Ez4PV3y7vxx1GeBUN1Vg0lu3HfN7EY=",
            "device_name": "home-assistant-voice-09a1b2",
        },
        unique_id=dr.format_mac(MAC),
    )
    entry.add_to_hass(hass)
    with (
        patch(CLIENT_FACTORY, return_value=client),
        patch("homeassistant.components.esphome.manager.ReconnectLogic", _reconnect_logic),
    ):
        assert await hass.config_entries.async_setup(entry.entry_id)
        assert logics[0].first_connect is not None
        await logics[0].first_connect
        await hass.async_block_till_done()
        yield device


@dataclass
class Ours:
    """Voice Privacy's entities of the Voice PE assistant, from the entity registry."""

    hub: MockConfigEntry
    subentry_id: str
    privacy_mode: str
    microphone: str
    listening_now: str
    last_listened: str
    activations_today: str


def _esphome(hass: HomeAssistant, domain: str, name: str) -> str:
    """The entity id ESPHome gave the Voice PE's entity of this name (as shown in the UI)."""
    for entry in er.async_get(hass).entities.values():
        if (
            entry.platform == "esphome"
            and entry.domain == domain
            and name in (entry.original_name, entry.translation_key)
        ):
            return entry.entity_id
    msg = f"no {domain} {name!r}"
    raise AssertionError(msg)


def _voice_pe_device(hass: HomeAssistant) -> dr.DeviceEntry:
    """The Voice PE's device, as ESPHome registered it."""
    (entry,) = hass.config_entries.async_entries("esphome")
    (device,) = dr.async_entries_for_config_entry(dr.async_get(hass), entry.entry_id)
    return device


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _flow_to_controls(hass: HomeAssistant, hub: MockConfigEntry) -> dict[str, Any]:
    """Add an Assist satellite and pick the Voice PE; return the controls step."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "assist_satellite"}
    )
    assert result["step_id"] == "device"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": _voice_pe_device(hass).id}
    )
    assert result["step_id"] == "controls", result
    return dict(result)


def _ours(hass: HomeAssistant, hub: MockConfigEntry, subentry_id: str) -> Ours:
    by_key = {
        entry.unique_id.removeprefix(f"{subentry_id}_"): entry.entity_id
        for entry in er.async_entries_for_config_entry(er.async_get(hass), hub.entry_id)
        if entry.config_subentry_id == subentry_id
    }
    return Ours(
        hub,
        subentry_id,
        privacy_mode=by_key["privacy_mode"],
        microphone=by_key["microphone"],
        listening_now=by_key["listening"],
        last_listened=by_key["last_listened"],
        activations_today=by_key["activations_today"],
    )


@pytest.fixture
async def ours(hass: HomeAssistant, voice_pe: FakeVoicePE) -> Ours:
    """The Voice PE added to Voice Privacy through the flow, with what the flow suggests."""
    hub = await empty_hub(hass)
    result = await _flow_to_controls(hass, hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"mute_entity": suggested(result)["mute_entity"]}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    (subentry_id,) = hub.subentries
    return _ours(hass, hub, subentry_id)


@dataclass
class PipelineRuns:
    """What the replaced Assist pipeline heard, and when it started listening."""

    listening: asyncio.Event = field(default_factory=asyncio.Event)
    audio: list[bytes] = field(default_factory=list)


@pytest.fixture
def pipeline_runs() -> Generator[PipelineRuns]:
    """Assist's pipeline run, replaced by one reporting what an STT and conversation run would.

    The satellite's own handling of these events (its states, what it tells the device) is
    ESPHome's real code; the audio is what the device streamed.
    """
    runs = PipelineRuns()

    async def _run(
        hass: HomeAssistant,
        *,
        event_callback: Callable[[PipelineEvent], None],
        stt_stream: AsyncIterable[bytes],
        **_: Any,
    ) -> None:
        event_callback(PipelineEvent(PipelineEventType.RUN_START, {}))
        event_callback(
            PipelineEvent(PipelineEventType.STT_START, {"engine": "stt.cloud", "metadata": {}})
        )
        runs.listening.set()
        runs.audio.append(b"".join([chunk async for chunk in stt_stream]))
        event_callback(
            PipelineEvent(PipelineEventType.STT_END, {"stt_output": {"text": "what time is it"}})
        )
        event_callback(
            PipelineEvent(
                PipelineEventType.INTENT_START,
                {"engine": "conversation.home_assistant", "intent_input": "what time is it"},
            )
        )
        event_callback(PipelineEvent(PipelineEventType.RUN_END))

    with patch(
        "homeassistant.components.assist_satellite.entity.async_pipeline_from_audio_stream",
        new=_run,
    ):
        yield runs


async def _wake(hass: HomeAssistant, voice_pe: FakeVoicePE, runs: PipelineRuns) -> None:
    """The Voice PE hears "Okay Nabu"; return once the pipeline listens (it waits for audio).

    The pipeline is a background task that waits for the device's audio, so waiting for all
    tasks would never return; the loop runs until the pipeline reports it is listening.
    """
    runs.listening.clear()
    await voice_pe.async_start_voice_command("Okay Nabu")
    for _ in range(100):
        if runs.listening.is_set():
            break
        await asyncio.sleep(0)
    assert runs.listening.is_set()
    await hass.async_block_till_done()


async def _voice_command(
    hass: HomeAssistant, voice_pe: FakeVoicePE, runs: PipelineRuns, satellite: str
) -> None:
    """Say "Okay Nabu, what time is it" to the Voice PE; check it listens, then is idle."""
    await _wake(hass, voice_pe, runs)
    assert _state(hass, satellite) == "listening"
    await voice_pe.async_send_audio(b"what time")
    await voice_pe.async_send_audio(b" is it")
    await voice_pe.async_stop_voice_command()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert _state(hass, satellite) == "idle"


async def test_the_voice_pe_as_esphome_presents_it(
    hass: HomeAssistant, voice_pe: FakeVoicePE
) -> None:
    """The entity list the suggestions rely on, pinned.

    A "Mute" switch, one assist_satellite, and no "Assist in progress" binary sensor (ESPHome
    dropped it; only Wyoming still has one). If a firmware or ESPHome change moves these, the
    suggestions in discovery.py need a look.
    """
    device = _voice_pe_device(hass)
    assert (device.manufacturer, device.model, device.name) == (
        "Nabu Casa",
        "Home Assistant Voice PE",
        DEVICE_NAME,
    )
    entities = {
        (entry.domain, entry.translation_key, entry.original_name, entry.disabled_by is not None)
        for entry in er.async_entries_for_device(
            er.async_get(hass), device.id, include_disabled_entities=True
        )
    }
    assert entities == {
        ("assist_satellite", "assist_satellite", "Assist satellite", False),
        ("switch", None, "Mute", False),
        ("switch", None, "Wake sound", False),
        ("switch", None, "Timer LED off", True),
        ("light", None, "LED Ring", False),
        ("select", None, "Wake word sensitivity", False),
        ("event", None, "Button press", False),
        ("media_player", None, "Media Player", False),
        ("select", "pipeline", "Assistant", False),
        ("select", "pipeline_n", "Assistant 2", False),
        ("select", "vad_sensitivity", "Finished speaking detection", False),
        ("select", "wake_word", "Wake word", False),
        ("select", "wake_word_n", "Wake word 2", False),
    }


async def test_flow_offers_the_voice_pe_and_suggests_its_mute(
    hass: HomeAssistant, voice_pe: FakeVoicePE
) -> None:
    """The Voice PE is an Assist satellite device; its "Mute" is the suggested mute switch.

    It has no power switch of its own, so none is suggested; a satellite has no DND or
    microphone sensor field.
    """
    hub = await empty_hub(hass)
    result = await _flow_to_controls(hass, hub)
    mute = _esphome(hass, "switch", "Mute")
    assert suggested(result)["mute_entity"] == mute
    assert suggested(result)["power_entity"] is None
    assert {str(marker) for marker in result["data_schema"].schema} == {
        "mute_entity",
        "power_entity",
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"mute_entity": mute}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == DEVICE_NAME
    await hass.async_block_till_done()
    (subentry,) = hub.subentries.values()
    assert subentry.data == {
        "kind": "assist_satellite",
        "device_id": _voice_pe_device(hass).id,
        "mute_entity": mute,
    }
    ours = _ours(hass, hub, subentry.subentry_id)
    assert _state(hass, ours.privacy_mode) == "off"
    assert _state(hass, ours.microphone) == "live"
    assert _state(hass, ours.listening_now) == "off"
    assert _state(hass, ours.activations_today) == "0"


async def test_mute_on_the_device_is_privacy(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours
) -> None:
    """The side switch mutes the Voice PE, which reports "Mute" on: privacy, device-confirmed."""
    voice_pe.hardware_mute = True
    voice_pe.push(SwitchState(key=MUTE, state=True))
    await settle(hass)
    mute = _esphome(hass, "switch", "Mute")
    assert _state(hass, mute) == "on"
    assert _state(hass, ours.privacy_mode) == "on"
    microphone = hass.states.get(ours.microphone)
    assert microphone is not None
    assert microphone.state == "muted"
    assert microphone.attributes["decided_by"] == mute
    assert microphone.attributes["confirmed_by"] == "device"

    voice_pe.hardware_mute = False
    voice_pe.push(SwitchState(key=MUTE, state=False))
    await settle(hass)
    assert _state(hass, ours.privacy_mode) == "off"
    assert _state(hass, ours.microphone) == "live"


async def test_privacy_switch_mutes_the_voice_pe(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours
) -> None:
    """Our privacy switch sends ESPHome's switch command for "Mute", over the API.

    Privacy is on only once the device answers that it is muted (and off again likewise).
    """
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": ours.privacy_mode}, blocking=True
    )
    voice_pe.client.switch_command.assert_called_once_with(MUTE, True, device_id=0)
    assert _state(hass, _esphome(hass, "switch", "Mute")) == "on"
    assert _state(hass, ours.privacy_mode) == "on"
    assert _state(hass, ours.microphone) == "muted"

    voice_pe.client.switch_command.reset_mock()
    await hass.services.async_call(
        "switch", "turn_off", {"entity_id": ours.privacy_mode}, blocking=True
    )
    voice_pe.client.switch_command.assert_called_once_with(MUTE, False, device_id=0)
    assert _state(hass, ours.privacy_mode) == "off"
    assert _state(hass, ours.microphone) == "live"


async def test_hardware_mute_cannot_be_undone_from_home_assistant(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours
) -> None:
    """With the side switch on, the firmware ignores a software unmute.

    Turning privacy off fails (not confirmed) and privacy stays on: the device keeps
    reporting "Mute" on, and that is what is shown.
    """
    voice_pe.hardware_mute = True
    voice_pe.push(SwitchState(key=MUTE, state=True))
    await settle(hass)

    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "switch", "turn_off", {"entity_id": ours.privacy_mode}, blocking=True
        )
    assert err.value.translation_key == "not_confirmed"
    voice_pe.client.switch_command.assert_called_once_with(MUTE, False, device_id=0)
    await hass.async_block_till_done()
    assert _state(hass, ours.privacy_mode) == "on"
    assert _state(hass, ours.microphone) == "muted"


async def test_voice_pe_lost_before_it_confirms_mute(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours
) -> None:
    """The Voice PE drops off the network between the command and its report.

    Privacy fails as unavailable, naming the Mute switch, rather than blaming the device for
    not confirming; nothing is shown as muted. (It has no plug to fall back to.)
    """
    mute = _esphome(hass, "switch", "Mute")

    def drop_instead_of_answering(*_: Any, **__: Any) -> None:
        assert voice_pe.on_disconnect is not None
        hass.async_create_task(voice_pe.on_disconnect(False))

    voice_pe.client.switch_command.side_effect = drop_instead_of_answering
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "switch", "turn_on", {"entity_id": ours.privacy_mode}, blocking=True
        )
    assert err.value.translation_key == "control_unavailable"
    assert mute in str(err.value)
    await settle(hass)
    assert _state(hass, ours.privacy_mode) == "unavailable"
    assert _state(hass, ours.microphone) == "unavailable"


async def test_voice_pe_offline_and_back(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours
) -> None:
    """Offline, nothing tells the microphone state: it is not shown as live or muted.

    While it was away someone flipped the side switch: once back, the device's own report
    says muted.
    """
    mute = _esphome(hass, "switch", "Mute")
    await voice_pe.async_drop_connection()
    assert _state(hass, mute) == "unavailable"
    live_microphones = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{ours.hub.entry_id}_live_microphones"
    )
    assert live_microphones is not None
    offline = {
        "satellite": _state(hass, _esphome(hass, "assist_satellite", "assist_satellite")),
        "privacy_mode": _state(hass, ours.privacy_mode),
        "microphone": _state(hass, ours.microphone),
        "listening_now": _state(hass, ours.listening_now),
        "activations_today": _state(hass, ours.activations_today),
    }
    assert offline == {
        "satellite": "unavailable",
        "privacy_mode": "unavailable",
        "microphone": "unavailable",
        "listening_now": "unavailable",
        "activations_today": "0",
    }
    # The home-wide count still names it: a microphone not known to be cut may be listening.
    live = hass.states.get(live_microphones)
    assert live is not None
    assert live.state == "1"
    assert live.attributes["unknown"] == [DEVICE_NAME]

    voice_pe.hardware_mute = True
    voice_pe.states[MUTE] = SwitchState(key=MUTE, state=True)
    await voice_pe.async_restore_connection()
    assert _state(hass, mute) == "on"
    assert _state(hass, _esphome(hass, "assist_satellite", "assist_satellite")) == "idle"
    assert _state(hass, ours.privacy_mode) == "on"
    assert _state(hass, ours.microphone) == "muted"
    assert _state(hass, ours.listening_now) == "off"
    # Coming back is not an activation.
    assert _state(hass, ours.activations_today) == "0"
    assert _state(hass, live_microphones) == "0"


async def test_voice_commands_count_as_activations(
    hass: HomeAssistant,
    voice_pe: FakeVoicePE,
    ours: Ours,
    pipeline_runs: PipelineRuns,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Each wake word the Voice PE hears is one activation.

    It listens now while it streams; going on to processing and back to idle does not count
    again.
    """
    satellite = _esphome(hass, "assist_satellite", "assist_satellite")
    freezer.move_to("2026-11-27T10:00:00+00:00")
    runs = pipeline_runs
    await _wake(hass, voice_pe, runs)
    # The satellite told the device to start streaming: this is ESPHome's real satellite.
    voice_pe.client.send_voice_assistant_event.assert_any_call(
        VoiceAssistantEventType.VOICE_ASSISTANT_STT_START, {}
    )
    assert _state(hass, satellite) == "listening"
    assert _state(hass, ours.listening_now) == "on"
    assert _state(hass, ours.activations_today) == "1"
    assert _state(hass, ours.last_listened) == "2026-11-27T10:00:00+00:00"
    await voice_pe.async_send_audio(b"what time")
    await voice_pe.async_send_audio(b" is it")
    await voice_pe.async_stop_voice_command()
    await hass.async_block_till_done(wait_background_tasks=True)
    assert runs.audio == [b"what time is it"]
    assert _state(hass, satellite) == "idle"
    assert _state(hass, ours.listening_now) == "off"
    assert _state(hass, ours.activations_today) == "1"

    freezer.move_to("2026-11-27T10:05:00+00:00")
    await _voice_command(hass, voice_pe, runs, satellite)
    assert _state(hass, ours.activations_today) == "2"
    assert _state(hass, ours.last_listened) == "2026-11-27T10:05:00+00:00"


async def test_purge_takes_only_the_satellite_history(
    hass: HomeAssistant, voice_pe: FakeVoicePE, ours: Ours, pipeline_runs: PipelineRuns
) -> None:
    """The recorder purge removes when the Voice PE listened, and nothing else of it.

    Its mute, LED ring and wake word settings are not voice data and keep their history.
    """
    satellite = _esphome(hass, "assist_satellite", "assist_satellite")
    mute = _esphome(hass, "switch", "Mute")
    led_ring = _esphome(hass, "light", "LED Ring")
    sensitivity = _esphome(hass, "select", "Wake word sensitivity")
    await _voice_command(hass, voice_pe, pipeline_runs, satellite)
    voice_pe.push(SwitchState(key=MUTE, state=True))
    voice_pe.push(LightState(key=LED_RING, state=True, color_mode=ColorMode.RGB, brightness=1.0))
    voice_pe.push(SelectState(key=SENSITIVITY, state="Very sensitive"))
    await settle(hass)
    await async_wait_recording_done(hass)
    assert await recorded_states(hass, satellite) == ["idle", "listening", "processing", "idle"]
    kept = {e: await recorded_states(hass, e) for e in (mute, led_ring, sensitivity)}
    # ESPHome adds its entities before the device's first states arrive: unknown first.
    assert kept == {
        mute: ["unknown", "off", "on"],
        led_ring: ["unknown", "off", "on"],
        sensitivity: ["unknown", "Slightly sensitive", "Very sensitive"],
    }

    dry = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": ours.microphone, "sources": ["recorder"], "dry_run": True},
        blocking=True,
        return_response=True,
    )
    assert dry is not None
    assert dry["assistants"][0]["sources"]["recorder"]["entities"] == [satellite]

    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": ours.microphone, "sources": ["recorder"]},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    assert response is not None
    assert response["assistants"][0]["sources"]["recorder"] == {
        "status": "removed",
        "entities": [satellite],
        "keep_days": 0,
    }
    assert await recorded_states(hass, satellite) == []
    assert {entity_id: await recorded_states(hass, entity_id) for entity_id in kept} == kept
