"""Voice Privacy beside a real Wyoming satellite: wyoming-satellite on a Raspberry Pi.

The core `wyoming` integration is set up for real, for a Pi Zero 2 W running
wyoming-satellite in the living room, and makes its own entities on the Pi's device: the
`assist_satellite`, its "Mute" switch, the "Assistant", "Noise suppression level" and
"Finished speaking detection" selects, the "Auto gain" and "Mic volume" numbers and the
"Assist in progress" binary sensor (disabled by default). There is no "Satellite enabled"
switch on a Wyoming satellite (that is ESPHome's).

Only the network is faked, where core's own Wyoming tests fake it: the Pi's answer to
`Describe` (`load_wyoming_info`) and the TCP connection Home Assistant keeps to the
satellite (`AsyncTcpClient`). The fake connection records every event Home Assistant sends
(RunSatellite, PauseSatellite, Transcribe, ...) and carries what the Pi sends (its wake-word
Detection, RunPipeline, microphone audio, AudioStop, Pong). Assist itself (speech-to-text,
intents) is the one other stand-in, as in core's satellite tests: a short pipeline that
listens to the Pi's audio until it ends.

What the Wyoming integration does, seen here: its Mute switch is Home Assistant's own state.
Muting sends PauseSatellite, ends a voice command in progress and stops reading the Pi's
audio; unmuting then reconnects and sends RunSatellite. Nothing comes back from the Pi to confirm
either, and a Pi that drops its connection leaves every Wyoming entity as it was; only a
Wyoming entry that cannot reach the Pi when it is set up (a restart) makes them unavailable.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterable, AsyncIterator, Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import timedelta
import importlib.util
from pathlib import Path
from typing import Any, cast
from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from wyoming.audio import AudioChunk, AudioStop
from wyoming.event import Event
from wyoming.info import Attribution, Describe, Info, Satellite
from wyoming.ping import Ping, Pong
from wyoming.pipeline import PipelineStage, RunPipeline
from wyoming.satellite import PauseSatellite, RunSatellite
from wyoming.wake import Detection

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.components.assist_pipeline import PipelineEvent, PipelineEventType
from homeassistant.config_entries import SOURCE_USER, ConfigEntryState, SubentryFlowResult
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import Context, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
from tests.conftest import device_owners, settle

from .conftest import empty_hub, recorded_states, suggested

HOST = "192.168.1.40"
PORT = 10700
PI_INFO = Info(
    satellite=Satellite(
        name="Living room satellite",
        description="wyoming-satellite on a Raspberry Pi Zero 2 W",
        attribution=Attribution(name="Rhasspy", url="https://github.com/rhasspy/wyoming-satellite"),
        installed=True,
        version="1.4.1",
        area="Living room",
    )
)
MIC_AUDIO = AudioChunk(rate=16000, width=2, channels=1, audio=bytes(2048)).event()
RUN = RunSatellite().event().type
PAUSE = PauseSatellite().event().type
# Where Wyoming asks for the Pi's Info: at setup (`data`) and, from Home Assistant 2026.10,
# every 30 seconds (`coordinator`, a module 2026.6 does not have).
DESCRIBE_CALLERS = [
    f"homeassistant.components.wyoming.{module}.load_wyoming_info"
    for module in ("data", "coordinator")
    if importlib.util.find_spec(f"homeassistant.components.wyoming.{module}")
]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """Start the recorder before Home Assistant (the purge tests need it), then Voice Privacy."""


@pytest.fixture(autouse=True)
def assist_on_disk(tmp_path: Path) -> Iterator[None]:
    """Keep Assist's text-to-speech cache in a temporary folder; no ffmpeg binary is run."""
    with (
        patch("homeassistant.components.tts._init_tts_cache_dir", return_value=str(tmp_path)),
        patch("homeassistant.components.tts._get_cache_files", return_value={}),
        patch("homeassistant.components.ffmpeg.FFVersion.get_version", return_value=None),
    ):
        yield


