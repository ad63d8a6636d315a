"""Voice Privacy next to the real core `alexa_devices` integration, with an Echo Dot.

The real Alexa Devices integration is set up with a config entry of its own; only its network
library, `aioamazondevices`, is faked, as core's own tests do: `AmazonEchoApi` is patched with
an autospec mock. Behind it stands one Amazon account with one Echo Dot ("Kitchen Echo", 5th
gen: temperature sensor, reminders and alarms, media player, communications). What Amazon's
cloud would send reaches Home Assistant the way the library delivers it: device data on each
coordinator refresh (every `SCAN_INTERVAL`, driven with freezer + `async_fire_time_changed`),
voice history through the library's push signal (`on_history_event`), which the coordinator
subscribes to. Do-Not-Disturb is pushed too (`on_dnd_event`) where the integration follows
that push (Home Assistant 2026.10); before, it is a "dnd" sensor of the device data, read on
the coordinator's next poll. The fake does what the installed release does, and builds the
library's objects with the fields that version has.

The Echo is the `alexa` kind: Do-Not-Disturb is a soft control only (the Echo keeps listening
for its wake word), so its Microphone reads `do_not_disturb`, never private, and an Echo with
Do-Not-Disturb only gets no privacy switch. Its voice event entity is what tells when it
listened, and the only entity of it whose recorder history is voice data.

Alexa Devices 2026.10 makes for this Echo (none disabled by default):
switch do_not_disturb / announcements / communications, event voice_event, sensor temperature
(no translation key) / alarm / reminder / timer, media_player (the device's name), notify
speak / announce, button restart (no translation key), binary_sensor connectivity (key
`online`, no translation key), select dropin; and on the account's service device "Amazon",
select default_device. Alexa Devices 2026.6 makes fewer (no communications switches, select,
restart button or to-do lists); the tests use only what both make.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Generator
from copy import deepcopy
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from typing import Any
from unittest.mock import MagicMock, create_autospec, patch

from aioamazondevices.exceptions import CannotConnect
from aioamazondevices.login import AmazonLogin
from aioamazondevices.structures import AmazonDevice, AmazonDeviceSensor, AmazonVocalRecord
from aiosignal import Signal
from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    async_fire_time_changed,
    async_mock_load_restore_state_from_storage,
    async_mock_restore_state_shutdown_restart,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.components.alexa_devices.const import CONF_LOGIN_DATA, CONF_SITE
from homeassistant.components.alexa_devices.coordinator import (
    SCAN_INTERVAL,
    AmazonDevicesCoordinator,
)
from homeassistant.config_entries import SOURCE_USER
from homeassistant.const import CONF_PASSWORD, CONF_USERNAME, STATE_UNAVAILABLE
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.util import dt as dt_util
from tests.conftest import device_owners, settle, setup_integration

from .conftest import device_with_identifier, empty_hub, recorded_states, suggested

ALEXA = "alexa_devices"
USERNAME = "someone@example.com"
SERIAL = "G0911W0123456789"
GROUP_SERIAL = "G0911W0GROUP0001"
DELETE_EVERYTHING = "delete everything I said"
# Noon in the tests' time zone (US/Pacific): no count runs into local midnight.
NOON = "2026-11-27T20:00:00+00:00"

pytestmark = pytest.mark.freeze_time(NOON)

# Alexa Devices of Home Assistant 2026.10 follows Do-Not-Disturb states pushed by
# aioamazondevices 16.3.2; before (2026.6 to 2026.9, aioamazondevices 14 to 16.3.0) it reads each
# device's DND from its "dnd" sensor, with the polled device data. Asked of the integration,
# not the library: aioamazondevices 16.3.0 (2026.9) has `sync_dnd_state` but no push signal,
# and Home Assistant 2026.9 uses neither.
DND_PUSHED = hasattr(AmazonDevicesCoordinator, "dnd_event_handler")
# Fields aioamazondevices 14 lacks: `parent_clusters`, `voice_control_supported`.
_DEVICE_FIELDS = {f.name for f in fields(AmazonDevice)}


def _amazon_device(**values: Any) -> AmazonDevice:
    """An AmazonDevice with those of these fields the installed library has."""
    return AmazonDevice(**{key: value for key, value in values.items() if key in _DEVICE_FIELDS})


def _dnd_sensor(enabled: bool) -> AmazonDeviceSensor:
    """The "dnd" sensor aioamazondevices 14 puts in the device data."""
    return AmazonDeviceSensor(
        name="dnd", value=enabled, error=False, error_type=None, error_msg=None, scale=None
    )


def _echo_dot() -> AmazonDevice:
    """An Echo Dot (5th gen) as `aioamazondevices` describes it."""
    return _amazon_device(
        account_name="Kitchen Echo",
        capabilities=[
            "AUDIO_PLAYER",
            "MICROPHONE",
            "ALEXA_DEVICE_REBOOT",
            "REMINDERS",
            "TIMERS_AND_ALARMS",
        ],
        device_family="ECHO",
        device_type="A4ZXE0RM7LQ7A",
        device_owner_customer_id="A2CUSTOMER",
        household_device=True,
        device_cluster_members={SERIAL: "A4ZXE0RM7LQ7A"},
        parent_clusters=[],
        online=True,
        serial_number=SERIAL,
        manufacturer="Amazon",
        model="Echo Dot",
        software_version="8289927812",
        hardware_version="Gen5",
        entity_id="11111111-2222-3333-4444-555555555555",
        endpoint_id="amzn1.alexa.endpoint.kitchen",
        sensors={
            "temperature": AmazonDeviceSensor(
                name="temperature",
                value="21.5",
                error=False,
                error_type=None,
                error_msg=None,
                scale="CELSIUS",
            )
        },
        notifications_supported=True,
        notifications={},
        media_player_supported=True,
        communication_settings={"communications": "ON", "announcements": "ON", "dropin": "Home"},
        voice_control_supported=True,
    )


def _speaker_group() -> AmazonDevice:
    """A multi-room speaker group made in the Alexa app: no microphone of its own."""
    return _amazon_device(
        account_name="Everywhere",
        capabilities=["AUDIO_PLAYER"],
        device_family="WHA",
        device_type="A3C9PE6TNYLTCH",
        device_owner_customer_id="A2CUSTOMER",
        household_device=True,
        device_cluster_members={SERIAL: "A4ZXE0RM7LQ7A"},
        parent_clusters=[],
        online=True,
        serial_number=GROUP_SERIAL,
        manufacturer="Amazon",
        model="Speaker Group",
        software_version=None,
        hardware_version=None,
        entity_id=None,
        endpoint_id=None,
        sensors={},
        notifications_supported=False,
        notifications={},
        media_player_supported=True,
        communication_settings={},
        voice_control_supported=False,
    )


def _said(words: str, at: datetime) -> AmazonVocalRecord:
    """One voice history record of the Echo, as Amazon's history gives it."""
    return AmazonVocalRecord(
        timestamp=int(at.timestamp() * 1000),
        history_type="VOICE_HISTORY",
        intent="GetTimeIntent",
        title=words,
        sub_title="It is ten o'clock.",
    )


