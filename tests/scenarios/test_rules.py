"""Rules through Home Assistant: the privacy schedule, away privacy, overrides, restarts."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from homeassistant.core import CoreState, HomeAssistant
from tests.conftest import flush_delayed_saves, settle, setup_integration

KITCHEN_MIC = "sensor.kitchen_device_microphone"
NEST_MIC = "sensor.nest_microphone"


async def _toggle(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    domain = entity_id.split(".", maxsplit=1)[0]
    await hass.services.async_call(
        domain, "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )
    await settle(hass)


async def _setup(hass: HomeAssistant, hub_entry: MockConfigEntry, **options: Any) -> None:
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(hub_entry, options=options)
    await setup_integration(hass, hub_entry)


async def test_schedule_window_mutes_and_restores(
    hass: HomeAssistant, hub_entry: MockConfigEntry, events: list[Any]
) -> None:
    """While the schedule is on, the covered assistants are private; after, as before."""
    await _setup(
        hass,
        hub_entry,
        schedule_entity="input_boolean.night",
        schedule_assistants=["kitchen_id", "nest_id"],
    )
    await _toggle(hass, "switch.echo_plug", False)  # the Echo was off before: it stays so
    assert hass.states.get("binary_sensor.voice_privacy_schedule_active").state == "off"

    await _toggle(hass, "input_boolean.night", True)
    assert hass.states.get("binary_sensor.voice_privacy_schedule_active").state == "on"
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert hass.states.get(NEST_MIC).state == "powered_off"
    assert {e.data["cause"] for e in events if e.data["assistant"] != "Echo"} == {"schedule"}

    await _toggle(hass, "input_boolean.night", False)
    assert hass.states.get(KITCHEN_MIC).state == "live"
    assert hass.states.get(NEST_MIC).state == "live"
    assert hass.states.get("sensor.echo_device_microphone").state == "powered_off"
    assert events[-1].data["cause"] == "schedule"


async def test_manual_unmute_lasts_until_the_window_ends(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """An unmute by hand (switch or device) holds through the window, not into the next."""
    await _setup(hass, hub_entry, schedule_entity="input_boolean.night")
    await _toggle(hass, "input_boolean.night", True)
    await _toggle(hass, "switch.kitchen_device_privacy_mode", False)
    await hass.services.async_call(  # the Nest's plug switched on by hand
        "input_boolean", "turn_on", {"entity_id": "input_boolean.nest_plug_state"}, blocking=True
    )
    await settle(hass)
    assert hass.states.get(KITCHEN_MIC).state == "live"
    assert hass.states.get(NEST_MIC).state == "live"

    await _toggle(hass, "input_boolean.night", False)
    assert hass.states.get(KITCHEN_MIC).state == "live"
    await _toggle(hass, "input_boolean.night", True)
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert hass.states.get(NEST_MIC).state == "powered_off"


async def test_away_privacy_with_people(hass: HomeAssistant, hub_entry: MockConfigEntry) -> None:
    """Everyone gone: private; anyone back: restored. Unknown whereabouts are not away."""
    hass.states.async_set("person.anna", "home")
    hass.states.async_set("person.ben", "home")
    await _setup(
        hass,
        hub_entry,
        away_privacy=True,
        away_persons=["person.anna", "person.ben"],
        away_assistants=["nest_id"],
    )
    hass.states.async_set("person.anna", "not_home")
    hass.states.async_set("person.ben", "unknown")
    await settle(hass)
    assert hass.states.get(NEST_MIC).state == "live"
    hass.states.async_set("person.ben", "Work")
    await settle(hass)
    assert hass.states.get(NEST_MIC).state == "powered_off"
    assert hass.states.get(KITCHEN_MIC).state == "live"  # not covered
    hass.states.async_set("person.anna", "home")
    await settle(hass)
    assert hass.states.get(NEST_MIC).state == "live"


async def test_away_by_home_zone_and_schedule_together(
    hass: HomeAssistant, hub_entry: MockConfigEntry, events: list[Any]
) -> None:
    """Overlapping rules: the assistant stays private until the last one ends."""
    hass.states.async_set("zone.home", "2")
    await _setup(hass, hub_entry, away_privacy=True, schedule_entity="input_boolean.night")
    hass.states.async_set("zone.home", "0")
    await settle(hass)
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert events[-1].data["cause"] == "away"
    await _toggle(hass, "input_boolean.night", True)
    hass.states.async_set("zone.home", "1")
    await settle(hass)
    assert hass.states.get(KITCHEN_MIC).state == "muted"  # the schedule still holds it
    await _toggle(hass, "input_boolean.night", False)
    assert hass.states.get(KITCHEN_MIC).state == "live"


async def test_restart_in_a_window(hass: HomeAssistant, hub_entry: MockConfigEntry) -> None:
    """After a restart the rules hold again, and a manual unmute made before is kept."""
    await _setup(hass, hub_entry, schedule_entity="input_boolean.night")
    await _toggle(hass, "input_boolean.night", True)
    await _toggle(hass, "switch.nest_privacy_mode", False)
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    # While Home Assistant was down, the satellite rebooted unmuted.
    await _toggle(hass, "input_boolean.kitchen_mute_state", False)
    await setup_integration(hass, hub_entry)
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert hass.states.get(NEST_MIC).state == "live"


async def test_rule_failure_is_logged(
    hass: HomeAssistant, hub_entry: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """A device that does not answer a rule is logged; the others are still switched."""
    await _setup(hass, hub_entry, schedule_entity="input_boolean.night")
    await _toggle(hass, "input_boolean.kitchen_plug_offline", True)
    await _toggle(hass, "input_boolean.kitchen_mute_offline", True)
    await _toggle(hass, "input_boolean.night", True)
    assert "Could not set Kitchen (cause: schedule)" in caplog.text
    assert hass.states.get(NEST_MIC).state == "powered_off"


async def test_unchanged_rules_write_nothing(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A person's location update that changes no rule does not rewrite the policy store."""
    hass.states.async_set("person.anna", "home")
    await _setup(hass, hub_entry, away_privacy=True, away_persons=["person.anna"])
    hass.states.async_set("person.anna", "not_home")
    await flush_delayed_saves(hass)
    key = f"voice_privacy.{hub_entry.entry_id}.policy"
    assert hass_storage[key]["data"]["nest_id"]["rules"] == ["away"]
    del hass_storage[key]
    hass.states.async_set("person.anna", "not_home", {"latitude": 52.1, "longitude": 4.3})
    await flush_delayed_saves(hass)
    assert key not in hass_storage


async def test_schedule_turning_on_while_booting_shows(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """A schedule that starts before Home Assistant has started shows once it has."""
    hass.set_state(CoreState.not_running)
    await _setup(hass, hub_entry, schedule_entity="input_boolean.night")
    await _toggle(hass, "input_boolean.nest_plug_state", False)  # already private
    await _toggle(hass, "input_boolean.night", True)
    await hass.async_start()
    await settle(hass)
    assert hass.states.get("binary_sensor.voice_privacy_schedule_active").state == "on"
