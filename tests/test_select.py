"""The select platform: its entities, as snapshots."""

from __future__ import annotations

from unittest.mock import patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, snapshot_platform
from syrupy.assertion import SnapshotAssertion

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component

from .conftest import setup_integration


@pytest.mark.usefixtures("devices")
async def test_all_entities(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    entity_registry: er.EntityRegistry,
    snapshot: SnapshotAssertion,
) -> None:
    """Every select entity of the hub, its registry entry and its state."""
    # Only this platform is set up, and the hub is unloaded with it: on 2026.6 unloading a
    # platform that was never loaded raises, which fails the unload and leaves the hub's
    # timers (the recordings coordinator's refresh) running after the test.
    with patch("custom_components.voice_privacy.PLATFORMS", [Platform.SELECT]):
        await setup_integration(hass, hub_entry)
        await snapshot_platform(hass, entity_registry, snapshot, hub_entry.entry_id)
        assert await hass.config_entries.async_unload(hub_entry.entry_id)


@pytest.mark.usefixtures("setup_hub")
async def test_a_script_reads_the_option_it_just_selected(hass: HomeAssistant) -> None:
    """A script selects a declaration, then checks it: the select already shows it."""
    recorded: list[object] = []
    hass.services.async_register("test", "record", recorded.append)
    sequence = [
        {
            "action": "select.select_option",
            "target": {"entity_id": "select.nest_retention_at_vendor"},
            "data": {"option": "3_months"},
        },
        {"condition": "state", "entity_id": "select.nest_retention_at_vendor", "state": "3_months"},
        {"action": "test.record"},
    ]
    assert await async_setup_component(
        hass, "script", {"script": {"declare": {"sequence": sequence}}}
    )
    await hass.services.async_call("script", "declare", blocking=True)
    assert len(recorded) == 1