class PiConnection:
    """One TCP connection from Home Assistant to the Pi, where `AsyncTcpClient` would be.

    Records what Home Assistant writes, and answers as wyoming-satellite does: its Info to
    Describe, Pong to Ping. What else the Pi says is put in with `send`.
    """

    def __init__(self, pi: WyomingPi) -> None:
        """Nothing is open until Home Assistant connects."""
        self._pi = pi
        self._inbox: asyncio.Queue[Event | None] = asyncio.Queue()
        self.written: list[Event] = []
        self.connected = False

    async def connect(self) -> None:
        """Connect, unless the Pi is off the network."""
        if not self._pi.online:
            raise ConnectionRefusedError(HOST)
        self.connected = True
        self._pi.connections.append(self)

    async def disconnect(self) -> None:
        """Close the socket."""
        self.connected = False

    async def write_event(self, event: Event) -> None:
        """Home Assistant sends an event to the Pi."""
        if not self.connected:
            raise ConnectionResetError(HOST)
        self.written.append(event)
        if Describe.is_type(event.type):
            self.send(self._pi.info.event())
        elif Ping.is_type(event.type):
            self.send(Pong(text=Ping.from_event(event).text).event())

    async def read_event(self) -> Event | None:
        """Home Assistant reads the Pi's next event; None when the Pi hung up."""
        return await self._inbox.get()

    def send(self, event: Event | None) -> None:
        """The Pi sends an event; None closes the connection from its side."""
        self._inbox.put_nowait(event)

    def sent(self) -> list[str]:
        """The types of the events Home Assistant sent on this connection, in order."""
        return [event.type for event in self.written]


class WyomingPi:
    """The Raspberry Pi on the network: its Info, and the connections made to it."""

    def __init__(self) -> None:
        """On the network, wyoming-satellite running."""
        self.info = PI_INFO
        self.online = True
        self.connections: list[PiConnection] = []

    def client(self, host: str, port: int) -> PiConnection:
        """Stand in for `AsyncTcpClient(host, port)`."""
        assert (host, port) == (HOST, PORT)
        return PiConnection(self)

    async def describe(self, host: str, port: int, *_args: Any, **_kwargs: Any) -> Info | None:
        """Stand in for `load_wyoming_info`: the Pi's Info; None while it is off the network."""
        assert (host, port) == (HOST, PORT)
        return self.info if self.online else None

    @property
    def link(self) -> PiConnection:
        """The connection Home Assistant opened last."""
        assert self.connections, "Home Assistant never connected"
        return self.connections[-1]

    def hears_wake_word(self) -> None:
        """Someone says "Okay Nabu": the Pi detects it and streams the command that follows."""
        self.link.send(Detection(name="ok_nabu").event())
        self.link.send(
            RunPipeline(start_stage=PipelineStage.ASR, end_stage=PipelineStage.TTS).event()
        )
        self.link.send(MIC_AUDIO)

    def end_of_command(self) -> None:
        """The Pi's voice activity detection hears the command end."""
        self.link.send(MIC_AUDIO)
        self.link.send(AudioStop().event())


async def _assist(
    hass: HomeAssistant,
    *,
    event_callback: Callable[[PipelineEvent], None],
    stt_stream: AsyncIterable[bytes],
    **_kwargs: Any,
) -> None:
    """Assist in short: listen to the satellite's audio until it ends, then act on it.

    As Assist's own run, it always ends with RUN_END, cancelled or not.
    """
    event_callback(PipelineEvent(PipelineEventType.RUN_START))
    try:
        event_callback(PipelineEvent(PipelineEventType.STT_START, {"metadata": {"language": "en"}}))
        heard = [chunk async for chunk in stt_stream]
        text = "turn on the lights" if heard else ""
        event_callback(PipelineEvent(PipelineEventType.STT_END, {"stt_output": {"text": text}}))
        event_callback(PipelineEvent(PipelineEventType.INTENT_START))
        event_callback(PipelineEvent(PipelineEventType.INTENT_END))
    finally:
        event_callback(PipelineEvent(PipelineEventType.RUN_END))


