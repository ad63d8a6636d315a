"""The date platform: its entities, as snapshots."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er

from .conftest import setup_integration


@pytest.mark.usefixtures("devices")
async def test_all_entities(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every date entity of the hub, its registry entry and its state."""
    # Only this platform is set up, and the hub is unloaded with it: on 2026.6 unloading a
    # platform that was never loaded raises, which fails the unload and leaves the hub's
    # timers (the recordings coordinator's refresh) running after the test.
    with patch("custom_components.voice_privacy.PLATFORMS", [Platform.DATE]):
        await setup_integration(hass, hub_entry)
        await snapshot_platform(hass, entity_registry, snapshot, hub_entry.entry_id)
        assert await hass.config_entries.async_unload(hub_entry.entry_id)


@pytest.mark.usefixtures("setup_hub")
async def test_the_date_shows_the_day_when_the_call_returns(hass: HomeAssistant) -> None:
    """date.set_value returns once the entity shows the day given."""
    await hass.services.async_call(
        "date",
        "set_value",
        {"entity_id": "date.nest_checked_on", "date": "2026-01-02"},
        blocking=True,
    )
    assert hass.states.get("date.nest_checked_on").state == "2026-01-02"