@dataclass
class AmazonAccount:
    """The Amazon account behind the faked library: its Echo, DND states and voice history."""

    api: MagicMock
    echo: AmazonDevice = field(default_factory=_echo_dot)
    dnd: dict[str, bool] = field(default_factory=lambda: {SERIAL: False})
    voice: dict[str, AmazonVocalRecord] = field(default_factory=dict)
    # Other devices of the account (a speaker group), by serial number.
    others: dict[str, AmazonDevice] = field(default_factory=dict)
    reachable: bool = True
    # Alexa Devices' coordinator polls Amazon once (set by the fixture).
    poll: Callable[[], Awaitable[None]] | None = None

    async def push_dnd(self, enabled: bool) -> None:
        """Someone set Do-Not-Disturb on the Echo or in the Alexa app; Amazon tells it.

        With aioamazondevices 14 (Home Assistant 2026.6) it arrives with the next poll.
        """
        self.dnd[SERIAL] = enabled
        if DND_PUSHED:
            await self.api.on_dnd_event.send(dict(self.dnd))
        else:
            assert self.poll is not None
            await self.poll()

    def devices_data(self) -> dict[str, AmazonDevice]:
        """The account's devices as `get_devices_data` returns them (a fresh copy each time)."""
        data = deepcopy({SERIAL: self.echo, **self.others})
        if not DND_PUSHED:
            for serial, enabled in self.dnd.items():
                data[serial].sensors["dnd"] = _dnd_sensor(enabled)
        return data

    async def push_voice(self, record: AmazonVocalRecord) -> None:
        """The Echo heard a command; the library pushes the newest record of each device."""
        self.voice[SERIAL] = record
        await self.api.on_history_event.send(dict(self.voice))