async def _until(
    hass: HomeAssistant, check: Callable[[], bool], what: str, seconds: float = 3
) -> None:
    """Wait until `check` holds.

    The satellite runs in background tasks, which `async_block_till_done` does not wait for.
    """
    for _ in range(int(seconds * 100)):
        if check():
            break
        await asyncio.sleep(0.01)
    else:
        message = f"never happened: {what}"
        raise AssertionError(message)
    await hass.async_block_till_done()


async def _running(hass: HomeAssistant, pi: WyomingPi, connections: int) -> None:
    """Wait until Home Assistant opened this many connections and told the Pi to run."""
    await _until(
        hass,
        lambda: len(pi.connections) >= connections and RUN in pi.link.sent(),
        f"connection {connections} runs the satellite",
    )


def _entry_state(wyoming: Wyoming) -> ConfigEntryState:
    state: ConfigEntryState = wyoming.entry.state
    return state


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


@dataclass
class Wyoming:
    """The Wyoming entry and the entity ids it made on the Pi's device (from the registry)."""

    entry: MockConfigEntry
    device_id: str
    satellite: str
    mute: str
    assist_in_progress: str
    assistant: str
    noise_suppression: str
    finished_speaking: str
    auto_gain: str
    mic_volume: str


@dataclass
class Ours:
    """Voice Privacy's entities of the satellite (from the registry, platform voice_privacy)."""

    microphone: str
    privacy_mode: str
    listening_now: str
    last_listened: str
    activations_today: str


@pytest.fixture
def pi() -> WyomingPi:
    """The Raspberry Pi running wyoming-satellite."""
    return WyomingPi()


@pytest.fixture
async def wyoming(hass: HomeAssistant, pi: WyomingPi) -> AsyncIterator[Wyoming]:
    """Core Wyoming set up for the Pi, connected, the satellite told to run."""
    assert await async_setup_component(hass, "homeassistant", {})
    with ExitStack() as patches:
        for target in DESCRIBE_CALLERS:
            patches.enter_context(patch(target, pi.describe))
        patches.enter_context(
            patch("homeassistant.components.wyoming.assist_satellite.AsyncTcpClient", pi.client)
        )
        patches.enter_context(
            patch(
                "homeassistant.components.assist_satellite.entity.async_pipeline_from_audio_stream",
                _assist,
            )
        )
        entry = MockConfigEntry(
            domain="wyoming", data={"host": HOST, "port": PORT}, title="Living room satellite"
        )
        entry.add_to_hass(hass)
        assert await hass.config_entries.async_setup(entry.entry_id)
        await hass.async_block_till_done()
        await _running(hass, pi, 1)
        registry = er.async_get(hass)

        def _id(domain: str, key: str) -> str:
            entity_id = registry.async_get_entity_id(domain, "wyoming", f"{entry.entry_id}-{key}")
            assert entity_id, key
            return entity_id

        satellite = _id("assist_satellite", "assist_satellite")
        satellite_entry = registry.async_get(satellite)
        assert satellite_entry is not None
        assert satellite_entry.device_id is not None
        yield Wyoming(
            entry=entry,
            device_id=satellite_entry.device_id,
            satellite=satellite,
            mute=_id("switch", "mute"),
            assist_in_progress=_id("binary_sensor", "assist_in_progress"),
            assistant=_id("select", "pipeline"),
            noise_suppression=_id("select", "noise_suppression_level"),
            finished_speaking=_id("select", "vad_sensitivity"),
            auto_gain=_id("number", "auto_gain"),
            mic_volume=_id("number", "volume_multiplier"),
        )


