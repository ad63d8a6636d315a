"""Voice Privacy next to a real Sonos One, through the core `sonos` integration.

The speaker presented is a Sonos One: a speaker with far-field microphones that hosts Amazon
Alexa or Google Assistant, and whose microphone is switched on and off only on the speaker
itself (the microphone button) or in the Sonos app. Core `sonos` reports that switch as a
read-only `binary_sensor` "Microphone" (translation key `microphone`) and offers no way to
switch it, and Sonos tells nothing about when the assistant listened.

Only the network library is faked, the way core's own Sonos tests fake it: `soco.SoCo` is a
mock with the speaker's properties, SSDP announces the speaker, and the UPnP event
subscriptions are fakes a test pushes the speaker's events through ("DeviceProperties" with
`mic_enabled` when the microphone button is pressed). Everything else is the real `sonos`
integration, the real Voice Privacy subentry flow, and (for the purge) a real recorder.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Generator
from dataclasses import dataclass
from datetime import timedelta
import importlib.util
from typing import Any, cast
from unittest.mock import AsyncMock, MagicMock, patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from soco import SoCo
from soco.exceptions import SoCoException

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.components import ssdp
from homeassistant.config_entries import SOURCE_USER, SubentryFlowResult
from homeassistant.const import STATE_UNAVAILABLE
from homeassistant.core import HomeAssistant, ServiceResponse, State
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.service_info.ssdp import ATTR_UPNP_UDN, SsdpServiceInfo
from tests.conftest import settle

from .conftest import device_with_identifier, empty_hub, recorded_states, suggested

UID = "RINCON_48A6B8F2A1C301400"
IP = "192.168.1.42"
ROOM = "Living Room"

type Flow = SubentryFlowResult
# Whether the installed `sonos` has a button platform (Home Assistant 2026.10 does, 2026.6 not).
HAS_BUTTONS = importlib.util.find_spec("homeassistant.components.sonos.button") is not None


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """Start the recorder before Home Assistant (the purge test reads it), then load ours."""


# --- The faked network library -------------------------------------------------------------


class FakeSubscription:
    """One UPnP event subscription: `sonos` sets its callback, the speaker's events go there.

    Like a real UPnP service, the speaker sends its current state as soon as someone
    subscribes, where the test gave one (`initial`).
    """

    def __init__(self, service: FakeService) -> None:
        """A subscription to one service of the speaker."""
        self.service = service
        self.initial: dict[str, Any] | None = None
        self.auto_renew_fail: Callable[[Exception], None] | None = None
        self.event_listener = MagicMock()
        self.event_listener.address = ("192.168.1.10", 1400)
        self.unsubscribe = AsyncMock()
        self._callback: Callable[[Any], None] | None = None

    @property
    def callback(self) -> Callable[[Any], None] | None:
        """Where soco delivers the service's events."""
        return self._callback

    @callback.setter
    def callback(self, callback: Callable[[Any], None]) -> None:
        self._callback = callback
        if self.initial is not None:
            # Only the first listener: later ones take over an existing subscription.
            initial, self.initial = self.initial, None
            callback(FakeEvent(self.service, initial))


class FakeService:
    """A UPnP service of the speaker (DeviceProperties, AVTransport, ...)."""

    def __init__(self, service_type: str) -> None:
        """Each service has one subscription, handed out again on resubscribe."""
        self.service_type = service_type
        self.subscription = FakeSubscription(self)
        self.subscribe = AsyncMock(return_value=self.subscription)
        # Calls `sonos` makes on the service (the availability ping calls GetVolume).
        self.calls = MagicMock()

    def __getattr__(self, name: str) -> Any:
        """UPnP actions (GetVolume, GetAutoplayRoomUUID, ...), recorded on `calls`."""
        return getattr(self.calls, name)


@dataclass
class FakeEvent:
    """A UPnP event as soco hands it to `sonos`."""

    service: FakeService
    variables: dict[str, Any]
    sid: str = f"uuid:{UID}_sub0000000001"
    seq: str = "0"
    timestamp: float = 1_700_000_000.0