def _fresh_signals(api: MagicMock) -> MagicMock:
    """Give the faked client the push signals a new `AmazonEchoApi` has (unfrozen)."""
    names = ["on_media_state_event", "on_volume_state_event", "on_history_event", "on_todo_event"]
    for name in [*names, "on_dnd_event"] if DND_PUSHED else names:
        setattr(api, name, Signal(api))
    return api


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Load the custom integration; first the recorder, for the tests that ask for it.

    The recorder must start before Home Assistant, and only the purge needs it.
    """
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_mock")
    request.getfixturevalue("enable_custom_integrations")


@pytest.fixture
def amazon(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> Generator[AmazonAccount]:
    """Patch `AmazonEchoApi` where Alexa Devices builds it; the account answers through it."""
    with patch(
        "homeassistant.components.alexa_devices.coordinator.AmazonEchoApi", autospec=True
    ) as api_class:
        api = api_class.return_value
        account = AmazonAccount(api, poll=lambda: _refresh(hass, freezer))
        # Each setup (a reload, a restart) builds a new client with unfrozen signals.
        api_class.side_effect = lambda *_args, **_kwargs: _fresh_signals(api)
        api.login = create_autospec(AmazonLogin, instance=True)
        api.routines = []
        api.todo_lists = []

        async def get_devices_data() -> dict[str, AmazonDevice]:
            if not account.reachable:
                raise CannotConnect("Amazon does not answer")
            return account.devices_data()

        async def sync_history_state() -> dict[str, AmazonVocalRecord]:
            return dict(account.voice)

        async def set_do_not_disturb(device: AmazonDevice, enable: bool) -> None:
            account.dnd[device.serial_number] = enable

        api.get_devices_data.side_effect = get_devices_data
        api.sync_history_state.side_effect = sync_history_state
        api.set_do_not_disturb.side_effect = set_do_not_disturb
        if DND_PUSHED:

            async def sync_dnd_state() -> None:
                await api.on_dnd_event.send(dict(account.dnd))

            api.sync_dnd_state.side_effect = sync_dnd_state
            api.get_default_device.side_effect = lambda: account.echo
        yield account


@pytest.fixture
async def alexa_entry(hass: HomeAssistant, amazon: AmazonAccount) -> MockConfigEntry:
    """The real Alexa Devices integration, set up with the faked library."""
    entry = MockConfigEntry(
        domain=ALEXA,
        title="Amazon",
        data={
            CONF_USERNAME: USERNAME,
            CONF_PASSWORD: "secret",
            CONF_LOGIN_DATA: {"session": "a-session", CONF_SITE: "https://www.amazon.com"},
        },
        unique_id=USERNAME,
        version=1,
        minor_version=3,
    )
    await setup_integration(hass, entry)
    return entry


@pytest.fixture
def echo_device(hass: HomeAssistant, alexa_entry: MockConfigEntry) -> dr.DeviceEntry:
    """The Echo's device, as Alexa Devices registered it."""
    return device_with_identifier(hass, alexa_entry.entry_id, (ALEXA, SERIAL))