async def _controls_step(
    hass: HomeAssistant, hub: MockConfigEntry, device_id: str
) -> SubentryFlowResult:
    """Start adding an assistant: kind assist_satellite, then the Pi's device."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "assist_satellite"}
    )
    assert result["step_id"] == "device"
    # The device picker offers devices with an assist_satellite entity: the Pi's has one.
    assert _selector(result, "device_id") == {
        "device": {"entity": [{"domain": ["assist_satellite"]}], "multiple": False}
    }
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": device_id}
    )
    assert result["type"] is FlowResultType.FORM
    assert result.get("errors") in (None, {})
    assert result["step_id"] == "controls"
    return result


def _selector(result: SubentryFlowResult, key: str) -> dict[str, Any]:
    """The selector of one field of a form, as the frontend receives it."""
    schema = result["data_schema"]
    assert schema is not None
    field = next(field for field in schema.schema if field == key)
    selector: dict[str, Any] = schema.schema[field].serialize()["selector"]
    return selector


def _ours(hass: HomeAssistant) -> Ours:
    registry = er.async_get(hass)
    by_key = {
        entry.translation_key: entry.entity_id
        for entry in registry.entities.values()
        if entry.platform == DOMAIN
    }
    return Ours(
        microphone=by_key["microphone"],
        privacy_mode=by_key["privacy_mode"],
        listening_now=by_key["listening"],
        last_listened=by_key["last_listened"],
        activations_today=by_key["activations_today"],
    )


@pytest.fixture
async def ours(hass: HomeAssistant, wyoming: Wyoming) -> Ours:
    """Voice Privacy with the satellite added through the flow, its Mute switch linked."""
    hub = await empty_hub(hass)
    result = await _controls_step(hass, hub, wyoming.device_id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"mute_entity": wyoming.mute}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    return _ours(hass)


async def _switch(
    hass: HomeAssistant, entity_id: str, on: bool, context: Context | None = None
) -> None:
    await hass.services.async_call(
        "switch",
        "turn_on" if on else "turn_off",
        {"entity_id": entity_id},
        blocking=True,
        context=context,
    )
    await settle(hass)


# --- the flow ---------------------------------------------------------------------------


async def test_flow_offers_the_pi_and_suggests_its_mute_switch(
    hass: HomeAssistant, wyoming: Wyoming
) -> None:
    """The Pi's device is offered for an Assist satellite, and its Wyoming Mute is suggested.

    The Mute switch is the only switch Wyoming gives the Pi; nothing else of the device (the
    numbers, selects, the Assist in progress sensor) is suggested as a control, and a purge
    is announced to clear only its voice entities.
    """
    registry = er.async_get(hass)
    switches = [
        entry.entity_id
        for entry in er.async_entries_for_device(
            registry, wyoming.device_id, include_disabled_entities=True
        )
        if entry.domain == "switch"
    ]
    assert switches == [wyoming.mute]
    in_progress = registry.async_get(wyoming.assist_in_progress)
    assert in_progress is not None
    assert in_progress.disabled_by is er.RegistryEntryDisabler.INTEGRATION
    hub = await empty_hub(hass)
    result = await _controls_step(hass, hub, wyoming.device_id)
    assert suggested(result) == {"mute_entity": wyoming.mute, "power_entity": None}
    # Assist in progress is disabled by default; its history would still be voice history.
    placeholders = result["description_placeholders"]
    assert placeholders is not None
    purged = placeholders["voice_entities"].split(", ")
    assert purged == sorted([wyoming.assist_in_progress, wyoming.satellite])

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"mute_entity": wyoming.mute}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living room satellite"
    await hass.async_block_till_done()
    ours = _ours(hass)
    assert _state(hass, ours.microphone) == "live"
    assert _state(hass, ours.privacy_mode) == "off"
    # Voice Privacy's entities sit on the Pi's own device, which stays Wyoming's alone.
    entry = registry.async_get(ours.microphone)
    assert entry is not None
    assert entry.device_id == wyoming.device_id
    device = dr.async_get(hass).async_get(entry.device_id)
    assert isinstance(device, dr.DeviceEntry)
    assert {entry_id for entry_id, _ in device_owners(device)} == {wyoming.entry.entry_id}


# --- privacy mode and the Microphone sensor ---------------------------------------------


async def test_privacy_mode_mutes_the_satellite_and_it_stops_listening(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """Our privacy switch turns the Wyoming Mute on, and the satellite stops streaming.

    On Mute, Wyoming sends the Pi PauseSatellite and ends the voice command in progress;
    what the Pi streams after that is not heard. Turning privacy off unmutes: Wyoming
    connects again and tells the Pi to run.
    """
    pi.hears_wake_word()
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "listening", "listening")
    await _switch(hass, ours.privacy_mode, True)

    assert _state(hass, wyoming.mute) == "on"
    assert _state(hass, ours.privacy_mode) == "on"
    microphone = hass.states.get(ours.microphone)
    assert microphone is not None
    assert microphone.state == "muted"
    assert microphone.attributes["decided_by"] == wyoming.mute
    # Wyoming's mute is Home Assistant's own state: the Pi never confirms it.
    assert microphone.attributes["confirmed_by"] == "home_assistant"
    # The Pi is told to pause, and the command it was streaming ends unheard.
    await _until(hass, lambda: PAUSE in pi.link.sent(), "PauseSatellite sent to the Pi")
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "idle", "the command ends")
    assert _state(hass, ours.listening_now) == "off"
    activations = _state(hass, ours.activations_today)

    # The Pi goes on streaming (a wake word while paused): nothing is heard.
    paused = pi.link
    before = len(paused.written)
    pi.hears_wake_word()
    await asyncio.sleep(0.3)
    await hass.async_block_till_done()
    assert _state(hass, wyoming.satellite) == "idle"
    assert _state(hass, ours.activations_today) == activations
    assert "transcribe" not in paused.sent()[before:]

    await _switch(hass, ours.privacy_mode, False)
    assert _state(hass, wyoming.mute) == "off"
    assert _state(hass, ours.microphone) == "live"
    await _running(hass, pi, 2)
    assert not paused.connected


async def test_mute_switched_by_someone_else_is_followed(
    hass: HomeAssistant,
    wyoming: Wyoming,
    ours: Ours,
    pi: WyomingPi,
    hass_ordinary_user: MockUser,
) -> None:
    """Another user switching the Wyoming Mute is what the Microphone sensor shows.

    The Mute switch is the satellite's only mute, so a change there is the device's side.
    """
    someone = Context(user_id=hass_ordinary_user.id)
    await _switch(hass, wyoming.mute, True, someone)
    assert _state(hass, ours.microphone) == "muted"
    assert _state(hass, ours.privacy_mode) == "on"
    await _until(hass, lambda: PAUSE in pi.link.sent(), "PauseSatellite sent to the Pi")

    await _switch(hass, wyoming.mute, False, someone)
    assert _state(hass, ours.microphone) == "live"
    assert _state(hass, ours.privacy_mode) == "off"


# --- the Pi away and back ------------------------------------------------------------------


async def test_pi_dropping_its_connection_is_not_seen_and_it_reconnects(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """The Pi reboots mid-command: the command ends, no Wyoming entity goes unavailable.

    Wyoming does not show its connection: the satellite goes back to idle, the Mute switch
    keeps its state, and the Microphone sensor stays live (as the README says). Home
    Assistant reconnects by itself (after 3 seconds, really waited here) and runs the Pi again.
    """
    pi.hears_wake_word()
    await _until(hass, lambda: _state(hass, ours.listening_now) == "on", "listening")
    pi.link.send(None)  # the Pi closes the connection

    await _until(hass, lambda: _state(hass, wyoming.satellite) == "idle", "the command ends")
    assert _state(hass, ours.listening_now) == "off"
    assert _state(hass, wyoming.mute) == "off"
    assert _state(hass, ours.microphone) == "live"
    assert _state(hass, ours.privacy_mode) == "off"

    await _until(
        hass,
        lambda: len(pi.connections) == 2 and RUN in pi.link.sent(),
        "Home Assistant reconnects",
        seconds=6,
    )
    assert _state(hass, ours.microphone) == "live"


async def test_pi_off_the_network_at_a_restart_and_back(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """Wyoming set up while the Pi is unreachable: its entities, and ours, are unavailable.

    That is when a Wyoming satellite's entities go unavailable (its entry waits to retry).
    Our Microphone and privacy switch say so rather than guessing; the activity counts are
    ours and stay. Once the Pi answers again, Wyoming restores its Mute (privacy was on), the
    Pi is paused again and privacy mode reads on again.
    """
    await _switch(hass, ours.privacy_mode, True)
    pi.online = False
    assert await hass.config_entries.async_reload(wyoming.entry.entry_id) is False
    await hass.async_block_till_done()
    assert _entry_state(wyoming) is ConfigEntryState.SETUP_RETRY
    for entity_id in (wyoming.satellite, wyoming.mute):
        assert _state(hass, entity_id) == STATE_UNAVAILABLE
    assert _state(hass, ours.microphone) == STATE_UNAVAILABLE
    assert _state(hass, ours.privacy_mode) == STATE_UNAVAILABLE
    assert _state(hass, ours.listening_now) == STATE_UNAVAILABLE
    assert _state(hass, ours.activations_today) == "0"

    pi.online = True
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(minutes=2))
    await hass.async_block_till_done()
    assert _entry_state(wyoming) is ConfigEntryState.LOADED
    await _until(hass, lambda: PAUSE in pi.link.sent(), "the Pi is paused again")
    assert len(pi.connections) == 2
    assert _state(hass, wyoming.mute) == "on"
    assert _state(hass, ours.microphone) == "muted"
    assert _state(hass, ours.privacy_mode) == "on"
    assert _state(hass, ours.listening_now) == "off"


# --- the recorder purge --------------------------------------------------------------------


async def _assist_in_progress_enabled(hass: HomeAssistant, wyoming: Wyoming, pi: WyomingPi) -> None:
    """The user enables "Assist in progress" (disabled by default); Wyoming reloads."""
    er.async_get(hass).async_update_entity(wyoming.assist_in_progress, disabled_by=None)
    assert await hass.config_entries.async_reload(wyoming.entry.entry_id)
    await hass.async_block_till_done()
    await _running(hass, pi, 2)
    assert _state(hass, wyoming.assist_in_progress) == "off"


async def _one_command(hass: HomeAssistant, wyoming: Wyoming, pi: WyomingPi) -> None:
    """A voice command from the Pi, start to end."""
    pi.hears_wake_word()
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "listening", "listening")
    pi.end_of_command()
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "idle", "the command ends")


async def _settings_changed(hass: HomeAssistant, wyoming: Wyoming) -> None:
    """The user tunes the Pi's microphone: history that is not voice data."""
    await hass.services.async_call(
        "number", "set_value", {"entity_id": wyoming.mic_volume, "value": 2.5}, blocking=True
    )
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": wyoming.noise_suppression, "option": "high"},
        blocking=True,
    )
    await _switch(hass, wyoming.mute, True)
    await _switch(hass, wyoming.mute, False)


