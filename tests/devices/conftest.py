"""Helpers of the device tests, which run on every supported Home Assistant release."""

from __future__ import annotations

from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr


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
