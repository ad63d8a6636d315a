"""When each assistant listened: counted from its own device's entity, through Home Assistant."""

from __future__ import annotations

from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT, AssistantKind
from custom_components.voice_privacy.discovery import listen_entity
from custom_components.voice_privacy.kinds import KINDS
from custom_components.voice_privacy.links import AssistantLinks
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import EVENT_STATE_CHANGED
from homeassistant.core import CoreState, HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er, issue_registry as ir
from homeassistant.helpers.event import async_track_state_change_event
from tests.conftest import (
    ECHO_VOICE_EVENT,
    SATELLITE,
    Devices,
    assistant_subentry,
    collect_events,
    flush_delayed_saves,
    setup_integration,
)

LISTENING_NOW = "binary_sensor.kitchen_device_listening_now"
KITCHEN_LAST = "sensor.kitchen_device_last_listened"
KITCHEN_TODAY = "sensor.kitchen_device_activations_today"
ECHO_LAST = "sensor.echo_device_last_listened"
ECHO_TODAY = "sensor.echo_device_activations_today"


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _set(hass: HomeAssistant, entity_id: str, *states: str) -> None:
    for value in states:
        hass.states.async_set(entity_id, value)
        await hass.async_block_till_done()


async def test_a_satellite_counts_each_time_it_starts_listening(
    hass: HomeAssistant, setup_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Idle -> listening counts once; processing, responding and idle do not."""
    assert _state(hass, LISTENING_NOW) == "off"
    assert _state(hass, KITCHEN_TODAY) == "0"
    assert _state(hass, KITCHEN_LAST) == "unknown"

    freezer.move_to("2026-11-27T10:00:00+00:00")
    await _set(hass, SATELLITE, "listening")
    assert _state(hass, LISTENING_NOW) == "on"
    assert _state(hass, KITCHEN_TODAY) == "1"
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T10:00:00+00:00"

    await _set(hass, SATELLITE, "processing", "responding", "idle")
    assert _state(hass, LISTENING_NOW) == "off"
    assert _state(hass, KITCHEN_TODAY) == "1"

    freezer.move_to("2026-11-27T10:05:00+00:00")
    await _set(hass, SATELLITE, "listening", "processing", "idle")
    assert _state(hass, KITCHEN_TODAY) == "2"
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T10:05:00+00:00"
    # The Echo heard nothing.
    assert _state(hass, ECHO_TODAY) == "0"


async def test_unavailable_and_restored_states_are_not_activations(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """Coming back while listening, or a state added anew, is not a new activation."""
    await _set(hass, SATELLITE, "listening", "unavailable")
    assert _state(hass, LISTENING_NOW) == "unavailable"
    # Its history stays available: the counts are ours.
    assert _state(hass, KITCHEN_TODAY) == "1"
    await _set(hass, SATELLITE, "listening", "unknown", "listening")
    assert _state(hass, LISTENING_NOW) == "on"
    assert _state(hass, KITCHEN_TODAY) == "1"
    # Removed and added again, as at a restart of its integration.
    hass.states.async_remove(SATELLITE)
    await hass.async_block_till_done()
    assert _state(hass, LISTENING_NOW) == "unavailable"
    await _set(hass, SATELLITE, "listening")
    assert _state(hass, KITCHEN_TODAY) == "1"


async def test_an_echo_counts_each_new_voice_event(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """Each new timestamp of the Echo's voice event is one; coming back is not."""
    # An event entity does not tell that it listens now: no "Listening now" for the Echo.
    assert hass.states.get("binary_sensor.echo_device_listening_now") is None
    await _set(hass, ECHO_VOICE_EVENT, "2026-11-27T10:00:00.000+00:00")
    assert _state(hass, ECHO_TODAY) == "1"
    await _set(hass, ECHO_VOICE_EVENT, "2026-11-27T10:01:00.000+00:00")
    assert _state(hass, ECHO_TODAY) == "2"
    await _set(hass, ECHO_VOICE_EVENT, "unavailable", "2026-11-27T10:01:00.000+00:00")
    assert _state(hass, ECHO_TODAY) == "2"
    assert _state(hass, ECHO_LAST) != "unknown"
    assert _state(hass, KITCHEN_TODAY) == "0"


async def test_nothing_is_made_up_where_nothing_tells(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """A Nest behind a plug has no entity that tells when it listened: no such entities."""
    assert KINDS[setup_hub.runtime_data.assistants["nest_id"].links.kind].listen_source is None
    for entity_id in (
        "binary_sensor.nest_listening_now",
        "sensor.nest_last_listened",
        "sensor.nest_activations_today",
    ):
        assert hass.states.get(entity_id) is None


async def test_one_assistant_listening_writes_only_its_own_entities(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """A satellite listening touches its own entities, none of the others' or the hub's."""
    written = collect_events(hass, EVENT_STATE_CHANGED)
    await _set(hass, SATELLITE, "listening")
    ours = {
        e.data["entity_id"]
        for e in written
        if er.async_get(hass).async_get(e.data["entity_id"]) is not None
        and er.async_get(hass).async_get(e.data["entity_id"]).platform == DOMAIN
    }
    assert ours == {LISTENING_NOW, KITCHEN_LAST, KITCHEN_TODAY}


@pytest.mark.parametrize("expected_lingering_timers", [True])  # the midnight timer stays armed
async def test_activations_today_start_again_at_local_midnight(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """At midnight where the home is, "Activations today" is 0; "Last listened" stays."""
    await hass.config.async_set_time_zone("Europe/Amsterdam")
    freezer.move_to("2026-11-27T22:50:00+00:00")  # 23:50 in Amsterdam
    await setup_integration(hass, hub_entry)
    await _set(hass, SATELLITE, "listening", "idle", "listening", "idle")
    assert _state(hass, KITCHEN_TODAY) == "2"

    freezer.move_to("2026-11-27T22:59:59+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, KITCHEN_TODAY) == "2"  # still the same day at home

    freezer.move_to("2026-11-27T23:00:00+00:00")  # midnight in Amsterdam
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, KITCHEN_TODAY) == "0"
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T22:50:00+00:00"

    await _set(hass, SATELLITE, "listening")
    assert _state(hass, KITCHEN_TODAY) == "1"


@pytest.mark.parametrize("expected_lingering_timers", [True])  # the new-day timer stays armed
async def test_activations_today_start_again_on_a_day_without_midnight(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """In Chile daylight saving starts at midnight: 6 September 2026 begins at 01:00.

    00:00:00 never shows on the clock that night, so the count must reset at the day's first
    moment, and again at the next (ordinary) midnight.
    """
    await hass.config.async_set_time_zone("America/Santiago")
    freezer.move_to("2026-09-06T03:50:00+00:00")  # 23:50 on Saturday, UTC-4
    await setup_integration(hass, hub_entry)
    await _set(hass, SATELLITE, "listening", "idle", "listening", "idle")
    assert _state(hass, KITCHEN_TODAY) == "2"

    freezer.move_to("2026-09-06T04:00:00+00:00")  # Sunday 01:00, UTC-3: the day's first moment
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, KITCHEN_TODAY) == "0"

    await _set(hass, SATELLITE, "listening", "idle")
    assert _state(hass, KITCHEN_TODAY) == "1"
    freezer.move_to("2026-09-07T03:00:00+00:00")  # Monday 00:00, UTC-3
    async_fire_time_changed(hass)
    await hass.async_block_till_done()
    assert _state(hass, KITCHEN_TODAY) == "0"


async def test_counts_survive_a_restart(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
) -> None:
    """A reload writes the counts; the next start reads them, and an old day reads 0."""
    freezer.move_to("2026-11-27T10:00:00+00:00")
    await setup_integration(hass, hub_entry)
    await _set(hass, SATELLITE, "listening", "idle", "listening")
    await _set(hass, ECHO_VOICE_EVENT, "2026-11-27T10:00:00.000+00:00")

    assert await hass.config_entries.async_reload(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert _state(hass, KITCHEN_TODAY) == "2"
    assert _state(hass, ECHO_TODAY) == "1"
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T10:00:00+00:00"
    # The satellite still listening at start is not a new activation.
    assert _state(hass, LISTENING_NOW) == "on"

    stored = hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.activity"]["data"]
    assert stored["kitchen_id"] == {
        "last": "2026-11-27T10:00:00+00:00",
        "count": 2,
        "day": "2026-11-27",
        "private": 0,
    }

    # A day later (Home Assistant was down at midnight): yesterday's count is not today's.
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    freezer.move_to("2026-11-28T09:00:00+00:00")
    await setup_integration(hass, hub_entry)
    assert _state(hass, KITCHEN_TODAY) == "0"
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T10:00:00+00:00"


async def test_counts_are_written_while_running(
    hass: HomeAssistant, setup_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Counts are saved a few seconds after an activation, not only at shutdown."""
    await _set(hass, SATELLITE, "listening")
    await flush_delayed_saves(hass)
    stored = hass_storage[f"{DOMAIN}.{setup_hub.entry_id}.activity"]["data"]
    assert stored["kitchen_id"]["count"] == 1


async def test_an_unreadable_stored_count_is_dropped(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A damaged entry is ignored with a warning; the others and removed assistants too."""
    key = f"{DOMAIN}.{hub_entry.entry_id}.activity"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {
            "kitchen_id": {"last": "not a time", "count": 3, "day": None},
            "echo_id": {"last": None, "count": "three", "day": None},
            "nest_id": "garbage",
            "removed_id": {"last": None, "count": 1, "day": None},
        },
    }
    await setup_integration(hass, hub_entry)
    assert _state(hass, KITCHEN_TODAY) == "0"
    assert _state(hass, ECHO_TODAY) == "0"
    assert "Ignoring the activity of kitchen_id" in caplog.text
    assert "Ignoring the activity of removed_id" not in caplog.text


async def test_a_stored_time_without_time_zone_is_dropped(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A naive "last" (edited by hand, or an older writer) would keep "Last listened" out.

    Home Assistant refuses to add a timestamp sensor with a naive time; the entry is
    ignored like any unreadable one, and the sensor is there, unknown.
    """
    freezer.move_to("2026-11-27T12:00:00+00:00")
    key = f"{DOMAIN}.{hub_entry.entry_id}.activity"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {"kitchen_id": {"last": "2026-11-27T10:00:00", "count": 2, "day": "2026-11-27"}},
    }
    await setup_integration(hass, hub_entry)
    assert _state(hass, KITCHEN_LAST) == "unknown"
    assert _state(hass, KITCHEN_TODAY) == "0"
    assert "Ignoring the activity of kitchen_id" in caplog.text
    await _set(hass, SATELLITE, "listening")
    assert _state(hass, KITCHEN_LAST) == "2026-11-27T12:00:00+00:00"


async def test_listened_event_for_automations(
    hass: HomeAssistant, setup_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Each activation fires voice_privacy_listened, in the context of the device's change."""
    freezer.move_to("2026-11-27T10:00:00+00:00")
    listened = collect_events(hass, "voice_privacy_listened")
    await _set(hass, SATELLITE, "listening", "idle")
    assert [e.data for e in listened] == [
        {
            "assistant": "Kitchen",
            "assistant_id": "kitchen_id",
            "entity_id": SATELLITE,
            "privacy_mode": False,
            "at": "2026-11-27T10:00:00+00:00",
        }
    ]
    satellite = hass.states.get(SATELLITE)
    assert satellite is not None
    assert listened[0].context.id == hass.states.get(KITCHEN_TODAY).context.id


async def test_listening_while_private_raises_a_repair(
    hass: HomeAssistant, setup_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Listening with privacy mode on is a fact worth a repair, saying how it was known."""
    await hass.config.async_set_time_zone("Europe/Amsterdam")
    issues = ir.async_get(hass)
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.kitchen_device_privacy_mode"}, blocking=True
    )
    listened = collect_events(hass, "voice_privacy_listened")
    freezer.move_to("2026-11-27T01:13:00+00:00")  # 02:13 at home
    await _set(hass, SATELLITE, "listening", "idle")
    assert listened[0].data["privacy_mode"] is True
    issue = issues.async_get_issue(DOMAIN, "listened_while_private_kitchen_id")
    assert issue is not None
    assert issue.severity is ir.IssueSeverity.WARNING
    assert issue.is_persistent
    assert not issue.is_fixable
    # The mute is a template switch here: its state lives in Home Assistant only.
    assert issue.translation_key == "listened_while_private_home_assistant"
    assert issue.translation_placeholders == {
        "assistant": "Kitchen",
        "date": "2026-11-27",
        "time": "02:13",
        "entity": "switch.kitchen_mute",
    }
    # Listening with privacy mode off raises nothing for the Echo.
    await _set(hass, ECHO_VOICE_EVENT, "2026-11-27T01:14:00.000+00:00")
    assert issues.async_get_issue(DOMAIN, "listened_while_private_echo_id") is None


async def test_an_assistant_added_at_run_time_is_followed(
    hass: HomeAssistant, setup_hub: MockConfigEntry, devices: Devices
) -> None:
    """A satellite added to the running hub gets its activity entities, and is counted."""
    other = MockConfigEntry(domain="wyoming", title="bedroom")
    other.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=other.entry_id, identifiers={("wyoming", "bedroom")}, name="Bedroom"
    )
    er.async_get(hass).async_get_or_create(
        "assist_satellite",
        "wyoming",
        "bedroom-satellite",
        device_id=device.id,
        config_entry=other,
        suggested_object_id="bedroom_satellite",
    )
    hass.states.async_set("assist_satellite.bedroom_satellite", "idle")
    subentry = assistant_subentry(
        "Bedroom", "assist_satellite", device_id=device.id, power="switch.stuck_plug"
    )
    hass.config_entries.async_add_subentry(
        setup_hub,
        ConfigSubentry(
            data=subentry["data"],
            subentry_type=SUBENTRY_ASSISTANT,
            title="Bedroom",
            unique_id=device.id,
        ),
    )
    await hass.async_block_till_done()
    assert _state(hass, "binary_sensor.bedroom_listening_now") == "off"
    await _set(hass, "assist_satellite.bedroom_satellite", "listening")
    assert _state(hass, "binary_sensor.bedroom_listening_now") == "on"
    assert _state(hass, "sensor.bedroom_activations_today") == "1"
    assert _state(hass, KITCHEN_TODAY) == "0"


async def test_no_listening_entity_on_the_device_means_none(
    hass: HomeAssistant, devices: Devices
) -> None:
    """A device without the entity its kind listens through gets nothing, and no assistant."""
    satellite_on_a_lamp = AssistantLinks(AssistantKind.ASSIST_SATELLITE, device_id=devices.lamp.id)
    assert listen_entity(hass, satellite_on_a_lamp) is None
    no_device = AssistantLinks(AssistantKind.ASSIST_SATELLITE)
    assert listen_entity(hass, no_device) is None
    echo = AssistantLinks(AssistantKind.ALEXA, device_id=devices.echo.id)
    assert listen_entity(hass, echo) == ECHO_VOICE_EVENT


async def test_an_echo_replaying_its_last_command_after_a_restart_is_not_counted(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """Alexa Devices shows the newest record again after a restart: the same words, no count."""
    said = {"event_type": "triggered", "voice_command": "what time is it"}
    hass.states.async_set(ECHO_VOICE_EVENT, "2026-11-26T20:00:00.000+00:00", said)
    hass.set_state(CoreState.starting)
    await setup_integration(hass, hub_entry)
    hass.set_state(CoreState.running)
    await _set_event(hass, "2026-11-27T08:00:00.000+00:00", said)
    assert _state(hass, ECHO_TODAY) == "0"
    # The same words again later are a new command.
    await _set_event(hass, "2026-11-27T08:05:00.000+00:00", said)
    assert _state(hass, ECHO_TODAY) == "1"


async def test_a_different_first_command_after_a_restart_counts(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """Only an exact replay is skipped: new words are a new command."""
    hass.states.async_set(
        ECHO_VOICE_EVENT, "2026-11-26T20:00:00.000+00:00", {"voice_command": "what time is it"}
    )
    hass.set_state(CoreState.starting)
    await setup_integration(hass, hub_entry)
    hass.set_state(CoreState.running)
    await _set_event(hass, "2026-11-27T08:00:00.000+00:00", {"voice_command": "lights on"})
    assert _state(hass, ECHO_TODAY) == "1"


async def _set_event(hass: HomeAssistant, when: str, attributes: dict[str, str]) -> None:
    hass.states.async_set(ECHO_VOICE_EVENT, when, attributes)
    await hass.async_block_till_done()


@pytest.mark.usefixtures("setup_hub")
async def test_a_short_listening_is_seen_on_listening_now(hass: HomeAssistant) -> None:
    """Listening, then processing in the same turn: "Listening now" still turns on and off.

    An automation triggered on it must not miss an activation that was counted. Releases
    that hand a state change to its followers a turn later (2026.6) show no listener such a
    short state at all; there the test has nothing to check.
    """
    handed: list[object] = []

    @callback
    def _hand(event: object) -> None:
        handed.append(event)

    remove = async_track_state_change_event(hass, "sensor.probe", _hand)
    hass.states.async_set("sensor.probe", "1")
    remove()
    if not handed:
        pytest.skip("this release hands state changes to their followers a turn later")
    changes = collect_events(hass, "state_changed")
    hass.states.async_set(SATELLITE, "listening")
    hass.states.async_set(SATELLITE, "processing")
    await hass.async_block_till_done()
    seen = [e.data["new_state"].state for e in changes if e.data["entity_id"] == LISTENING_NOW]
    assert seen == ["on", "off"]