async def _purge(hass: HomeAssistant, ours: Ours) -> dict[str, Any]:
    """Purge the satellite's recorder history, all of it; return what the recorder did."""
    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": ours.microphone, "sources": ["recorder"]},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    assert response is not None
    assistant = cast("list[dict[str, Any]]", response["assistants"])[0]
    return cast("dict[str, Any]", assistant["sources"]["recorder"])


def _not_voice(wyoming: Wyoming) -> list[str]:
    """The Pi's entities whose history is not voice data."""
    return [
        wyoming.mute,
        wyoming.assistant,
        wyoming.noise_suppression,
        wyoming.finished_speaking,
        wyoming.auto_gain,
        wyoming.mic_volume,
    ]


async def test_purge_removes_only_the_satellites_voice_history(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """The assist_satellite and "Assist in progress" lose their history; nothing else does.

    Both tell when the satellite listened. The Mute switch, the Mic volume number and the
    other settings of the Pi are not voice data and keep their history.
    """
    await _assist_in_progress_enabled(hass, wyoming, pi)
    await _one_command(hass, wyoming, pi)
    await _settings_changed(hass, wyoming)
    await async_wait_recording_done(hass)
    assert "listening" in await recorded_states(hass, wyoming.satellite)
    assert "on" in await recorded_states(hass, wyoming.assist_in_progress)
    kept = {entity_id: await recorded_states(hass, entity_id) for entity_id in _not_voice(wyoming)}
    # (Wyoming's reload wrote "unavailable" in between.)
    assert kept[wyoming.mute][-2:] == ["on", "off"]
    assert kept[wyoming.mic_volume][-1] == "2.5"

    recorder = await _purge(hass, ours)
    assert recorder == {
        "status": "removed",
        "entities": sorted([wyoming.assist_in_progress, wyoming.satellite]),
        "keep_days": 0,
    }
    assert await recorded_states(hass, wyoming.satellite) == []
    assert await recorded_states(hass, wyoming.assist_in_progress) == []
    for entity_id, states in kept.items():
        assert await recorded_states(hass, entity_id) == states, entity_id


async def test_purge_clears_assist_in_progress_the_user_disabled(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """A disabled "Assist in progress" keeps its old history, which is still voice history.

    The user had it enabled, it recorded when the satellite listened, then the user disabled
    it again: a purge must clear that history all the same, though the entity registry's
    device listing leaves disabled entities out unless asked.
    """
    await _assist_in_progress_enabled(hass, wyoming, pi)
    await _one_command(hass, wyoming, pi)
    er.async_get(hass).async_update_entity(
        wyoming.assist_in_progress, disabled_by=er.RegistryEntryDisabler.USER
    )
    await hass.async_block_till_done()
    await async_wait_recording_done(hass)
    assert "on" in await recorded_states(hass, wyoming.assist_in_progress)

    recorder = await _purge(hass, ours)
    assert recorder["entities"] == sorted([wyoming.assist_in_progress, wyoming.satellite])
    assert await recorded_states(hass, wyoming.assist_in_progress) == []
    assert await recorded_states(hass, wyoming.satellite) == []
    assert await recorded_states(hass, wyoming.mute) != []


# --- the listening activity ----------------------------------------------------------------


async def test_a_wake_word_on_the_pi_counts_as_one_activation(
    hass: HomeAssistant, wyoming: Wyoming, ours: Ours, pi: WyomingPi
) -> None:
    """Each command the Pi streams is one activation: Listening now, Last listened, today's count.

    The Pi detects its wake word and streams; Home Assistant asks Assist to transcribe, the
    satellite is `listening`, and that is what is counted, once per command.
    """
    assert _state(hass, ours.activations_today) == "0"
    assert _state(hass, ours.last_listened) == "unknown"
    assert _state(hass, ours.listening_now) == "off"

    before = dt_util.utcnow()
    pi.hears_wake_word()
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "listening", "listening")
    assert "transcribe" in pi.link.sent()
    assert _state(hass, ours.listening_now) == "on"
    assert _state(hass, ours.activations_today) == "1"
    last = dt_util.parse_datetime(_state(hass, ours.last_listened))
    assert last is not None
    assert before - timedelta(seconds=1) <= last <= dt_util.utcnow()

    pi.end_of_command()
    await _until(hass, lambda: _state(hass, wyoming.satellite) == "idle", "the command ends")
    assert _state(hass, ours.listening_now) == "off"
    assert _state(hass, ours.activations_today) == "1"

    await _one_command(hass, wyoming, pi)
    assert _state(hass, ours.activations_today) == "2"
    assert _state(hass, ours.listening_now) == "off"
