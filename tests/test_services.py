"""The set_privacy_mode action: targets, responses, durations, concurrency, failures."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import HomeAssistantError, ServiceValidationError
from homeassistant.helpers import area_registry as ar, device_registry as dr
from homeassistant.setup import async_setup_component

from .conftest import (
    Devices,
    assistant_subentry,
    flush_delayed_saves,
    settle,
    setup_hub_with_nest_plug,
    setup_integration,
    subentry_id,
)


async def _set(hass: HomeAssistant, target: dict[str, Any], **data: Any) -> dict[str, Any]:
    response = await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {**target, **data},
        blocking=True,
        return_response=True,
    )
    assert response is not None
    return response


@pytest.mark.usefixtures("setup_hub")
async def test_target_by_entity_returns_results(hass: HomeAssistant) -> None:
    """One assistant by entity; the response says what happened."""
    response = await _set(hass, {"entity_id": "sensor.nest_microphone"}, enabled=True)
    assert response == {
        "assistants": [
            {
                "assistant_id": response["assistants"][0]["assistant_id"],
                "assistant": "Nest",
                "success": True,
                "privacy_mode": True,
                "microphone": "powered_off",
            }
        ]
    }
    assert hass.states.get("switch.nest_plug").state == "off"


async def test_target_by_device_and_area(
    hass: HomeAssistant, setup_hub: MockConfigEntry, devices: Devices
) -> None:
    """A device or an area reaches the assistants whose entities are there."""
    response = await _set(hass, {"device_id": devices.kitchen.id}, enabled=True)
    assert [r["assistant"] for r in response["assistants"]] == ["Kitchen"]
    assert hass.states.get("switch.kitchen_mute").state == "on"

    bedroom = ar.async_get(hass).async_create("Bedroom")
    dr.async_get(hass).async_update_device(devices.echo.id, area_id=bedroom.id)
    response = await _set(hass, {"area_id": bedroom.id}, enabled=True)
    assert [r["assistant"] for r in response["assistants"]] == ["Echo"]
    assert hass.states.get("sensor.echo_device_microphone").state == "powered_off"


@pytest.mark.usefixtures("setup_hub")
async def test_target_without_assistants(hass: HomeAssistant) -> None:
    """A target with no assistant in it is a validation error."""
    with pytest.raises(ServiceValidationError) as err:
        await _set(hass, {"entity_id": "switch.nest_plug"}, enabled=True)
    assert err.value.translation_key == "no_assistants_targeted"


async def test_not_loaded(hass: HomeAssistant) -> None:
    """Without a hub the action says so."""
    assert await async_setup_component(hass, DOMAIN, {})
    with pytest.raises(ServiceValidationError) as err:
        await _set(hass, {"entity_id": "sensor.nest_microphone"}, enabled=True)
    assert err.value.translation_key == "not_loaded"


async def test_partial_failure_is_reported(hass: HomeAssistant, hub_entry: MockConfigEntry) -> None:
    """A stuck plug fails its assistant only; the others are switched and reported."""
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.stuck_plug")
    target = {"entity_id": ["switch.nest_privacy_mode", "switch.kitchen_device_privacy_mode"]}

    response = await _set(hass, target, enabled=True)
    results = {r["assistant"]: r for r in response["assistants"]}
    assert results["Kitchen"]["success"] is True
    assert results["Kitchen"]["microphone"] == "muted"
    assert results["Nest"]["success"] is False
    assert results["Nest"]["privacy_mode"] is False
    assert "switch.stuck_plug did not report off" in results["Nest"]["error"]

    # Without a response requested, the failure is raised after all were tried.
    await hass.services.async_call(
        "input_boolean",
        "turn_off",
        {"entity_id": "input_boolean.kitchen_mute_state"},
        blocking=True,
    )
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            DOMAIN, "set_privacy_mode", {**target, "enabled": True}, blocking=True
        )
    assert err.value.translation_key == "set_privacy_mode_failed"
    assert "1 of 2" in str(err.value)
    assert hass.states.get("switch.kitchen_mute").state == "on"


async def test_assistants_are_switched_concurrently(hass: HomeAssistant, devices: Devices) -> None:
    """Every assistant is commanded before any has confirmed."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={"confirm_timeout": 5},
        subentries_data=[
            assistant_subentry("A", "other", power="switch.slow_a_plug"),
            assistant_subentry("B", "other", power="switch.slow_b_plug"),
        ],
    )
    await setup_integration(hass, entry)

    task = hass.async_create_task(
        _set(hass, {"entity_id": ["sensor.a_microphone", "sensor.b_microphone"]}, enabled=True)
    )
    for _ in range(50):
        await asyncio.sleep(0)
    # Both plugs were asked while neither has been let through: the calls run side by side.
    assert hass.states.get("input_boolean.slow_a_plug_asked").state == "on"
    assert hass.states.get("input_boolean.slow_b_plug_asked").state == "on"
    assert hass.states.get("switch.slow_a_plug").state == "on"
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.release"}, blocking=True
    )
    response = await task
    assert [r["microphone"] for r in response["assistants"]] == ["powered_off", "powered_off"]


