"""Diagnostics: the resolved links and what they report, as a snapshot."""

from __future__ import annotations

from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.diagnostics import (
    get_diagnostics_for_config_entry,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator
from syrupy.assertion import SnapshotAssertion
from syrupy.filters import props

from homeassistant.core import HomeAssistant


async def test_diagnostics(
    hass: HomeAssistant,
    hass_client: ClientSessionGenerator,
    setup_hub: MockConfigEntry,
    snapshot: SnapshotAssertion,
) -> None:
    """Diagnostics show the resolved links and what they report."""
    diagnostics = await get_diagnostics_for_config_entry(hass, hass_client, setup_hub)
    assert diagnostics == snapshot(exclude=props("device_id"))
