"""The stand-in's assist_satellite entity.

Action `dev_satellite.hear` makes it listen for two seconds, as if its wake word was heard, so
Voice Privacy's *Listening now*, *Last listened* and *Activations today* can be tried.
"""

from __future__ import annotations

import asyncio

from homeassistant.components.assist_pipeline import PipelineEvent
from homeassistant.components.assist_satellite import (
    AssistSatelliteConfiguration,
    AssistSatelliteEntity,
)
from homeassistant.components.assist_satellite.entity import AssistSatelliteState
from homeassistant.config_entries import ConfigEntry
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_platform
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from . import DEVICE_INFO


async def async_setup_entry(
    hass: HomeAssistant, entry: ConfigEntry, async_add_entities: AddConfigEntryEntitiesCallback
) -> None:
    """Add the satellite and its development-only action."""
    async_add_entities([StandInSatellite()])
    entity_platform.async_get_current_platform().async_register_entity_service(
        "hear", None, "async_hear"
    )


class StandInSatellite(AssistSatelliteEntity):
    """A satellite that never hears anything."""

    _attr_has_entity_name = True
    _attr_name = None
    _attr_unique_id = "kitchen_satellite"
    _attr_device_info = DEVICE_INFO

    def async_get_configuration(self) -> AssistSatelliteConfiguration:
        """No wake words to choose."""
        return AssistSatelliteConfiguration(
            available_wake_words=[], active_wake_words=[], max_active_wake_words=1
        )

    async def async_set_configuration(self, config: AssistSatelliteConfiguration) -> None:
        """Nothing to set."""

    def on_pipeline_event(self, event: PipelineEvent) -> None:
        """Nothing to show."""

    async def async_hear(self) -> None:
        """Listen for two seconds, then go back to idle."""
        self._set_state(AssistSatelliteState.LISTENING)
        self.async_write_ha_state()
        await asyncio.sleep(2)
        self._set_state(AssistSatelliteState.IDLE)
        self.async_write_ha_state()