class SonosOne:
    """The speaker: its soco object, and what it can push to Home Assistant."""

    def __init__(self) -> None:
        """A Sonos One with its microphone on, not playing, without a battery."""
        soco = MagicMock(name="SoCo Living Room")
        soco.mock_add_spec(SoCo)
        soco.uid = UID
        soco.ip_address = IP
        soco.household_id = "Sonos_household"
        soco.player_name = ROOM
        soco.boot_seqnum = 10
        soco.is_visible = True
        soco.visible_zones = {soco}
        soco.all_zones = {soco}
        soco.group.coordinator = soco
        soco.group.members = {soco}
        soco.get_speaker_info.return_value = {
            "zone_name": ROOM,
            "uid": UID,
            "model_name": "Sonos One",
            "model_number": "S18",
            "hardware_version": "1.20.1.6-2.1",
            "software_version": "85.0-64110",
            "mac_address": "48-A6-B8-F2-A1-C3",
            "display_version": "16.4",
        }
        # A Sonos One: no soundbar, no subwoofer, no battery; the microphone is on.
        values: dict[str, Any] = {
            "mic_enabled": True,
            "play_mode": "NORMAL",
            "volume": 20,
            "mute": False,
            "bass": 0,
            "treble": 0,
            "balance": (100, 100),
            "loudness": True,
            "cross_fade": False,
            "status_light": True,
            "buttons_enabled": True,
            "night_mode": None,
            "dialog_level": None,
            "speech_enhance_enabled": None,
            "audio_delay": None,
            "sub_enabled": None,
            "sub_gain": None,
            "sub_crossover": None,
            "surround_enabled": None,
            "surround_mode": None,
            "surround_level": None,
            "music_surround_level": None,
            "soundbar_audio_input_format": None,
        }
        for name, value in values.items():
            setattr(soco, name, value)
        soco.get_battery_info.side_effect = SoCoException("No battery on a Sonos One")
        soco.get_current_track_info.return_value = {
            "title": "",
            "artist": "",
            "album": "",
            "album_art": "",
            "position": "NOT_IMPLEMENTED",
            "playlist_position": "1",
            "duration": "NOT_IMPLEMENTED",
            "uri": "",
            "metadata": "NOT_IMPLEMENTED",
        }
        soco.get_current_transport_info.return_value = {"current_transport_state": "STOPPED"}
        soco.music_source_from_uri = SoCo.music_source_from_uri
        soco.music_library = MagicMock(name="music library")
        soco.music_library.get_sonos_favorites.return_value.update_id = 1
        soco.music_library.get_music_library_information.return_value = []
        self.services: dict[str, FakeService] = {}
        for attribute, service_type in (
            ("avTransport", "AVTransport"),
            ("renderingControl", "RenderingControl"),
            ("zoneGroupTopology", "ZoneGroupTopology"),
            ("contentDirectory", "ContentDirectory"),
            ("deviceProperties", "DeviceProperties"),
            ("alarmClock", "AlarmClock"),
        ):
            service = self.services[service_type] = FakeService(service_type)
            setattr(soco, attribute, service)
        # The topology answers at once, so `sonos` knows the speaker is reachable.
        self.services["ZoneGroupTopology"].subscription.initial = {
            "zone_player_uui_ds_in_group": UID
        }
        self.services["AlarmClock"].calls.ListAlarms.return_value = {
            "CurrentAlarmListVersion": f"{UID}:1",
            "CurrentAlarmList": "<Alarms></Alarms>",
        }
        # A Sonos One has no TV input: asking for TV autoplay fails.
        self.services["DeviceProperties"].calls.GetAutoplayRoomUUID.side_effect = OSError
        self.services["DeviceProperties"].calls.GetAutoplayLinkedZones.side_effect = OSError
        self.soco = soco
        self.ssdp_callback: Callable[..., Any] | None = None

    def push(self, service_type: str, variables: dict[str, Any]) -> None:
        """The speaker sends an event on one of its services, as soco delivers it."""
        service = self.services[service_type]
        assert service.subscription.callback is not None, f"nobody subscribed to {service_type}"
        service.subscription.callback(FakeEvent(service, variables))

    def announce(self) -> None:
        """The speaker announces itself on the network (SSDP)."""
        assert self.ssdp_callback is not None
        self.ssdp_callback(
            SsdpServiceInfo(
                ssdp_location=f"http://{IP}:1400/xml/device_description.xml",
                ssdp_st="urn:schemas-upnp-org:device:ZonePlayer:1",
                ssdp_usn=f"uuid:{UID}::urn:schemas-upnp-org:device:ZonePlayer:1",
                upnp={ATTR_UPNP_UDN: f"uuid:{UID}", "modelName": "Sonos One"},
            ),
            ssdp.SsdpChange.ALIVE,  # type: ignore[attr-defined]
        )