def _alexa_entity(hass: HomeAssistant, domain: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id(domain, ALEXA, f"{SERIAL}-{key}")
    assert entity_id is not None, key
    return entity_id


@pytest.fixture
async def hub(hass: HomeAssistant) -> MockConfigEntry:
    """An empty Voice Privacy hub."""
    return await empty_hub(hass)


async def _device_step(hass: HomeAssistant, hub: MockConfigEntry) -> dict[str, Any]:
    """Start adding an Alexa assistant: the step that picks its device."""
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "alexa"}
    )
    assert result["step_id"] == "device"
    return dict(result)


async def _controls_step(
    hass: HomeAssistant, hub: MockConfigEntry, device_id: str
) -> dict[str, Any]:
    """Start adding an Alexa assistant and pick the Echo: the controls step."""
    result = await _device_step(hass, hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": device_id}
    )
    assert result["step_id"] == "controls"
    return dict(result)


def _field(result: dict[str, Any], key: str) -> tuple[Any, Any]:
    """A form field: its marker (with the suggested value) and its selector."""
    for marker, selector in result["data_schema"].schema.items():
        if marker == key:
            return marker, selector
    raise AssertionError(key)


@dataclass
class Echo:
    """The Echo as an assistant of the hub: Alexa Devices' entities and ours."""

    subentry_id: str
    dnd: str
    voice_event: str
    microphone: str
    last_listened: str
    activations_today: str


async def _add_echo(
    hass: HomeAssistant,
    hub: MockConfigEntry,
    device: dr.DeviceEntry,
    *,
    cloud_voice_delete: bool = False,
) -> Echo:
    """Add the Echo through the real subentry flow, with the suggested DND switch."""
    result = await _controls_step(hass, hub, device.id)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"],
        {
            "dnd_entity": suggested(result)["dnd_entity"],
            "cloud_voice_delete": cloud_voice_delete,
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await settle(hass)
    subentry_id = next(iter(hub.subentries))
    registry = er.async_get(hass)

    def ours(key: str) -> str:
        entity_id = registry.async_get_entity_id("sensor", DOMAIN, f"{subentry_id}_{key}")
        assert entity_id is not None, key
        return entity_id

    return Echo(
        subentry_id=subentry_id,
        dnd=_alexa_entity(hass, "switch", "dnd"),
        voice_event=_alexa_entity(hass, "event", "voice_event"),
        microphone=ours("microphone"),
        last_listened=ours("last_listened"),
        activations_today=ours("activations_today"),
    )


@pytest.fixture
async def echo(hass: HomeAssistant, hub: MockConfigEntry, echo_device: dr.DeviceEntry) -> Echo:
    """The Echo added to the hub through the flow."""
    return await _add_echo(hass, hub, echo_device)


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _refresh(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Let Alexa Devices' coordinator poll Amazon once."""
    freezer.tick(timedelta(seconds=SCAN_INTERVAL))
    async_fire_time_changed(hass)
    await settle(hass)


async def test_flow_offers_the_echo_and_suggests_its_dnd_switch(
    hass: HomeAssistant, hub: MockConfigEntry, echo_device: dr.DeviceEntry
) -> None:
    """The Echo is offered, its DND switch suggested, and a purge would take its voice event.

    The controls step offers no mute switch (an Echo has none Home Assistant can reach), and
    says which recorder history a purge clears: the voice event, nothing else of the Echo.
    """
    result = await _device_step(hass, hub)
    _marker, picker = _field(result, "device_id")
    assert ALEXA in repr(picker.config)  # the picker lists Alexa Devices' devices
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": echo_device.id}
    )
    assert result["step_id"] == "controls"
    dnd = _alexa_entity(hass, "switch", "dnd")
    assert suggested(result)["dnd_entity"] == dnd
    assert suggested(result)["microphone_sensor"] is None
    assert "mute_entity" not in result["data_schema"].schema
    voice_event = _alexa_entity(hass, "event", "voice_event")
    assert result["description_placeholders"]["voice_entities"] == voice_event

    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"dnd_entity": dnd}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Kitchen Echo"
    assert result["data"] == {
        "kind": "alexa",
        "device_id": echo_device.id,
        "dnd_entity": dnd,
        "cloud_voice_delete": False,
    }
    await settle(hass)
    # DND is no privacy control: no privacy switch for an Echo with DND only; and an event
    # entity tells that it listened, not that it listens now: no "Listening now" either.
    (subentry_id,) = hub.subentries
    ours = er.async_entries_for_config_entry(er.async_get(hass), hub.entry_id)
    assert {e.translation_key for e in ours if e.config_subentry_id == subentry_id} == {
        "microphone",
        "last_listened",
        "activations_today",
        "listened_while_private_today",
        "private_time_today",
        "privacy_ends",
        "last_purge",
        "privacy_score",
        "purge_history",
        "settings_confirmed",
        "human_review",
        "retention",
    }
    # They sit on the Echo's own device, which stays Alexa Devices' alone.
    assert {e.device_id for e in ours if e.config_subentry_id == subentry_id} == {echo_device.id}
    echo = dr.async_get(hass).async_get(echo_device.id)
    assert hub.entry_id not in {entry_id for entry_id, _ in device_owners(echo)}


