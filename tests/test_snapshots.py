"""Entity states and diagnostics, as snapshots."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from custom_components.voice_privacy import PLATFORMS
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er


@pytest.mark.parametrize("platform", PLATFORMS)
@pytest.mark.usefixtures("devices")
async def test_entities(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
    platform: Platform,
) -> None:
    """Every entity of a platform, its registry entry and its state."""
    hub_entry.add_to_hass(hass)
    # The hub is unloaded with the same one platform it was set up with: on 2026.6 unloading
    # a platform that was never loaded raises, which fails the unload and leaves the hub's
    # timers (the recordings coordinator's refresh) running after the test.
    with patch("custom_components.voice_privacy.PLATFORMS", [platform]):
        assert await hass.config_entries.async_setup(hub_entry.entry_id)
        await hass.async_block_till_done()
        await snapshot_platform(hass, entity_registry, snapshot, hub_entry.entry_id)
        assert await hass.config_entries.async_unload(hub_entry.entry_id)


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    setup_hub: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics show the resolved links and what they report."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, setup_hub)
    assert diagnostics == snapshot(exclude=props("device_id"))
