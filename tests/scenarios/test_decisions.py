"""Decisions that must not be lost: races, a device change during boot, damaged stores.

Both tests drive the hub only through Home Assistant (config entries, states, services, the
storage it reads at start and the clock), so they do not depend on how the integration is
split into modules.
"""

from __future__ import annotations

import asyncio
import contextlib
from datetime import timedelta
from typing import Any
from unittest.mock import patch

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.coordinator import RecordingsCoordinator
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers import entity_registry as er
from homeassistant.util import dt as dt_util
from tests.conftest import (
    collect_events,
    flush_delayed_saves,
    settle,
    setup_hub_with_nest_plug,
    setup_integration,
)

NEST_MIC = "sensor.nest_microphone"
NEST_PRIVACY = "switch.nest_privacy_mode"
KITCHEN_MIC = "sensor.kitchen_device_microphone"


async def _toggle(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    """Switch an entity and wait for what follows (not for a slow plug held back)."""
    domain = entity_id.split(".", maxsplit=1)[0]
    await hass.services.async_call(
        domain, "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )


def _state(hass: HomeAssistant, entity_id: str) -> str:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.state


async def _tick(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Let time pass, so timers and delayed store writes run."""
    freezer.tick(delta)
    async_fire_time_changed(hass)
    await settle(hass)


def _stored_policies(hass_storage: dict[str, Any], entry: MockConfigEntry) -> dict[str, Any]:
    data: dict[str, Any] = hass_storage[f"voice_privacy.{entry.entry_id}.policy"]["data"]
    return data


async def test_stored_policies_load_before_a_boot_time_device_change(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A device changing while Home Assistant boots does not erase the stored policies.

    Before the restart the Nest was made private for an hour; that pending restore is in the
    policy store. While Home Assistant is still starting, someone presses the kitchen
    satellite's mute button. That device change is a person's decision and gets stored. If it
    is stored before the stored policies were read (they used to be read only once Home
    Assistant had started), the store is rewritten with the kitchen's policy alone: the
    Nest's pending restore is lost and the Nest stays off for good. The stored policies must be
    in place before anything writes the store.
    """
    await _toggle(hass, "input_boolean.nest_plug_state", False)  # the Nest is off: private
    await settle(hass)
    until = dt_util.utcnow() + timedelta(hours=1)
    key = f"voice_privacy.{hub_entry.entry_id}.policy"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {
            "nest_id": {
                "rules": [],
                "baseline": None,
                "override": {"enabled": True, "restore_to": False, "until": until.isoformat()},
            }
        },
    }

    def assert_nest_restore_pending() -> None:
        stored = _stored_policies(hass_storage, hub_entry)
        assert "nest_id" in stored, stored
        override = stored["nest_id"]["override"]
        assert override is not None, stored
        assert override["enabled"] is True
        assert override["restore_to"] is False
        assert dt_util.parse_datetime(override["until"]) == until

    hass.set_state(CoreState.not_running)
    await setup_integration(hass, hub_entry)
    assert _state(hass, NEST_MIC) == "powered_off"

    # Still booting: the kitchen satellite's mute is pressed on the device.
    await _toggle(hass, "input_boolean.kitchen_mute_state", True)
    await settle(hass)
    assert _state(hass, KITCHEN_MIC) == "muted"
    await _tick(hass, freezer, timedelta(seconds=15))  # a delayed save is written by now
    assert_nest_restore_pending()

    await hass.async_start()
    await settle(hass)
    await _tick(hass, freezer, timedelta(seconds=15))
    assert hass.state is CoreState.running
    assert_nest_restore_pending()
    assert _state(hass, NEST_MIC) == "powered_off"
    assert _state(hass, KITCHEN_MIC) == "muted"

    await _tick(hass, freezer, timedelta(hours=1, minutes=1))
    assert _state(hass, "switch.nest_plug") == "on"
    assert _state(hass, NEST_MIC) == "live"
    assert _state(hass, NEST_PRIVACY) == "off"
    assert _state(hass, KITCHEN_MIC) == "muted"  # the kitchen's decision holds


async def test_rule_starting_during_a_manual_unmute_wins(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A rule that starts while a manual unmute is on its way still makes the Nest private.

    The Nest is private (its slow plug is off) and someone switches privacy mode off. The plug
    takes the command and is slow to carry it out. Meanwhile the privacy schedule starts. The
    rule must win, as any rule change after a manual one does: a rule that reads "already
    private" and sends nothing is overtaken by the unmute landing after it, which leaves the
    microphone live for the whole window. Whatever the unmute's outcome (done and undone, or
    refused), the Nest ends private and stays so while the schedule is on: fail closed.
    """
    await _toggle(hass, "input_boolean.slow_a_plug_state", False)  # the Nest is private
    await settle(hass)
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug", confirm_timeout=30)
    hass.config_entries.async_update_entry(  # new options reload the hub
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["nest_id"]},
    )
    await settle(hass)
    assert _state(hass, NEST_MIC) == "powered_off"
    assert _state(hass, NEST_PRIVACY) == "on"

    unmute = hass.async_create_task(_toggle(hass, NEST_PRIVACY, False))
    for _ in range(100):
        if hass.states.is_state("input_boolean.slow_a_plug_asked", "on"):
            break
        await asyncio.sleep(0)
    assert hass.states.is_state("input_boolean.slow_a_plug_asked", "on")
    assert _state(hass, "switch.slow_a_plug") == "off"  # asked, not yet switched

    # The schedule starts while the plug holds the unmute back. No block_till_done here: it
    # would wait for the plug, which waits for the release.
    await _toggle(hass, "input_boolean.night", True)
    for _ in range(100):
        await asyncio.sleep(0)
    assert _state(hass, "binary_sensor.voice_privacy_schedule_active") == "on"

    # The plug carries out what it was asked; release stays on, so later commands go through.
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    assert unmute.done()
    if not unmute.cancelled():
        with contextlib.suppress(HomeAssistantError):  # refused, or done and then undone
            unmute.result()
    await settle(hass)

    assert _state(hass, "switch.slow_a_plug") == "off"
    assert _state(hass, NEST_MIC) == "powered_off"
    assert _state(hass, NEST_PRIVACY) == "on"

    await _tick(hass, freezer, timedelta(minutes=30))  # still in the window
    assert _state(hass, "switch.slow_a_plug") == "off"
    assert _state(hass, NEST_MIC) == "powered_off"


async def test_rule_ending_during_a_manual_mute_keeps_it_private(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """A rule that ends while a manual mute is on its way does not give the microphone back.

    The schedule held the Nest private from a live start, someone unmuted it in the window,
    then presses privacy mode on again; the plug is slow. The window ends meanwhile, which
    would restore the state from before the rules (live). The person's mute came first but
    lands last: the two decisions raced, and privacy wins.
    """
    await _toggle(hass, "input_boolean.night", True)
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug", confirm_timeout=30)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["nest_id"]},
    )
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    assert _state(hass, NEST_MIC) == "powered_off"  # the window holds it private
    await _toggle(hass, NEST_PRIVACY, False)  # a person unmutes in the window
    await settle(hass)
    assert _state(hass, NEST_MIC) == "live"

    await _toggle(hass, "input_boolean.release", False)
    mute = hass.async_create_task(_toggle(hass, NEST_PRIVACY, True))
    for _ in range(100):
        if _state(hass, "input_boolean.slow_a_plug_asked") == "on":
            break
        await asyncio.sleep(0)
    await _toggle(hass, "input_boolean.night", False)  # the window ends meanwhile
    for _ in range(100):
        await asyncio.sleep(0)
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    await mute

    assert _state(hass, "switch.slow_a_plug") == "off"
    assert _state(hass, NEST_MIC) == "powered_off"


async def test_one_device_change_touches_one_assistant(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """Pressing mute on one satellite writes only that assistant's entities and the hub's.

    Home Assistant stamps `last_reported` on every write, even one that changes nothing, so
    another assistant's entities keep theirs when nothing of theirs is written.
    """
    registry = er.async_get(hass)
    others = [
        entry.entity_id
        for entry in er.async_entries_for_config_entry(registry, setup_hub.entry_id)
        if entry.config_subentry_id in ("echo_id", "nest_id")
    ]
    assert len(others) > 8
    before = {entity_id: _reported(hass, entity_id) for entity_id in others}

    await _toggle(hass, "input_boolean.kitchen_mute_state", True)
    await settle(hass)
    assert _state(hass, KITCHEN_MIC) == "muted"
    assert _state(hass, "sensor.voice_privacy_live_microphones") == "2"
    assert {entity_id: _reported(hass, entity_id) for entity_id in others} == before


def _reported(hass: HomeAssistant, entity_id: str) -> float:
    state = hass.states.get(entity_id)
    assert state is not None, entity_id
    return state.last_reported_timestamp


async def test_a_damaged_stored_policy_is_dropped_alone(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A policy entry of the wrong shape is dropped with a warning; the others still act."""
    await _toggle(hass, "input_boolean.nest_plug_state", False)
    until = dt_util.utcnow() + timedelta(minutes=10)
    key = f"voice_privacy.{hub_entry.entry_id}.policy"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {
            "kitchen_id": {"override": {"enabled": True}},  # written by a broken version
            "echo_id": "not a policy",
            "nest_id": {
                "rules": [],
                "baseline": None,
                "override": {"enabled": True, "restore_to": False, "until": until.isoformat()},
            },
        },
    }
    await setup_integration(hass, hub_entry)
    assert "Ignoring the stored privacy policy of kitchen_id" in caplog.text
    assert "Ignoring the stored privacy policy of echo_id" in caplog.text

    await _tick(hass, freezer, timedelta(minutes=11))
    assert _state(hass, "switch.nest_plug") == "on"  # the intact entry's restore ran


async def test_a_device_reporting_during_boot_does_not_end_a_temporary_privacy(
    hass: HomeAssistant, setup_hub: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A plug that comes back on while Home Assistant boots is not a person's decision.

    Before the restart the Nest was made private for 10 minutes. Its plug lost its state
    and reports on while Home Assistant is still starting. That report must not replace the
    person's temporary decision: once started, the Nest is made private again, and it goes
    back to live when the 10 minutes are over.
    """
    await hass.services.async_call(
        "voice_privacy",
        "set_privacy_mode",
        {"entity_id": NEST_PRIVACY, "enabled": True, "duration": {"minutes": 10}},
        blocking=True,
    )
    assert _state(hass, "switch.nest_plug") == "off"
    assert await hass.config_entries.async_unload(setup_hub.entry_id)

    hass.set_state(CoreState.not_running)
    await setup_integration(hass, setup_hub)
    await _toggle(hass, "input_boolean.nest_plug_state", True)  # the plug reports on
    await settle(hass)
    assert _state(hass, NEST_MIC) == "live"

    events = collect_events(hass, "voice_privacy_changed")
    await hass.async_start()
    await settle(hass)
    assert _state(hass, "switch.nest_plug") == "off"  # the person's decision still holds
    assert [e.data["cause"] for e in events] == ["restart"]
    assert _state(hass, NEST_MIC) == "powered_off"

    await _tick(hass, freezer, timedelta(minutes=11))
    assert _state(hass, "switch.nest_plug") == "on"
    assert _state(hass, NEST_MIC) == "live"


async def _until_asked(hass: HomeAssistant, plug: str = "slow_a_plug") -> None:
    """Yield to the loop until the slow plug reports that a command arrived."""
    for _ in range(200):
        if hass.states.is_state(f"input_boolean.{plug}_asked", "on"):
            return
        await asyncio.sleep(0)
    message = f"{plug} was never asked"
    raise AssertionError(message)


async def test_a_rule_ending_while_its_own_start_is_in_flight_still_acts(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """Only a person's privacy makes a racing rule keep quiet, not the rule's own command.

    The schedule starts (its mute is on its way to a slow plug) and ends before the plug
    acted. Nobody asked for privacy, so the Nest goes back to live.
    """
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug", confirm_timeout=30)
    hass.config_entries.async_update_entry(
        hub_entry,
        options={"schedule_entity": "input_boolean.night", "schedule_assistants": ["nest_id"]},
    )
    await settle(hass)
    assert _state(hass, NEST_MIC) == "live"

    await _toggle(hass, "input_boolean.night", True)
    await _until_asked(hass)
    await _toggle(hass, "input_boolean.night", False)
    for _ in range(50):
        await asyncio.sleep(0)
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    assert _state(hass, NEST_MIC) == "live"


async def test_a_decision_finishing_after_removal_writes_no_store(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A privacy change still on its way when the hub is removed leaves no store behind."""
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug", confirm_timeout=30)
    key = f"voice_privacy.{hub_entry.entry_id}.policy"
    call = hass.async_create_task(_toggle(hass, NEST_PRIVACY, True))
    await _until_asked(hass)
    assert await hass.config_entries.async_remove(hub_entry.entry_id)
    assert key not in hass_storage
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    with contextlib.suppress(HomeAssistantError):
        await call
    await flush_delayed_saves(hass)
    assert key not in hass_storage


async def test_a_command_that_never_returns_does_not_hold_later_decisions(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """The confirmation timeout bounds the whole command, the call included.

    The slow plug takes the command and never finishes it. The person's next decision must
    not wait behind it for ever: the first fails after the timeout, the second goes through.
    """
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug")  # 0.2 s timeout
    first = hass.async_create_task(_toggle(hass, NEST_PRIVACY, True))
    await _until_asked(hass)
    second = hass.async_create_task(
        hass.services.async_call(
            "voice_privacy",
            "set_privacy_mode",
            {"entity_id": NEST_PRIVACY, "enabled": False},
            blocking=True,
            return_response=True,
        )
    )
    done, _ = await asyncio.wait({first, second}, timeout=5)
    assert done == {first, second}
    with pytest.raises(HomeAssistantError, match="did not report"):
        first.result()
    assert second.result()["assistants"][0]["success"] is True
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)


async def test_a_linked_change_while_the_hub_sets_up_is_not_missed(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """A plug switching while set-up waits for the recordings count is followed."""
    original = RecordingsCoordinator._async_update_data

    async def _count_while_the_plug_switches(self: RecordingsCoordinator) -> Any:
        await _toggle(hass, "input_boolean.nest_plug_state", False)
        return await original(self)

    hub_entry.add_to_hass(hass)
    with patch.object(RecordingsCoordinator, "_async_update_data", _count_while_the_plug_switches):
        await setup_integration(hass, hub_entry)
    assert _state(hass, "switch.nest_plug") == "off"
    assert _state(hass, NEST_MIC) == "powered_off"


async def test_a_reload_while_starting_leaves_one_automatic_purge(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """The start-up work belongs to the hub it started for: a reload meanwhile cancels it.

    Otherwise the old hub's automatic purge is scheduled after the reload too, and every
    assistant is purged twice a day by two hubs writing one log.
    """
    freezer.move_to("2026-03-02T12:00:00+00:00")
    await _toggle(hass, "input_boolean.night", True)
    hub_entry.add_to_hass(hass)
    nest = hub_entry.subentries["nest_id"]
    hass.config_entries.async_update_subentry(
        hub_entry, nest, data={**nest.data, "power_entity": "switch.slow_a_plug"}
    )
    hass.config_entries.async_update_entry(
        hub_entry,
        data={**hub_entry.data, "confirm_timeout": 30},
        options={
            "schedule_entity": "input_boolean.night",
            "schedule_assistants": ["nest_id"],
            "auto_purge": True,
            "purge_time": "03:30:00",
        },
    )
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await _until_asked(hass)  # start-up enforcement waits on the slow plug
    assert await hass.config_entries.async_reload(hub_entry.entry_id)
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    await flush_delayed_saves(hass)

    purged = collect_events(hass, "voice_privacy_history_purged")
    freezer.move_to(_state(hass, "sensor.voice_privacy_next_automatic_purge"))
    async_fire_time_changed(hass)
    await settle(hass)
    assert len(purged) == 3  # one per assistant, from one hub
    log = hass_storage[f"voice_privacy.{hub_entry.entry_id}.history"]["data"]["log"]
    assert len(log) == 3


async def test_two_temporary_changes_report_the_timer_that_stands(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Two set_privacy_mode calls, 10 and 60 minutes, at once: one timer, told truly.

    The later decision replaces the earlier one's timer; the call that finishes last reports
    the timer that stands, and the Nest comes back when that one ends, not before.
    """
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.slow_a_plug", confirm_timeout=30)

    async def _for(minutes: int) -> dict[str, Any]:
        response = await hass.services.async_call(
            "voice_privacy",
            "set_privacy_mode",
            {"entity_id": NEST_PRIVACY, "enabled": True, "duration": {"minutes": minutes}},
            blocking=True,
            return_response=True,
        )
        finished.append(minutes)
        return response["assistants"][0]

    finished: list[int] = []
    short = hass.async_create_task(_for(10))
    await _until_asked(hass)
    long = hass.async_create_task(_for(60))
    for _ in range(20):
        await asyncio.sleep(0)
    await _toggle(hass, "input_boolean.release", True)
    await settle(hass)
    results = {10: await short, 60: await long}
    last = results[finished[-1]]
    assert last["success"] is True
    restore_at = dt_util.parse_datetime(last["restore_at"])
    assert restore_at is not None

    await _tick(hass, freezer, restore_at - dt_util.utcnow() - timedelta(minutes=1))
    assert _state(hass, NEST_MIC) == "powered_off"  # not before the reported time
    await _tick(hass, freezer, timedelta(minutes=2))
    assert _state(hass, NEST_MIC) == "live"  # and at it