@pytest.fixture
def speaker() -> Generator[SonosOne]:
    """The Sonos One, found by SSDP, as `soco` would reach it."""
    one = SonosOne()

    def _register(
        hass: HomeAssistant, callback: Callable[..., Any], *args: Any, **kwargs: Any
    ) -> MagicMock:
        one.ssdp_callback = callback
        one.announce()
        return MagicMock()

    with (
        patch("homeassistant.components.sonos.SoCo", return_value=one.soco),
        # `sonos` holds discovery for twice this long (seconds) after subscribing.
        patch("homeassistant.components.sonos.ZGS_SUBSCRIPTION_TIMEOUT", 0),
        patch("homeassistant.components.ssdp.async_register_callback", side_effect=_register),
        patch("homeassistant.components.ssdp.Scanner._async_start_ssdp_listeners"),
        patch("homeassistant.components.ssdp.Scanner._async_stop_ssdp_listeners"),
        patch("homeassistant.components.ssdp.Scanner.async_scan"),
        patch("homeassistant.components.ssdp.Server._async_start_upnp_servers"),
        patch("homeassistant.components.ssdp.Server._async_stop_upnp_servers"),
    ):
        yield one


def _shut_down_household_polls(entry: MockConfigEntry) -> None:
    """Do what Sonos of Home Assistant 2026.10 does at unload, and 2026.6 does not.

    Favorites and alarms are polled through a debouncer each (`async_poll`); 2026.10 shuts it
    down at unload (`SonosHouseholdCoordinator.async_shutdown`), 2026.6 leaves a scheduled
    poll behind, which outlives the test.
    """
    data = entry.runtime_data
    for household in (*data.favorites.values(), *data.alarms.values()):
        if not hasattr(household, "async_shutdown") and household.async_poll is not None:
            household.async_poll.__self__.async_shutdown()


@dataclass
class SonosDevice:
    """The speaker as Home Assistant knows it: its device and the entities used here."""

    device: dr.DeviceEntry
    microphone: str
    media_player: str


@pytest.fixture
async def sonos(hass: HomeAssistant, speaker: SonosOne) -> AsyncGenerator[SonosDevice]:
    """The real `sonos` integration with the speaker set up.

    The entity ids are read from the registry: `sonos` puts the speaker in an area named
    after its room, which Home Assistant puts into the entity ids.
    """
    entry = MockConfigEntry(domain="sonos", title="Sonos")
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    device = device_with_identifier(hass, entry.entry_id, ("sonos", UID))
    registry = er.async_get(hass)
    microphone = registry.async_get_entity_id("binary_sensor", "sonos", f"{UID}-microphone")
    media_player = registry.async_get_entity_id("media_player", "sonos", UID)
    assert microphone is not None
    assert media_player is not None
    yield SonosDevice(device, microphone, media_player)
    _shut_down_household_polls(entry)
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)


# --- Voice Privacy --------------------------------------------------------------------------


@dataclass
class Added:
    """The hub with the speaker added as an assistant, and our Microphone sensor of it."""

    hub: MockConfigEntry
    subentry_id: str
    microphone: str