@pytest.mark.usefixtures("setup_hub")
async def test_duration_restores_previous_state(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory, events: list[Any]
) -> None:
    """A temporary mute ends by itself and says so."""
    response = await _set(
        hass,
        {"entity_id": "sensor.kitchen_device_microphone"},
        enabled=True,
        duration={"minutes": 30},
    )
    assert "restore_at" in response["assistants"][0]
    assert hass.states.get("switch.kitchen_mute").state == "on"

    freezer.tick(timedelta(minutes=29))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get("switch.kitchen_mute").state == "on"

    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get("switch.kitchen_mute").state == "off"
    assert events[-1].data["cause"] == "duration_ended"


@pytest.mark.usefixtures("setup_hub")
async def test_manual_change_cancels_the_restore(
    hass: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Switching privacy by hand replaces a temporary change."""
    await _set(hass, {"entity_id": "sensor.nest_microphone"}, enabled=True, duration={"minutes": 5})
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.nest_privacy_mode"}, blocking=True
    )
    freezer.tick(timedelta(minutes=10))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get("switch.nest_plug").state == "off"


async def test_duration_survives_a_restart(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A temporary mute stored before a restart is restored afterwards, even if overdue."""
    await _set(
        hass, {"entity_id": "sensor.nest_microphone"}, enabled=True, duration={"minutes": 10}
    )
    await _set(
        hass, {"entity_id": "sensor.nest_microphone"}, enabled=True, duration={"minutes": 20}
    )
    key = f"{DOMAIN}.{setup_hub.entry_id}.policy"
    await flush_delayed_saves(hass)
    stored = hass_storage[key]["data"]
    nest = subentry_id(setup_hub, "Nest")
    assert stored[nest]["override"]["restore_to"] is False  # from before the first change

    assert await hass.config_entries.async_unload(setup_hub.entry_id)
    freezer.tick(timedelta(minutes=25))
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get("switch.nest_plug").state == "off"  # nothing ran while unloaded

    await setup_integration(hass, setup_hub)
    async_fire_time_changed(hass)
    await settle(hass)
    assert hass.states.get("switch.nest_plug").state == "on"
    await flush_delayed_saves(hass)
    assert hass_storage[key]["data"][nest]["override"] is None


async def test_duration_restore_failure_is_logged(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A restore whose device does not answer is logged, not raised into the loop."""
    await setup_integration(hass, hub_entry)
    await _set(hass, {"entity_id": "sensor.nest_microphone"}, enabled=True, duration={"minutes": 1})
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.nest_plug_offline"}, blocking=True
    )
    await settle(hass)  # the plug has gone offline before the restore is due
    assert hass.states.is_state("switch.nest_plug", "unavailable")
    freezer.tick(timedelta(minutes=2))
    async_fire_time_changed(hass)
    await settle(hass)
    assert "Could not end temporary privacy change" in caplog.text


async def test_set_privacy_mode_answers_when_the_hub_unloads_meanwhile(
    hass: HomeAssistant, devices: Devices
) -> None:
    """The hub unloads while a slow plug confirms: the action still returns its results."""
    entry = MockConfigEntry(
        domain=DOMAIN,
        data={"confirm_timeout": 5},
        subentries_data=[assistant_subentry("A", "other", power="switch.slow_a_plug")],
    )
    await setup_integration(hass, entry)
    action = hass.async_create_task(
        hass.services.async_call(
            DOMAIN,
            "set_privacy_mode",
            {"entity_id": ["sensor.a_microphone"], "enabled": True},
            blocking=True,
            return_response=True,
        )
    )
    for _ in range(50):  # the plug is asked, and waits to be released
        await asyncio.sleep(0)
    assert hass.states.is_state("input_boolean.slow_a_plug_asked", "on")
    assert await hass.config_entries.async_unload(entry.entry_id)
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.release"}, blocking=True
    )
    response = await action
    assert response is not None
    assert response["assistants"][0]["success"] is True  # type: ignore[index,call-overload]
