"""Adding an assistant or saving options changes only what changed: no reload, no blips."""

from __future__ import annotations

import asyncio
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from custom_components.voice_privacy.history import VoiceHistory
from homeassistant.config_entries import ConfigSubentry
from homeassistant.const import EVENT_HOMEASSISTANT_STARTED
from homeassistant.core import CoreState, Event, HomeAssistant, callback
from tests.conftest import assistant_subentry, collect_events, settle, setup_integration


@pytest.fixture
def unavailable(hass: HomeAssistant) -> list[str]:
    """Entities of the hub that went unavailable (a reload would make every one do so)."""
    seen: list[str] = []

    @callback
    def _collect(event: Event[Any]) -> None:
        new_state = event.data["new_state"]
        if event.data["entity_id"].split(".")[1].startswith(
            ("voice_privacy", "kitchen", "echo", "nest")
        ) and (new_state is None or new_state.state == "unavailable"):
            seen.append(event.data["entity_id"])

    hass.bus.async_listen("state_changed", _collect)
    return seen


def _add_office(hass: HomeAssistant, entry: MockConfigEntry) -> ConfigSubentry:
    """Add an assistant "Office" behind the stuck plug, as its subentry flow would."""
    data = assistant_subentry("Office", "other", power="switch.stuck_plug")["data"]
    subentry = ConfigSubentry(
        data=data, subentry_type=SUBENTRY_ASSISTANT, title="Office", unique_id=None
    )
    hass.config_entries.async_add_subentry(entry, subentry)
    return subentry


async def test_adding_an_assistant_touches_no_other(
    hass: HomeAssistant, setup_hub: MockConfigEntry, unavailable: list[str]
) -> None:
    """A new assistant's entities appear and work; the others never blink."""
    _add_office(hass, setup_hub)
    await settle(hass)
    assert unavailable == []
    assert hass.states.get("sensor.office_microphone").state == "live"
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "4"
    office = next(s for s in setup_hub.subentries.values() if s.title == "Office")
    assert office.subentry_id in setup_hub.runtime_data.assistants
    await hass.services.async_call(
        "input_boolean", "turn_off", {"entity_id": "input_boolean.stuck_plug_state"}, blocking=True
    )
    await settle(hass)
    assert hass.states.get("sensor.office_microphone").state == "powered_off"  # followed


async def test_new_options_apply_without_a_reload(
    hass: HomeAssistant, hub_entry: MockConfigEntry, unavailable: list[str]
) -> None:
    """Changing which assistants the schedule covers applies in place."""
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["nest_id"]},
    )
    await setup_integration(hass, hub_entry)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["kitchen_id"]},
    )
    await settle(hass)
    assert unavailable == []
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.night"}, blocking=True
    )
    await settle(hass)
    assert hass.states.get("sensor.kitchen_device_microphone").state == "muted"
    assert hass.states.get("sensor.nest_microphone").state == "live"  # no longer covered


async def test_removing_or_relinking_still_reloads(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """A removed assistant goes with a reload; what remains works."""
    hass.config_entries.async_remove_subentry(setup_hub, "nest_id")
    await settle(hass)
    assert "nest_id" not in setup_hub.runtime_data.assistants
    assert hass.states.get("sensor.nest_microphone") is None
    assert hass.states.get("sensor.kitchen_device_microphone").state == "live"
    assert DOMAIN in hass.config.components


async def test_options_saved_twice_quickly_double_purge(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Two option saves in a row must leave one daily purge, not two (and none after unload)."""
    await hass.config.async_set_time_zone("UTC")
    freezer.move_to("2026-11-10T12:00:00+00:00")
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        hub_entry, options={"auto_purge": True, "purge_time": "20:00:00"}
    )
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    hass.config_entries.async_update_entry(
        hub_entry, options={"auto_purge": True, "purge_time": "21:00:00"}
    )
    hass.config_entries.async_update_entry(
        hub_entry, options={"auto_purge": True, "purge_time": "22:00:00"}
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    purges = collect_events(hass, "voice_privacy_history_purged")
    freezer.move_to("2026-11-10T22:00:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(purges) == 3, len(purges)  # one per assistant
    # and after unload nothing should run
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    purges.clear()
    freezer.move_to("2026-11-11T22:00:00+00:00")
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert purges == []


async def test_options_changed_before_started(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """Options saved while Home Assistant starts must be the ones that run once started."""
    hass.set_state(CoreState.not_running)
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["nest_id"]},
    )
    await setup_integration(hass, hub_entry)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["kitchen_id"]},
    )
    await settle(hass)
    hass.set_state(CoreState.running)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_STARTED)
    await hass.async_block_till_done(wait_background_tasks=True)
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.night"}, blocking=True
    )
    await hass.async_block_till_done(wait_background_tasks=True)
    states = (
        hass.states.get("sensor.kitchen_device_microphone").state,
        hass.states.get("sensor.nest_microphone").state,
    )
    assert states == ("muted", "live"), states


async def test_add_then_remove_quickly(
    hass: HomeAssistant, setup_hub: MockConfigEntry, caplog: pytest.LogCaptureFixture
) -> None:
    """An assistant added and removed at once leaves no error and no stale assistant."""
    subentry = _add_office(hass, setup_hub)
    hass.config_entries.async_remove_subentry(setup_hub, subentry.subentry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert "Error" not in caplog.text, caplog.text[-3000:]
    assert "Traceback" not in caplog.text
    assert subentry.subentry_id not in setup_hub.runtime_data.assistants


async def test_an_assistant_added_while_the_hub_reloads_is_not_lost(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """An assistant added while the hub sets up again (after the first one) gets its entities.

    The new setup read the assistants before it was added, and its update listener found no
    loaded hub to add it to.
    """
    gate = asyncio.Event()
    real = VoiceHistory.async_load

    async def _slow_load(self: VoiceHistory) -> None:
        await gate.wait()
        await real(self)

    with patch.object(VoiceHistory, "async_load", _slow_load):
        reload = hass.async_create_task(hass.config_entries.async_reload(setup_hub.entry_id))
        for _ in range(20):
            await asyncio.sleep(0)
        _add_office(hass, setup_hub)
        gate.set()
        assert await reload
    await settle(hass)
    assert hass.states.get("sensor.office_microphone").state == "live"
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "4"