async def _start(hass: HomeAssistant, hub: MockConfigEntry, kind: str) -> Flow:
    """Start the assistant flow and answer its first step with the kind."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    return await hass.config_entries.subentries.async_configure(result["flow_id"], {"kind": kind})


async def _controls_step(
    hass: HomeAssistant, hub: MockConfigEntry, kind: str, device_id: str
) -> Flow:
    """Run the assistant flow up to its controls step, with the speaker picked."""
    result = await _start(hass, hub, kind)
    assert result["step_id"] == "device"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": device_id}
    )
    assert result["step_id"] == "controls", result
    return result


async def _add_speaker(hass: HomeAssistant, sonos: SonosDevice, kind: str = "google") -> Added:
    """Add the speaker as an assistant through the flow, taking what it suggests."""
    hub = await empty_hub(hass)
    result = await _controls_step(hass, hub, kind, sonos.device.id)
    chosen = {key: value for key, value in suggested(result).items() if value}
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], chosen)
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    (subentry_id,) = hub.subentries
    microphone = er.async_get(hass).async_get_entity_id(
        "sensor", DOMAIN, f"{subentry_id}_microphone"
    )
    assert microphone is not None
    return Added(hub, subentry_id, microphone)


def _our_entities(hass: HomeAssistant, added: Added) -> list[er.RegistryEntry]:
    """Voice Privacy's entities of the speaker's assistant (not the hub's own), even disabled."""
    return [
        entry
        for entry in er.async_entries_for_config_entry(er.async_get(hass), added.hub.entry_id)
        if entry.config_subentry_id == added.subentry_id
    ]


def _results(response: ServiceResponse) -> list[dict[str, Any]]:
    """The per-assistant results of a Voice Privacy action's response."""
    assert response is not None
    return cast("list[dict[str, Any]]", response["assistants"])


def _state(hass: HomeAssistant, entity_id: str) -> State:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state


async def _mic_button(hass: HomeAssistant, speaker: SonosOne, enabled: bool) -> None:
    """Someone presses the speaker's microphone button: it sends its new properties."""
    speaker.push("DeviceProperties", {"zone_name": ROOM, "mic_enabled": "1" if enabled else "0"})
    await hass.async_block_till_done(wait_background_tasks=True)
    await settle(hass)


# --- Tests ----------------------------------------------------------------------------------


async def test_the_speaker_reports_its_microphone_and_cannot_switch_it(
    hass: HomeAssistant, sonos: SonosDevice
) -> None:
    """Core sonos makes a read-only Microphone sensor and no switch that touches the mic.

    This is what Voice Privacy has to work with: a state to read, nothing to switch.
    """
    entries = er.async_entries_for_device(
        er.async_get(hass), sonos.device.id, include_disabled_entities=True
    )
    found = {
        (e.domain, e.translation_key, e.original_name, e.disabled_by is not None) for e in entries
    }
    expected = {
        ("media_player", None, None, False),
        ("binary_sensor", "microphone", "Microphone", False),
        ("number", "bass", "Bass", False),
        ("number", "treble", "Treble", False),
        ("number", "balance", "Balance", False),
        ("switch", "cross_fade", "Crossfade", False),
        ("switch", "loudness", "Loudness", False),
        ("switch", "status_light", "Status light", True),
        ("switch", "buttons_enabled", "Touch controls", True),
    }
    if HAS_BUTTONS:
        expected.add(("button", "cancel_announcement", "Cancel announcement", True))
    assert found == expected
    assert _state(hass, sonos.microphone).state == "on"


@pytest.mark.parametrize("kind", ["google", "other"])
async def test_flow_suggests_the_speakers_microphone_sensor(
    hass: HomeAssistant, sonos: SonosDevice, kind: str
) -> None:
    """A Sonos hosting Google (or added as Other) is offered, with its Microphone sensor.

    Nothing else of the speaker is suggested: its switches (loudness, crossfade) are no mute
    switch, and it has no voice entity whose history a purge would clear.
    """
    hub = await empty_hub(hass)
    result = await _controls_step(hass, hub, kind, sonos.device.id)
    offered = suggested(result)
    assert offered["microphone_sensor"] == sonos.microphone
    assert offered.get("mute_entity") is None
    assert offered.get("power_entity") is None
    assert "dnd_entity" not in offered
    assert result["description_placeholders"] == {"name": ROOM, "voice_entities": "-"}

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"microphone_sensor": sonos.microphone}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == ROOM
    assert result["data"]["device_id"] == sonos.device.id
    assert result["data"]["microphone_sensor"] == sonos.microphone
    assert not {"mute_entity", "power_entity", "dnd_entity"} & set(result["data"])
    await hass.async_block_till_done()
    (subentry_id,) = hub.subentries
    ours = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{subentry_id}_microphone")
    assert ours is not None
    microphone = _state(hass, ours)
    assert microphone.state == "live"
    assert microphone.attributes["decided_by"] == sonos.microphone
    assert microphone.attributes["confirmed_by"] == "device"


