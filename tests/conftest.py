"""Fixtures: a real Home Assistant with template switches standing in for the devices.

Each linked device is a template switch whose state is an input_boolean, so a test can flip
the "device" on its own, make it unavailable, or make it ignore commands (a stuck plug).
The switches are attached to devices in the registries, as ESPHome, Wyoming or Alexa
Devices would attach them, so the flows can find them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
import importlib.util
import logging
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockUser,
    async_fire_time_changed,
)
from pytest_homeassistant_custom_component.syrupy import (
    HomeAssistantSnapshotExtension,
    HomeAssistantSnapshotSerializer,
)
from syrupy.assertion import SnapshotAssertion

from custom_components.voice_privacy.const import (
    CONF_CONFIRM_TIMEOUT,
    CONF_DEVICE_ID,
    CONF_DND_ENTITY,
    CONF_KIND,
    CONF_MUTE_ENTITY,
    CONF_POWER_ENTITY,
    DOMAIN,
    SUBENTRY_ASSISTANT,
)
from homeassistant.auth.const import GROUP_ID_USER
from homeassistant.config_entries import ConfigEntryState, ConfigSubentryDataWithId
from homeassistant.const import MATCH_ALL
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers import (
    area_registry as ar,
    device_registry as dr,
    entity_registry as er,
)
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util

# The test plugin logs every SQL statement of the recorder tests; keep CI output readable.
logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

# name -> (device it belongs to, or None)
SWITCHES = {
    "kitchen_mute": "kitchen",
    "kitchen_plug": None,
    "echo_dnd": "echo",
    "echo_plug": None,
    "nest_plug": None,
    "stuck_plug": None,
    "slow_a_plug": None,
    "slow_b_plug": None,
    "broken_plug": None,
}
# Slow plugs report that a command arrived, then wait for input_boolean.release first.
SLOW = {"slow_a_plug", "slow_b_plug"}
# The kitchen satellite's own entity, and the Echo's voice event (core alexa_devices): they
# tell when each listened. Tests set their states as ESPHome or Alexa Devices would.
SATELLITE = "assist_satellite.kitchen_satellite"
ECHO_VOICE_EVENT = "event.echo_voice_event"


def _actions(name: str, service: str) -> list[dict[str, Any]]:
    if name == "stuck_plug":
        # The stuck plug takes commands and never changes: a cloud that does not answer.
        return []
    if name == "broken_plug":
        # The broken plug's integration raises on every command.
        return [{"action": "homeassistant.no_such_action"}]
    actions: list[dict[str, Any]] = []
    if name in SLOW:
        actions = [
            {
                "action": "input_boolean.turn_on",
                "target": {"entity_id": f"input_boolean.{name}_asked"},
            },
            {"wait_template": "{{ is_state('input_boolean.release', 'on') }}"},
        ]
    target = {"entity_id": f"input_boolean.{name}_state"}
    return [*actions, {"action": f"input_boolean.{service}", "target": target}]


def _template_switch(name: str) -> dict[str, Any]:
    backing = f"input_boolean.{name}_state"
    return {
        "name": name.replace("_", " ").capitalize(),
        "unique_id": name,
        "state": f"{{{{ is_state('{backing}', 'on') }}}}",
        "availability": f"{{{{ not is_state('input_boolean.{name}_offline', 'on') }}}}",
        "turn_on": _actions(name, "turn_on"),
        "turn_off": _actions(name, "turn_off"),
    }


async def setup_debug_recordings(hass: HomeAssistant, directory: Path | str) -> None:
    """Set up Home Assistant's own assist_pipeline, keeping debug recordings in `directory`."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(
        hass, "assist_pipeline", {"assist_pipeline": {"debug_recording_dir": str(directory)}}
    )


@dataclass
class Devices:
    """The fake devices of the home."""

    kitchen: dr.DeviceEntry
    echo: dr.DeviceEntry
    lamp: dr.DeviceEntry


