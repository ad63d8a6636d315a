"""Helpers of the device tests, which run on every supported Home Assistant release."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.components.recorder import history
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
from tests.conftest import setup_integration


def device_with_identifier(
    hass: HomeAssistant, config_entry_id: str, identifier: tuple[str, str]
) -> dr.DeviceEntry:
    """The device of this config entry with this identifier.

    A lookup every release has: `async_get_device_by_identifier` is new in Home Assistant
    2026.10, which in turn refuses `async_get_device` (identifiers are no longer unique).
    """
    registry = dr.async_get(hass)
    (device,) = (
        device
        for device in dr.async_entries_for_config_entry(registry, config_entry_id)
        if identifier in device.identifiers
    )
    return device


async def empty_hub(hass: HomeAssistant) -> MockConfigEntry:
    """A Voice Privacy hub with no assistant yet, set up; confirmations wait 0.2 s."""
    hub = MockConfigEntry(domain=DOMAIN, title="Voice Privacy", data={"confirm_timeout": 0.2})
    await setup_integration(hass, hub)
    return hub


def suggested(result: Mapping[str, Any]) -> dict[str, Any]:
    """Every field of a flow's form with the value it suggests (None where none)."""
    schema = result["data_schema"]
    assert schema is not None
    return {str(field): (field.description or {}).get("suggested_value") for field in schema.schema}


async def recorded_states(hass: HomeAssistant, entity_id: str) -> list[str]:
    """Every state of an entity the recorder holds from the last month, oldest first."""
    start = dt_util.utcnow() - timedelta(days=30)

    def _read() -> list[str]:
        states = history.state_changes_during_period(hass, start, entity_id=entity_id)
        return [state.state for state in states.get(entity_id, [])]

    return await get_instance(hass).async_add_executor_job(_read)