async def test_a_sonos_hosting_alexa_cannot_be_added_as_alexa(
    hass: HomeAssistant, sonos: SonosDevice
) -> None:
    """The Alexa kind only takes `alexa_devices` Echos: a Sonos with Alexa has to be Other.

    With no Echo in the home the Alexa kind aborts before the speaker can be picked, although
    the Alexa kind lists a microphone sensor among its controls.
    """
    hub = await empty_hub(hass)
    result = await _start(hass, hub, "alexa")
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "no_alexa_devices"


async def test_microphone_follows_the_speakers_microphone_button(
    hass: HomeAssistant, sonos: SonosDevice, speaker: SonosOne
) -> None:
    """The speaker's own microphone switch, pushed as a soco event, is our Microphone state.

    `mic_enabled` 0 is the microphone cut on the speaker (muted, known from the device), 1 is
    live again; the home-wide count of live microphones follows.
    """
    added = await _add_speaker(hass, sonos)
    assert _state(hass, added.microphone).state == "live"
    assert _state(hass, "sensor.voice_privacy_live_microphones").state == "1"

    await _mic_button(hass, speaker, enabled=False)
    assert _state(hass, sonos.microphone).state == "off"
    microphone = _state(hass, added.microphone)
    assert microphone.state == "muted"
    assert microphone.attributes["decided_by"] == sonos.microphone
    assert microphone.attributes["confirmed_by"] == "device"
    assert _state(hass, "sensor.voice_privacy_live_microphones").state == "0"

    await _mic_button(hass, speaker, enabled=True)
    assert _state(hass, sonos.microphone).state == "on"
    assert _state(hass, added.microphone).state == "live"
    assert _state(hass, "sensor.voice_privacy_live_microphones").state == "1"


async def test_speaker_offline_and_back(
    hass: HomeAssistant,
    sonos: SonosDevice,
    speaker: SonosOne,
    freezer: FrozenDateTimeFactory,
) -> None:
    """An unplugged speaker's microphone is unavailable, never kept as muted; back, it is read.

    `sonos` marks the speaker unavailable when it stops answering its availability ping, and
    available again when it announces itself on the network. Our Microphone follows it (the
    README: entities go unavailable with their linked entities), and the home no longer counts
    it as private.
    """
    added = await _add_speaker(hass, sonos)
    await _mic_button(hass, speaker, enabled=False)
    assert _state(hass, added.microphone).state == "muted"

    # Unplugged: no events for minutes, and the ping finds nobody.
    speaker.services["RenderingControl"].calls.GetVolume.side_effect = OSError("unreachable")
    for _ in range(6):
        freezer.tick(timedelta(minutes=1))
        async_fire_time_changed(hass)
        await hass.async_block_till_done(wait_background_tasks=True)
    await settle(hass)
    assert _state(hass, sonos.microphone).state == STATE_UNAVAILABLE
    assert _state(hass, added.microphone).state == STATE_UNAVAILABLE
    # Not known to be cut: it counts as a microphone that may be listening.
    live = _state(hass, "sensor.voice_privacy_live_microphones")
    assert live.state == "1"
    assert live.attributes["unknown"] == [ROOM]

    # Plugged in again, its microphone switched on while it was away: it announces itself,
    # then sends its properties.
    speaker.services["RenderingControl"].calls.GetVolume.side_effect = None
    freezer.tick(timedelta(seconds=30))
    speaker.announce()
    await hass.async_block_till_done(wait_background_tasks=True)
    await settle(hass)
    assert _state(hass, sonos.microphone).state == "off"  # what it said last
    assert _state(hass, added.microphone).state == "muted"
    await _mic_button(hass, speaker, enabled=True)
    assert _state(hass, sonos.microphone).state == "on"
    assert _state(hass, added.microphone).state == "live"