@pytest.fixture
async def hass_ordinary_user(hass: HomeAssistant) -> MockUser:
    """A person who uses the home but is not an administrator (not read-only either)."""
    group = await hass.auth.async_get_group(GROUP_ID_USER)
    return MockUser(groups=[group] if group else []).add_to_hass(hass)


class _PlainKeySerializer(HomeAssistantSnapshotSerializer):
    """Home Assistant's serializer, writing enum keys as their plain string values.

    On 2026.10 state attributes are keyed by `StrEnum` members
    (`EntityStateAttribute.FRIENDLY_NAME`), on 2026.6 by plain strings: written as plain
    strings, a snapshot reads the same on every release.
    """

    @classmethod
    def serialize_dict(cls, data: Any, **kwargs: Any) -> str:
        if any(isinstance(key, StrEnum) for key in data):
            data = type(data)({_plain(key): value for key, value in data.items()})
        return super().serialize_dict(data=data, **kwargs)


def _plain(key: Any) -> Any:
    return key.value if isinstance(key, StrEnum) else key


class _PlainKeyExtension(HomeAssistantSnapshotExtension):
    serializer_class = _PlainKeySerializer


@pytest.fixture
def snapshot(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    """Snapshots with Home Assistant's serializer (ids and times masked, plain keys)."""
    return snapshot.use_extension(_PlainKeyExtension)


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Load the integration from custom_components."""


@pytest.fixture
async def devices(hass: HomeAssistant) -> Devices:
    """Switches, satellite and Echo devices, as the device integrations would make them."""
    initial = {
        "kitchen_mute_state": False,
        "kitchen_plug_state": True,
        "echo_dnd_state": False,
        "echo_plug_state": True,
        "nest_plug_state": True,
        "stuck_plug_state": True,
        "slow_a_plug_state": True,
        "slow_b_plug_state": True,
        "slow_a_plug_asked": False,
        "slow_b_plug_asked": False,
        "release": False,
        "broken_plug_state": True,
        "night": False,  # stands in for a privacy schedule
    }
    booleans: dict[str, Any] = {key: {"initial": value} for key, value in initial.items()}
    booleans |= {f"{name}_offline": {"initial": False} for name in SWITCHES}
    assert await async_setup_component(hass, "input_boolean", {"input_boolean": booleans})
    assert await async_setup_component(
        hass,
        "template",
        {"template": [{"switch": [_template_switch(name) for name in SWITCHES]}]},
    )
    await settle(hass)

    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    made: dict[str, dr.DeviceEntry] = {}
    for key, platform, model in (
        ("kitchen", "esphome", "Voice PE"),
        ("echo", "alexa_devices", "Echo Dot"),
        ("lamp", "hue", "Lamp"),
    ):
        entry = MockConfigEntry(domain=platform, title=key)
        entry.add_to_hass(hass)
        made[key] = device_registry.async_get_or_create(
            config_entry_id=entry.entry_id,
            identifiers={(platform, key)},
            name=f"{key.capitalize()} device",
            model=model,
        )
        if key == "kitchen":
            entity_registry.async_get_or_create(
                "assist_satellite",
                platform,
                "kitchen-satellite",
                device_id=made[key].id,
                config_entry=entry,
                suggested_object_id="kitchen_satellite",
            )
            hass.states.async_set(SATELLITE, "idle")
        if key == "echo":
            entity_registry.async_get_or_create(
                "switch",
                platform,
                "echo-dnd-native",
                device_id=made[key].id,
                config_entry=entry,
                translation_key="do_not_disturb",
                suggested_object_id="echo_native_dnd",
            )
            entity_registry.async_get_or_create(
                "event",
                platform,
                "echo-voice_event",
                device_id=made[key].id,
                config_entry=entry,
                translation_key="voice_event",
                suggested_object_id="echo_voice_event",
            )
            # Never triggered yet, as an event entity starts.
            hass.states.async_set(ECHO_VOICE_EVENT, "unknown", {"event_types": ["triggered"]})
    for name, device_key in SWITCHES.items():
        if device_key:
            entity_id = entity_registry.async_get_entity_id("switch", "template", name)
            assert entity_id
            entity_registry.async_update_entity(entity_id, device_id=made[device_key].id)
    return Devices(**made)


def assistant_subentry(
    title: str,
    kind: str,
    *,
    device_id: str | None = None,
    mute: str | None = None,
    dnd: str | None = None,
    power: str | None = None,
) -> ConfigSubentryDataWithId:
    """Subentry data of one assistant, as the flow stores it."""
    data: dict[str, Any] = {CONF_KIND: kind, CONF_DEVICE_ID: device_id}
    links = {CONF_MUTE_ENTITY: mute, CONF_DND_ENTITY: dnd, CONF_POWER_ENTITY: power}
    data |= {key: value for key, value in links.items() if value}
    return ConfigSubentryDataWithId(
        data=data,
        subentry_id=f"{title.lower().replace(' ', '_')}_id",
        subentry_type=SUBENTRY_ASSISTANT,
        title=title,
        unique_id=device_id,
    )


@pytest.fixture
def hub_entry(devices: Devices) -> MockConfigEntry:
    """Return a hub with a satellite (mute + plug), an Echo (DND + plug) and a Nest (plug)."""
    return MockConfigEntry(
        domain=DOMAIN,
        title="Voice Privacy",
        entry_id="01HUBENTRY0000000000000000",
        data={CONF_CONFIRM_TIMEOUT: 1.0},
        subentries_data=[
            assistant_subentry(
                "Kitchen",
                "assist_satellite",
                device_id=devices.kitchen.id,
                mute="switch.kitchen_mute",
                power="switch.kitchen_plug",
            ),
            assistant_subentry(
                "Echo",
                "alexa",
                device_id=devices.echo.id,
                dnd="switch.echo_dnd",
                power="switch.echo_plug",
            ),
            assistant_subentry("Nest", "google", power="switch.nest_plug"),
        ],
    )


@pytest.fixture
async def setup_hub(hass: HomeAssistant, hub_entry: MockConfigEntry) -> MockConfigEntry:
    """Return the hub, set up."""
    await setup_integration(hass, hub_entry)
    return hub_entry


@pytest.fixture
async def month_old_hub(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> MockConfigEntry:
    """The hub, set up, with assistants added a month ago (their settings repairs are due)."""
    added = (dt_util.now().date() - timedelta(days=30)).isoformat()
    key = f"{DOMAIN}.{hub_entry.entry_id}.settings"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {assistant: {"added_on": added} for assistant in hub_entry.subentries},
    }
    await setup_integration(hass, hub_entry)
    return hub_entry


async def setup_hub_with_nest_plug(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    plug: str,
    *,
    confirm_timeout: float | None = None,
) -> MockConfigEntry:
    """Set up the hub with the Nest behind another plug (a stuck, broken or slow one).

    Tests that hold a slow plug back on purpose give it a longer `confirm_timeout`.
    """
    hub_entry.add_to_hass(hass)
    if confirm_timeout is not None:
        hass.config_entries.async_update_entry(
            hub_entry, data={**hub_entry.data, CONF_CONFIRM_TIMEOUT: confirm_timeout}
        )
    nest = hub_entry.subentries["nest_id"]
    hass.config_entries.async_update_subentry(
        hub_entry, nest, data={**nest.data, CONF_POWER_ENTITY: plug}
    )
    await setup_integration(hass, hub_entry)
    return hub_entry


def subentry_id(entry: MockConfigEntry, title: str) -> str:
    """Return the id of the assistant with this title."""
    return next(s.subentry_id for s in entry.subentries.values() if s.title == title)


async def after_first_week(hass: HomeAssistant, freezer: Any) -> None:
    """Let a week and a day pass: the settings repairs ask only after the first week."""
    freezer.tick(timedelta(days=8))
    async_fire_time_changed(hass)
    await settle(hass)


async def flush_delayed_saves(hass: HomeAssistant) -> None:
    """Let stores' delayed saves (a few seconds) write, as time passing would."""
    await settle(hass)
    async_fire_time_changed(hass, dt_util.utcnow() + timedelta(seconds=10))
    await settle(hass)


async def setup_integration(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    """Set up a config entry (added to hass first if it is not yet), check it loaded, settle."""
    if hass.config_entries.async_get_entry(entry.entry_id) is None:
        entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    assert entry.state is ConfigEntryState.LOADED
    await settle(hass)


async def settle(hass: HomeAssistant) -> None:
    """Wait for a change and everything that follows it, on every supported release.

    Home Assistant 2026.6 hands a state change to the entities following it one turn of the
    event loop later (`call_soon`); 2026.10 hands it over at once. A change that makes
    another (a template switch following its input_boolean, the hub following the switch)
    then takes one `async_block_till_done` per step there: wait until a pass fires no event.
    """
    fired = 0

    @callback
    def _count(_event: Event[Any]) -> None:
        nonlocal fired
        fired += 1

    remove = hass.bus.async_listen(MATCH_ALL, _count)
    try:
        for _ in range(20):
            before = fired
            await hass.async_block_till_done()
            if fired == before:
                return
    finally:
        remove()
    msg = "Home Assistant kept firing events: nothing settles"
    raise AssertionError(msg)


def collect_events(hass: HomeAssistant, event_type: str) -> list[Any]:
    """A list that every event of this type is appended to, as it is fired.

    The listener is a callback: a plain function would run in the executor, and its append
    could land after the test's assertion.
    """
    collected: list[Any] = []

    @callback
    def _collect(event: Any) -> None:
        collected.append(event)

    hass.bus.async_listen(event_type, _collect)
    return collected


@pytest.fixture
def events(hass: HomeAssistant) -> list[Any]:
    """Collect voice_privacy_changed events, as they are fired.

    The listener is a callback: a plain function would run in the executor and could land
    after the test's assertion.
    """
    return collect_events(hass, "voice_privacy_changed")


@pytest.fixture
async def voice_hub(
    hass: HomeAssistant, devices: Devices, hub_entry: MockConfigEntry
) -> MockConfigEntry:
    """The hub with Assist running; the satellite in the bedroom, the Echo in the living room."""
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    assert await async_setup_component(hass, "intent", {})
    if importlib.util.find_spec("homeassistant.components.llm"):  # not on 2026.6
        assert await async_setup_component(hass, "llm", {})
    areas = ar.async_get(hass)
    bedroom = areas.async_create(
        "Bedroom", aliases={"Schlafzimmer", "chambre", "dormitorio", "slaapkamer"}
    )
    living = areas.async_create("Living room")
    areas.async_create("Attic")
    device_registry = dr.async_get(hass)
    device_registry.async_update_device(devices.kitchen.id, area_id=bedroom.id)
    device_registry.async_update_device(devices.echo.id, area_id=living.id)
    await setup_integration(hass, hub_entry)
    return hub_entry


def device_owners(device: Any) -> set[tuple[str, str | None]]:
    """The (config entry, subentry) pairs a device belongs to.

    On 2026.10 a device has one, `config_entry_id` and `config_subentry_id`, and
    `config_entries_subentries` is deprecated; on 2026.6 that was the only one, and a device
    could belong to several.
    """
    if hasattr(device, "config_subentry_id"):
        return {(device.config_entry_id, device.config_subentry_id)}
    return {
        (entry_id, subentry)
        for entry_id, subentries in device.config_entries_subentries.items()
        for subentry in subentries
    }
