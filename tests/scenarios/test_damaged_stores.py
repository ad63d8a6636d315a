"""Stores written by a broken or older version: drop the bad entry, keep everything else.

Each part validates what it loads. One unreadable entry never keeps the hub from starting,
never hides another assistant's data, and never raises later when the data is used.
"""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from tests.conftest import setup_integration


def _store(hass_storage: dict[str, Any], entry: MockConfigEntry, name: str, data: Any) -> None:
    key = f"{DOMAIN}.{entry.entry_id}.{name}"
    hass_storage[key] = {"version": 1, "key": key, "data": data}


async def _setup(hass: HomeAssistant, entry: MockConfigEntry) -> None:
    await setup_integration(hass, entry)


@pytest.mark.usefixtures("devices")
async def test_damaged_declared_settings(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """A string, a bad date and an unknown retention are dropped; the good entry stays."""
    _store(
        hass_storage,
        hub_entry,
        "settings",
        {
            "kitchen_id": "not settings",
            "echo_id": {"human_review": True, "retention": "forever", "confirmed_on": None},
            "nest_id": {
                "human_review": False,
                "retention": "3_months",
                "confirmed_on": "2026-11-01",
            },
        },
    )
    await _setup(hass, hub_entry)
    assert "Ignoring the declared settings of kitchen_id" in caplog.text
    assert "Ignoring the declared settings of echo_id" in caplog.text
    assert hass.states.get("switch.kitchen_device_privacy_mode").state == "off"
    retention = hass.states.get("select.echo_device_retention_at_vendor")
    assert retention.state == "not_declared"  # not declared yet, again
    assert hass.states.get("select.nest_retention_at_vendor").state == "3_months"
    assert hass.states.get("date.nest_checked_on").state == "2026-11-01"
    assert hass.states.get("sensor.voice_privacy_score").state.isdigit()


@pytest.mark.usefixtures("devices")
async def test_a_bad_date_is_dropped(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A confirmation date that is not a date drops that entry only."""
    _store(hass_storage, hub_entry, "settings", {"nest_id": {"confirmed_on": "yesterday"}})
    await _setup(hass, hub_entry)
    assert hass.states.get("date.nest_checked_on").state == "unknown"


@pytest.mark.usefixtures("devices")
async def test_damaged_purge_log(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    hass_storage: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Bad last-purge times and log entries are dropped; sensors exist and show the rest."""
    _store(
        hass_storage,
        hub_entry,
        "history",
        {
            "last_purge": {
                "nest_id": "2026-11-20T10:00:00+00:00",
                "echo_id": 12,
                "kitchen_id": "x",
            },
            "log": [{"at": "2026-11-20T10:00:00+00:00"}, "junk", 3],
            "last_auto_purge": ["not", "a", "time"],
        },
    )
    await _setup(hass, hub_entry)
    assert "Dropped parts of the purge log" in caplog.text
    assert hass.states.get("sensor.nest_last_purge").state == "2026-11-20T10:00:00+00:00"
    assert hass.states.get("sensor.echo_device_last_purge").state == "unknown"
    assert hass.states.get("sensor.kitchen_device_privacy_score").state.isdigit()


@pytest.mark.usefixtures("devices")
@pytest.mark.parametrize("junk", ["a string", ["a", "list"], 42])
async def test_a_store_of_the_wrong_shape(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any], junk: Any
) -> None:
    """A whole store of the wrong shape is ignored; the hub starts with nothing declared."""
    for name in ("settings", "history", "policy"):
        _store(hass_storage, hub_entry, name, junk)
    await _setup(hass, hub_entry)
    assert hass.states.get("sensor.nest_last_purge").state == "unknown"
    assert hass.states.get("switch.nest_privacy_mode").state == "off"


@pytest.mark.usefixtures("devices")
async def test_settings_retention_unhashable(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A list where a retention string belongs must drop that entry, not the hub."""
    _store(hass_storage, hub_entry, "settings", {"nest_id": {"retention": ["3_months"]}})
    await _setup(hass, hub_entry)


@pytest.mark.usefixtures("devices")
async def test_purge_log_impossible_date(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A well-formed but impossible date (30 February) must be dropped, not crash set-up."""
    _store(
        hass_storage,
        hub_entry,
        "history",
        {"last_purge": {"nest_id": "2026-02-30 10:00:00"}, "log": []},
    )
    await _setup(hass, hub_entry)


@pytest.mark.usefixtures("devices")
async def test_purge_log_naive_time(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """A time without zone is accepted by the loader, then breaks every score."""
    _store(
        hass_storage,
        hub_entry,
        "history",
        {"last_purge": {"nest_id": "2026-11-20T10:00:00"}, "log": []},
    )
    await _setup(hass, hub_entry)
    assert hass.states.get("sensor.nest_privacy_score").state.isdigit()
    assert hass.states.get("sensor.nest_last_purge") is not None
