"""Rules and the automatic purge against the clock: midnight, daylight saving, missed runs."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from tests.conftest import setup_debug_recordings

KITCHEN_MIC = "sensor.kitchen_device_microphone"


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done(wait_background_tasks=True)


async def _setup_hub(hass: HomeAssistant, hub_entry: MockConfigEntry, **options: Any) -> None:
    hub_entry.add_to_hass(hass)
    hass.config_entries.async_update_entry(hub_entry, options=options)
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    # The start-up work (rules, a missed purge) runs as a background task of the entry.
    await hass.async_block_till_done(wait_background_tasks=True)


@pytest.fixture
async def amsterdam(hass: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """Amsterdam, the evening before clocks go back (Sunday 25 October 2026, 03:00 -> 02:00)."""
    await hass.config.async_set_time_zone("Europe/Amsterdam")
    freezer.move_to("2026-10-24T19:00:00+00:00")  # 21:00 summer time


@pytest.mark.usefixtures("amsterdam")
@pytest.mark.parametrize("expected_lingering_timers", [True])  # the schedule helper's own
async def test_night_window_across_midnight_and_dst(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    events: list[Any],
) -> None:
    """A schedule helper from 22:00 to 07:00 holds through midnight and the extra hour."""
    assert await async_setup_component(
        hass,
        "schedule",
        {
            "schedule": {
                "night": {
                    "name": "Night",
                    "saturday": [{"from": "22:00:00", "to": "24:00:00"}],
                    "sunday": [{"from": "00:00:00", "to": "07:00:00"}],
                }
            }
        },
    )
    await _setup_hub(hass, hub_entry, schedule_entity="schedule.night")
    assert hass.states.get(KITCHEN_MIC).state == "live"

    await _at(hass, freezer, "2026-10-24T20:00:01+00:00")  # 22:00:01 summer time
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    changes = len(events)

    await _at(hass, freezer, "2026-10-24T22:00:01+00:00")  # midnight: no blip
    await _at(hass, freezer, "2026-10-25T05:30:00+00:00")  # 06:30 winter time
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert len(events) == changes

    await _at(hass, freezer, "2026-10-25T06:00:01+00:00")  # 07:00:01 winter time
    assert hass.states.get(KITCHEN_MIC).state == "live"
    assert events[-1].data["cause"] == "schedule"


@pytest.mark.usefixtures("amsterdam")
async def test_auto_purge_runs_at_local_time_across_dst(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    """The daily purge runs at 03:30 local time, also on the night the clocks go back."""
    await setup_debug_recordings(hass, tmp_path)
    await _setup_hub(hass, hub_entry, auto_purge=True, purge_time="03:30:00", purge_keep_days=7)
    next_purge = hass.states.get("sensor.voice_privacy_next_automatic_purge")
    assert next_purge.state == "2026-10-25T02:30:00+00:00"  # 03:30 winter time
    assert hass.states.get("sensor.kitchen_device_last_purge").state == "unknown"

    await _at(hass, freezer, "2026-10-25T01:30:01+00:00")  # 02:30 winter time: not yet
    assert hass.states.get("sensor.kitchen_device_last_purge").state == "unknown"
    await _at(hass, freezer, "2026-10-25T02:30:01+00:00")
    assert hass.states.get("sensor.kitchen_device_last_purge").state != "unknown"
    log = hass_storage[f"{DOMAIN}.{hub_entry.entry_id}.history"]["data"]["log"]
    assert {entry["older_than"] for entry in log} == {7 * 86400}
    assert (
        hass.states.get("sensor.voice_privacy_next_automatic_purge").state
        == "2026-10-26T02:30:00+00:00"
    )


async def test_missed_purge_runs_once_at_start(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    freezer: FrozenDateTimeFactory,
    hass_storage: dict[str, Any],
    tmp_path: Path,
) -> None:
    """Home Assistant was down at purge time: the purge runs once when it starts."""
    await setup_debug_recordings(hass, tmp_path)
    freezer.move_to("2026-11-26T10:00:00+00:00")
    key = f"{DOMAIN}.{hub_entry.entry_id}.history"
    hass_storage[key] = {
        "version": 1,
        "key": key,
        "data": {"last_purge": {}, "log": [], "last_auto_purge": "2026-11-25T03:30:05+00:00"},
    }
    await _setup_hub(hass, hub_entry, auto_purge=True, purge_time="03:30:00")
    await hass.async_block_till_done()
    assert hass.states.get("sensor.kitchen_device_last_purge").state == "2026-11-26T10:00:00+00:00"
    runs = len(hass_storage[key]["data"]["log"])
    assert runs == 3  # one entry per assistant

    assert await hass.config_entries.async_reload(hub_entry.entry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert len(hass_storage[key]["data"]["log"]) == runs  # caught up: not again


async def test_first_start_with_auto_purge_does_not_run(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Switching the purge on starts its clock; nothing counts as missed."""
    await _setup_hub(hass, hub_entry, auto_purge=True)
    key = f"{DOMAIN}.{hub_entry.entry_id}.history"
    assert hass_storage[key]["data"]["log"] == []
    assert datetime.fromisoformat(hass_storage[key]["data"]["last_auto_purge"])