@pytest.mark.parametrize("which", ["account", "speaker_group"])
async def test_devices_without_a_microphone_are_not_assistants(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    amazon: AmazonAccount,
    hub: MockConfigEntry,
    alexa_entry: MockConfigEntry,
    which: str,
) -> None:
    """Only what can be spoken to is an Alexa assistant: no account, no speaker group.

    Alexa Devices also makes a service device for the account (its routine buttons; from
    2026.10 its "Default device" select too) and one per speaker group (media player,
    announcements); neither has a voice event, DND switch or microphone, so an assistant made
    of them would have nothing to read or purge.
    """
    amazon.others[GROUP_SERIAL] = _speaker_group()
    # A routine made in the Alexa app: before 2026.10 only routines make the account's device.
    amazon.api.routines = ["Good night"]
    await _refresh(hass, freezer)  # the group made in the Alexa app shows up
    devices = dr.async_entries_for_config_entry(dr.async_get(hass), alexa_entry.entry_id)
    if which == "account":
        device = next(d for d in devices if d.entry_type is dr.DeviceEntryType.SERVICE)
    else:
        device = next(d for d in devices if d.serial_number == GROUP_SERIAL)
    result = await _device_step(hass, hub)
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": device.id}
    )
    assert result["step_id"] == "device"
    assert result["errors"] == {"device_id": "invalid_device"}


async def test_dnd_set_on_the_echo_shows_do_not_disturb(
    hass: HomeAssistant, amazon: AmazonAccount, echo: Echo
) -> None:
    """DND set on the Echo (reported by Amazon) reads do_not_disturb: still listening, not private.

    The state is the vendor cloud's report of the Echo's setting, and says so.
    """
    assert _state(hass, echo.microphone) == "live"

    await amazon.push_dnd(True)
    await settle(hass)
    assert _state(hass, echo.dnd) == "on"
    microphone = hass.states.get(echo.microphone)
    assert microphone is not None
    assert microphone.state == "do_not_disturb"
    assert microphone.attributes["decided_by"] == echo.dnd
    assert microphone.attributes["confirmed_by"] == "vendor_cloud"

    await amazon.push_dnd(False)
    await settle(hass)
    assert _state(hass, echo.microphone) == "live"


async def test_dnd_switched_from_home_assistant_reaches_the_echo(
    hass: HomeAssistant, amazon: AmazonAccount, echo: Echo
) -> None:
    """Turning the DND switch on asks Amazon through the library; the Microphone follows."""
    await hass.services.async_call("switch", "turn_on", {"entity_id": echo.dnd}, blocking=True)
    await settle(hass)
    amazon.api.set_do_not_disturb.assert_awaited_once()
    device, enable = amazon.api.set_do_not_disturb.await_args.args
    assert (device.serial_number, enable) == (SERIAL, True)
    assert _state(hass, echo.microphone) == "do_not_disturb"

    await hass.services.async_call("switch", "turn_off", {"entity_id": echo.dnd}, blocking=True)
    await settle(hass)
    assert amazon.api.set_do_not_disturb.await_args.args[1] is False
    assert _state(hass, echo.microphone) == "live"


