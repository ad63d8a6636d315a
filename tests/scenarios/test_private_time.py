"""Private time today, when privacy ends, and listening while private: the record of a day."""

from __future__ import annotations

import copy
from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.const import EVENT_HOMEASSISTANT_FINAL_WRITE, EVENT_HOMEASSISTANT_STOP
from homeassistant.core import HomeAssistant
from homeassistant.util import dt as dt_util
from tests.conftest import SATELLITE, flush_delayed_saves, settle, setup_integration

KITCHEN_PRIVATE = "sensor.kitchen_device_private_time_today"
NEST_PRIVATE = "sensor.nest_private_time_today"
HOME_PRIVATE = "sensor.voice_privacy_time_all_private_today"
KITCHEN_ENDS = "sensor.kitchen_device_privacy_ends"
NEST_ENDS = "sensor.nest_privacy_ends"
HOME_ENDS = "sensor.voice_privacy_privacy_ends"
KITCHEN_PRIVACY = "switch.kitchen_device_privacy_mode"
NEST_PRIVACY = "switch.nest_privacy_mode"
ALL_PRIVACY = "switch.voice_privacy_all_assistants"
WHILE_PRIVATE = "sensor.kitchen_device_listened_while_private_today"


@pytest.fixture(autouse=True)
async def amsterdam(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Amsterdam, Friday 27 November 2026, 09:00 local."""
    await hass.config.async_set_time_zone("Europe/Amsterdam")
    freezer.move_to("2026-11-27T08:00:00+00:00")


async def _pass(hass: HomeAssistant, freezer: FrozenDateTimeFactory, delta: timedelta) -> None:
    """Let time pass as Home Assistant sees it: every timer due meanwhile fires, in order."""
    end = dt_util.utcnow() + delta
    while (step := min(end - dt_util.utcnow(), timedelta(minutes=5))) > timedelta(0):
        freezer.tick(step)
        async_fire_time_changed(hass)
        await settle(hass)


async def _privacy(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await hass.services.async_call(
        "switch", "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )
    await settle(hass)


def _hours(hass: HomeAssistant, entity_id: str) -> float:
    return float(hass.states.get(entity_id).state)


async def _start(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await setup_integration(hass, entry)


async def test_private_time_counts_while_the_microphone_is_cut(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Hours muted count, hours live do not; the home counts only while every one is cut."""
    await _start(hass, hub_entry)
    state = hass.states.get(KITCHEN_PRIVATE)
    assert state.state == "0.0"
    assert state.attributes["unit_of_measurement"] == "h"
    assert state.attributes["state_class"] == "total_increasing"

    await _privacy(hass, KITCHEN_PRIVACY, True)
    await _pass(hass, freezer, timedelta(hours=1))
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(1.0)
    assert _hours(hass, NEST_PRIVATE) == 0
    assert _hours(hass, HOME_PRIVATE) == 0  # the Nest and the Echo were live

    await _privacy(hass, KITCHEN_PRIVACY, False)
    await _pass(hass, freezer, timedelta(hours=1))
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(1.0)

    await _privacy(hass, ALL_PRIVACY, True)
    await _pass(hass, freezer, timedelta(minutes=30))
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(1.5)
    assert _hours(hass, NEST_PRIVATE) == pytest.approx(0.5)
    assert _hours(hass, HOME_PRIVATE) == pytest.approx(0.5)
    # Written as it grows (every 5 minutes), not only when the microphone changes.
    await _pass(hass, freezer, timedelta(minutes=5))
    assert _hours(hass, HOME_PRIVATE) == pytest.approx(35 / 60, abs=0.001)


async def test_time_while_home_assistant_was_down_is_not_counted(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """A restart keeps today's total; the hours Home Assistant did not see are not claimed."""
    await _start(hass, hub_entry)
    await _privacy(hass, KITCHEN_PRIVACY, True)
    await _pass(hass, freezer, timedelta(hours=2))
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    await settle(hass)
    stored = hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.private_time"]["data"]
    assert stored["kitchen_id"] == {"seconds": 7200.0, "day": "2026-11-27"}

    freezer.tick(timedelta(hours=3))  # down, still muted
    await _start(hass, hub_entry)
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(2.0)
    await _pass(hass, freezer, timedelta(hours=1))
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(3.0)


async def test_a_stop_or_reload_never_shows_less_than_before(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Stopping Home Assistant does not unload the hub: the running period is written anyway.

    A total_increasing sensor that steps back loses that much from the statistics.
    """
    key = f"{DOMAIN}.{hub_entry.entry_id}.private_time"
    await _start(hass, hub_entry)
    await _privacy(hass, ALL_PRIVACY, True)
    await _pass(hass, freezer, timedelta(minutes=63, seconds=1.84))
    # Any change writes the home's sensors, the running period included: here the
    # kitchen's plug goes off too, and it stays private.
    hass.states.async_set("switch.kitchen_plug", "off")
    await settle(hass)
    shown = _hours(hass, HOME_PRIVATE)
    assert shown == pytest.approx(1.051, abs=0.0005)

    hass.bus.async_fire(EVENT_HOMEASSISTANT_STOP)
    await settle(hass)
    hass.bus.async_fire(EVENT_HOMEASSISTANT_FINAL_WRITE)
    await settle(hass)
    written_at_stop = copy.deepcopy(hass_storage[key])
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    hass_storage[key] = written_at_stop  # what the next start reads after a real stop
    await _start(hass, hub_entry)
    assert _hours(hass, HOME_PRIVATE) >= shown
    assert await hass.config_entries.async_reload(hub_entry.entry_id)
    await settle(hass)
    assert _hours(hass, HOME_PRIVATE) >= shown
    assert "Unable to remove" not in caplog.text


async def test_a_total_starts_at_zero_on_a_new_day_without_any_change(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Private yesterday, live since: at the first moment of today it reads 0 by itself."""
    await _start(hass, hub_entry)
    await _privacy(hass, KITCHEN_PRIVACY, True)
    await _pass(hass, freezer, timedelta(hours=1))
    await _privacy(hass, KITCHEN_PRIVACY, False)
    await _pass(hass, freezer, timedelta(hours=15, seconds=1))  # 01:00:01 on Saturday
    assert dt_util.now().day == 28
    assert _hours(hass, KITCHEN_PRIVATE) == 0


async def test_private_time_starts_again_each_local_day(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """At the first moment of the local day the total starts again, the running hours with it."""
    await hass.config.async_set_time_zone("America/Santiago")
    # Saturday 5 September 2026, 22:00 in Santiago; clocks go from 00:00 to 01:00 at midnight.
    freezer.move_to("2026-09-06T02:00:00+00:00")
    await _start(hass, hub_entry)
    await _privacy(hass, KITCHEN_PRIVACY, True)
    await _pass(hass, freezer, timedelta(hours=2, minutes=30))  # 01:30 local, no midnight
    assert dt_util.now().hour == 1
    assert _hours(hass, KITCHEN_PRIVATE) == pytest.approx(0.5)


@pytest.mark.parametrize(
    "stored",
    [
        {"seconds": "a lot", "day": "2026-11-27"},
        {"seconds": -5, "day": "2026-11-27"},
        {"seconds": 60, "day": "Friday"},
        {"seconds": 60},
        ["not", "a", "dict"],
    ],
)
async def test_an_unreadable_stored_total_is_dropped(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    stored: Any,
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A damaged total starts that assistant at 0 with a warning; the others keep theirs."""
    hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.private_time"] = {
        "version": 1,
        "key": f"{DOMAIN}.{hub_entry.entry_id}.private_time",
        "data": {"kitchen_id": stored, "nest_id": {"seconds": 1800, "day": "2026-11-27"}},
    }
    await _start(hass, hub_entry)
    assert _hours(hass, KITCHEN_PRIVATE) == 0
    assert _hours(hass, NEST_PRIVATE) == pytest.approx(0.5)
    assert "Ignoring the private time of kitchen_id" in caplog.text


async def test_privacy_ends_shows_when_a_temporary_privacy_ends(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """Privacy "for two hours": each assistant and the home say until when, then unknown."""
    await _start(hass, hub_entry)
    assert hass.states.get(KITCHEN_ENDS).state == "unknown"
    assert hass.states.get(HOME_ENDS).state == "unknown"

    for entity_id, minutes in ((NEST_PRIVACY, 120), (KITCHEN_PRIVACY, 30)):
        await hass.services.async_call(
            DOMAIN,
            "set_privacy_mode",
            {"entity_id": entity_id, "enabled": True, "duration": {"minutes": minutes}},
            blocking=True,
        )
    await settle(hass)
    assert hass.states.get(KITCHEN_ENDS).state == "2026-11-27T08:30:00+00:00"
    assert hass.states.get(NEST_ENDS).state == "2026-11-27T10:00:00+00:00"
    home = hass.states.get(HOME_ENDS)
    assert home.state == "2026-11-27T08:30:00+00:00"  # the first to go live again
    assert home.attributes["assistants"] == ["Kitchen", "Nest"]

    # Already private, made private "for an hour": the end shows although nothing moved.
    await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {"entity_id": NEST_PRIVACY, "enabled": True, "duration": {"hours": 1}},
        blocking=True,
    )
    await settle(hass)
    assert hass.states.get(NEST_ENDS).state == "2026-11-27T09:00:00+00:00"

    await _pass(hass, freezer, timedelta(minutes=31))
    assert hass.states.get("sensor.kitchen_device_microphone").state == "live"
    assert hass.states.get(KITCHEN_ENDS).state == "unknown"
    assert hass.states.get(HOME_ENDS).state == "2026-11-27T09:00:00+00:00"
    assert hass.states.get(HOME_ENDS).attributes["assistants"] == ["Nest"]

    # A manual change ends the temporary one: nothing ends any more.
    await _privacy(hass, NEST_PRIVACY, False)
    assert hass.states.get(NEST_ENDS).state == "unknown"
    assert hass.states.get(HOME_ENDS).state == "unknown"


@pytest.mark.parametrize("expected_lingering_timers", [True])  # the schedule helper's own
async def test_privacy_ends_only_when_privacy_really_ends(
    hass: HomeAssistant, hub_entry: MockConfigEntry, freezer: FrozenDateTimeFactory
) -> None:
    """A temporary privacy that goes back to privacy (private before, or a rule) ends nothing."""
    hass.states.async_set("input_boolean.night", "off")
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(
        hub_entry, options={"schedule_entity": "input_boolean.night"}
    )
    await _start(hass, hub_entry)
    await _privacy(hass, KITCHEN_PRIVACY, True)  # private until someone says otherwise
    for entity_id in (KITCHEN_PRIVACY, NEST_PRIVACY):
        await hass.services.async_call(
            DOMAIN,
            "set_privacy_mode",
            {"entity_id": entity_id, "enabled": True, "duration": {"minutes": 30}},
            blocking=True,
        )
    await settle(hass)
    assert hass.states.get(KITCHEN_ENDS).state == "unknown"
    assert hass.states.get(NEST_ENDS).state == "2026-11-27T08:30:00+00:00"
    assert hass.states.get(HOME_ENDS).attributes["assistants"] == ["Nest"]

    # The night schedule starts: it holds the Nest private whatever the timer says.
    hass.states.async_set("input_boolean.night", "on")
    await settle(hass)
    await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {"entity_id": NEST_PRIVACY, "enabled": True, "duration": {"minutes": 30}},
        blocking=True,
    )
    await settle(hass)
    assert hass.states.get(NEST_ENDS).state == "unknown"
    await _pass(hass, freezer, timedelta(minutes=31))
    assert hass.states.get("sensor.nest_microphone").state == "powered_off"

    # Someone unmutes during the window, then asks for privacy "for 30 minutes": the window
    # still holds it afterwards, so nothing ends.
    await _privacy(hass, NEST_PRIVACY, False)
    await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {"entity_id": NEST_PRIVACY, "enabled": True, "duration": {"minutes": 30}},
        blocking=True,
    )
    await settle(hass)
    assert hass.states.get(NEST_ENDS).state == "unknown"


async def test_listening_while_private_is_counted_apart(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
) -> None:
    """An activation while muted counts in both; the store keeps both for the restart."""
    hass.states.async_set(SATELLITE, "idle")
    await _start(hass, hub_entry)
    hass.states.async_set(SATELLITE, "listening")
    hass.states.async_set(SATELLITE, "idle")
    await _privacy(hass, KITCHEN_PRIVACY, True)
    hass.states.async_set(SATELLITE, "listening")  # the firmware let it through
    await settle(hass)
    assert hass.states.get("sensor.kitchen_device_activations_today").state == "2"
    assert hass.states.get(WHILE_PRIVATE).state == "1"
    await flush_delayed_saves(hass)
    stored = hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.activity"]["data"]["kitchen_id"]
    assert (stored["count"], stored["private"]) == (2, 1)

    # A store written before this count existed reads as none while private.
    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    del stored["private"]
    hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.activity"]["data"]["kitchen_id"] = stored
    await _start(hass, hub_entry)
    assert hass.states.get("sensor.kitchen_device_activations_today").state == "2"
    assert hass.states.get(WHILE_PRIVATE).state == "0"
