"""The stand-in's "Mute" switch, as ESPHome's Voice PE has one."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.restore_state import RestoreEntity

from . import DEVICE_INFO


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the mute switch."""
    async_add_entities([MuteSwitch()])


class MuteSwitch(SwitchEntity, RestoreEntity):
    """Mute: on cuts the (pretend) microphone."""

    _attr_has_entity_name = True
    _attr_name = "Mute"
    _attr_unique_id = "kitchen_mute"
    _attr_device_info = DEVICE_INFO
    _attr_is_on = False

    async def async_added_to_hass(self) -> None:
        """Come back muted or not, as a real device does."""
        if (last := await self.async_get_last_state()) is not None:
            self._attr_is_on = last.state == "on"

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Mute."""
        self._attr_is_on = True
        self.async_write_ha_state()

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Unmute."""
        self._attr_is_on = False
        self.async_write_ha_state()