@pytest.mark.parametrize("outage", ["echo_offline", "amazon_unreachable"])
async def test_echo_going_away_and_coming_back(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    amazon: AmazonAccount,
    echo: Echo,
    outage: str,
) -> None:
    """Offline (or Amazon not answering), the Microphone is unavailable; back, live again.

    Its DND switch is all the Microphone reads, so it goes and comes back with it. The voice
    event's old record, seen again when the Echo is back, is no new activation.
    """
    await amazon.push_voice(_said("what time is it", dt_util.utcnow()))
    await settle(hass)
    assert _state(hass, echo.activations_today) == "1"

    if outage == "echo_offline":
        amazon.echo.online = False
    else:
        amazon.reachable = False
    await _refresh(hass, freezer)
    assert _state(hass, echo.dnd) == STATE_UNAVAILABLE
    assert _state(hass, echo.microphone) == STATE_UNAVAILABLE
    # When it listened is ours to keep: still shown.
    assert _state(hass, echo.activations_today) == "1"

    amazon.echo.online = True
    amazon.reachable = True
    await _refresh(hass, freezer)
    assert _state(hass, echo.dnd) == "off"
    assert _state(hass, echo.microphone) == "live"
    assert _state(hass, echo.activations_today) == "1"


async def test_each_new_voice_record_is_one_activation(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, amazon: AmazonAccount, echo: Echo
) -> None:
    """Each new record counts once, the same words later again too; a repeated push does not.

    The library pushes the newest record of each device whenever Amazon hints at activity,
    so the same record can arrive again: that is not the Echo listening again.
    """
    assert _state(hass, echo.activations_today) == "0"
    assert _state(hass, echo.last_listened) == "unknown"

    first = _said("what time is it", dt_util.utcnow())
    await amazon.push_voice(first)
    await settle(hass)
    assert _state(hass, echo.activations_today) == "1"
    assert _state(hass, echo.last_listened) == NOON
    voice_event = hass.states.get(echo.voice_event)
    assert voice_event is not None
    assert voice_event.attributes["voice_command"] == "what time is it"

    freezer.move_to("2026-11-27T20:01:00+00:00")
    await amazon.push_voice(first)  # pushed again, nothing new said
    await amazon.push_dnd(True)  # other news of the account: no activation either
    await settle(hass)
    assert _state(hass, echo.activations_today) == "1"

    freezer.move_to("2026-11-27T20:05:00+00:00")
    await amazon.push_voice(_said("what time is it", dt_util.utcnow()))
    await settle(hass)
    assert _state(hass, echo.activations_today) == "2"
    assert _state(hass, echo.last_listened) == "2026-11-27T20:05:00+00:00"


async def test_last_record_shown_again_after_a_restart_is_not_counted(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    amazon: AmazonAccount,
    alexa_entry: MockConfigEntry,
    hub: MockConfigEntry,
    echo: Echo,
) -> None:
    """After a restart Alexa Devices shows the newest record again: the same words, no count.

    Its voice event restores its last state, then fires again for the record it had shown
    (it forgets which it showed). The count from before the restart is kept.
    """
    await amazon.push_voice(_said("what time is it", dt_util.utcnow()))
    await settle(hass)
    assert _state(hass, echo.activations_today) == "1"
    shown = _state(hass, echo.voice_event)

    # Shut down, keeping what RestoreEntity keeps, and start again.
    await async_mock_restore_state_shutdown_restart(hass)
    assert await hass.config_entries.async_unload(hub.entry_id)
    assert await hass.config_entries.async_unload(alexa_entry.entry_id)
    await settle(hass)
    await async_mock_load_restore_state_from_storage(hass)
    hass.set_state(CoreState.starting)
    freezer.tick(timedelta(minutes=30))
    assert await hass.config_entries.async_setup(alexa_entry.entry_id)
    assert await hass.config_entries.async_setup(hub.entry_id)
    await settle(hass)
    hass.set_state(CoreState.running)
    assert _state(hass, echo.activations_today) == "1"

    await _refresh(hass, freezer)  # the voice event fires its newest record again
    voice_event = hass.states.get(echo.voice_event)
    assert voice_event is not None
    assert voice_event.state != shown
    assert _state(hass, echo.activations_today) == "1"

    # A minute later someone speaks. (Not in the same millisecond: before 2026.10 an event
    # entity triggered twice within one shows the same state, and the clock stands still here.)
    freezer.tick(timedelta(minutes=1))
    await amazon.push_voice(_said("turn on the lights", dt_util.utcnow()))
    await settle(hass)
    assert _state(hass, echo.activations_today) == "2"