async def test_no_privacy_mode_for_a_read_only_microphone(
    hass: HomeAssistant, sonos: SonosDevice, speaker: SonosOne
) -> None:
    """Nothing can cut a Sonos microphone from Home Assistant, so privacy mode is not offered.

    There is no privacy switch, the home-wide one has nothing it could switch, and asking for
    privacy mode says why in a translated error, without touching the speaker.
    """
    added = await _add_speaker(hass, sonos)
    assert [e.domain for e in _our_entities(hass, added) if e.domain == "switch"] == []
    assert _state(hass, "switch.voice_privacy_all_assistants").state == STATE_UNAVAILABLE
    speaker.soco.reset_mock()

    with pytest.raises(HomeAssistantError) as raised:
        await hass.services.async_call(
            DOMAIN,
            "set_privacy_mode",
            {"entity_id": added.microphone, "enabled": True},
            blocking=True,
        )
    assert str(raised.value) == (
        "Privacy mode failed for 1 of 1 assistants: Living Room: "
        "Living Room has no mute switch or power cut, so privacy mode cannot be set"
    )
    response = await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {"entity_id": added.microphone, "enabled": True},
        blocking=True,
        return_response=True,
    )
    (result,) = _results(response)
    assert result["success"] is False
    assert result["microphone"] == "live"
    await hass.async_block_till_done(wait_background_tasks=True)
    # The speaker was never asked anything, and its microphone is still on.
    assert speaker.soco.mock_calls == []
    assert _state(hass, sonos.microphone).state == "on"
    assert _state(hass, added.microphone).state == "live"


async def test_purge_leaves_the_speakers_history_alone(
    hass: HomeAssistant,
    sonos: SonosDevice,
    speaker: SonosOne,
    freezer: FrozenDateTimeFactory,
) -> None:
    """A Sonos holds no voice data in Home Assistant: the recorder purge has nothing to do.

    Its media player and microphone history are the household's, not what anyone said, so a
    recorder purge of the assistant (dry run or real) says not applicable and keeps them.
    """
    added = await _add_speaker(hass, sonos)
    await _mic_button(hass, speaker, enabled=False)
    freezer.tick(timedelta(days=2))
    await _mic_button(hass, speaker, enabled=True)
    await async_wait_recording_done(hass)
    microphone_before = await recorded_states(hass, sonos.microphone)
    player_before = await recorded_states(hass, sonos.media_player)
    assert microphone_before == ["on", "off", "on"]
    assert player_before

    for dry_run in (True, False):
        response = await hass.services.async_call(
            DOMAIN,
            "purge_history",
            {"entity_id": added.microphone, "sources": ["recorder"], "dry_run": dry_run},
            blocking=True,
            return_response=True,
        )
        (result,) = _results(response)
        assert result["sources"] == {
            "recorder": {"status": "not_applicable", "reason": "no_voice_entities"}
        }
    await async_wait_recording_done(hass)
    assert await recorded_states(hass, sonos.microphone) == microphone_before
    assert await recorded_states(hass, sonos.media_player) == player_before


async def test_nothing_tells_when_a_sonos_listened(
    hass: HomeAssistant, sonos: SonosDevice, speaker: SonosOne
) -> None:
    """Sonos reports no wake word or voice command, so there are no activity entities.

    Voice Privacy makes no Last listened, Activations today or Listening now for the speaker,
    rather than a count of 0 that would claim it never listened; what the speaker does report
    (playback, its microphone button) is not taken for listening.
    """
    added = await _add_speaker(hass, sonos)
    speaker.push(
        "AVTransport",
        {
            "transport_state": "PLAYING",
            "current_play_mode": "NORMAL",
            "current_crossfade_mode": "0",
            "current_section": "0",
            "number_of_tracks": "1",
            "current_track_uri": "x-rincon-mp3radio://radio.example/stream",
            "current_track_meta_data": "",
            "enqueued_transport_uri": "",
            "enqueued_transport_uri_meta_data": "",
        },
    )
    await _mic_button(hass, speaker, enabled=False)
    await _mic_button(hass, speaker, enabled=True)
    assert _state(hass, sonos.media_player).state == "playing"
    ours = _our_entities(hass, added)
    keys = {entry.translation_key for entry in ours}
    assert not keys & {"last_listened", "activations_today", "listening_now"}
    assert keys == {
        "microphone",
        "private_time_today",
        "privacy_ends",
        "last_purge",
        "privacy_score",
        "purge_history",
        "retention",
        "human_review",
        "settings_confirmed",
    }