async def test_reloading_alexa_devices_does_not_count_its_last_record_again(
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    amazon: AmazonAccount,
    alexa_entry: MockConfigEntry,
    echo: Echo,
) -> None:
    """Reloading Alexa Devices (Reload in the UI, a re-login) shows the newest record again.

    Its voice event is removed and added back with its restored state, and fires the record
    it had shown once more: the same words, nobody spoke.
    """
    await amazon.push_voice(_said("what time is it", dt_util.utcnow()))
    await settle(hass)
    assert _state(hass, echo.activations_today) == "1"

    assert await hass.config_entries.async_reload(alexa_entry.entry_id)
    await settle(hass)
    await _refresh(hass, freezer)
    assert _state(hass, echo.activations_today) == "1"


async def test_recorder_purge_takes_only_the_voice_event(
    recorder_mock: Any,
    hass: HomeAssistant,
    freezer: FrozenDateTimeFactory,
    amazon: AmazonAccount,
    echo: Echo,
) -> None:
    """A recorder purge removes what the Echo heard, not its DND, sensors or media history."""
    for words, dnd in (("what time is it", True), ("turn on the lights", False)):
        freezer.tick(timedelta(minutes=1))
        await amazon.push_voice(_said(words, dt_util.utcnow()))
        await amazon.push_dnd(dnd)
        await settle(hass)
    await async_wait_recording_done(hass)

    kept = {
        entity_id: await recorded_states(hass, entity_id)
        for entity_id in (
            echo.dnd,
            _alexa_entity(hass, "sensor", "temperature"),
            _alexa_entity(hass, "media_player", "media"),
            _alexa_entity(hass, "binary_sensor", "online"),
        )
    }
    assert kept[echo.dnd] == ["off", "on", "off"]
    assert all(kept.values())
    assert len([s for s in await recorded_states(hass, echo.voice_event) if s != "unknown"]) == 2

    freezer.tick(timedelta(minutes=1))  # the recorder keeps what is not older than now
    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": echo.microphone, "sources": ["recorder"]},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    assert response is not None
    assert response["assistants"][0]["sources"] == {
        "recorder": {"status": "removed", "entities": [echo.voice_event], "keep_days": 0}
    }
    assert await recorded_states(hass, echo.voice_event) == []
    for entity_id, states in kept.items():
        assert await recorded_states(hass, entity_id) == states, entity_id


async def test_vendor_deletion_asks_the_echo_to_delete_everything(
    hass: HomeAssistant,
    amazon: AmazonAccount,
    hub: MockConfigEntry,
    echo_device: dr.DeviceEntry,
) -> None:
    """Opted in, a vendor purge says "delete everything I said" to this Echo, through Amazon.

    Nothing confirms the deletion, so the response says requested, never deleted.
    """
    echo = await _add_echo(hass, hub, echo_device, cloud_voice_delete=True)
    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": echo.microphone, "sources": ["vendor_cloud"]},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    assert response["assistants"][0]["sources"] == {
        "vendor_cloud": {"status": "requested", "command": DELETE_EVERYTHING}
    }
    amazon.api.call_alexa_text_command.assert_awaited_once()
    device, text = amazon.api.call_alexa_text_command.await_args.args
    assert (device.serial_number, text) == (SERIAL, DELETE_EVERYTHING)
