"""Microphone state per assistant and the number of live microphones in the home."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import MicrophoneState
from .coordinator import (
    Assistant,
    AssistantStatus,
    VoicePrivacyConfigEntry,
    VoicePrivacyCoordinator,
)
from .entity import AssistantEntity, HubEntity

PARALLEL_UPDATES = 0

type AllStatuses = Mapping[str, AssistantStatus]


@dataclass(frozen=True, kw_only=True)
class AssistantSensorDescription(SensorEntityDescription):
    """A sensor of one assistant, read from its status."""

    value_fn: Callable[[AssistantStatus], str | int | None]


@dataclass(frozen=True, kw_only=True)
class HubSensorDescription(SensorEntityDescription):
    """A home-wide sensor, read from all assistants' statuses."""

    value_fn: Callable[[AllStatuses], int]


ASSISTANT_SENSORS: tuple[AssistantSensorDescription, ...] = (
    AssistantSensorDescription(
        key="microphone",
        translation_key="microphone",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in MicrophoneState],
        value_fn=lambda status: status.microphone.value,
    ),
)

HUB_SENSORS: tuple[HubSensorDescription, ...] = (
    HubSensorDescription(
        key="live_microphones",
        translation_key="live_microphones",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda statuses: sum(s.listening for s in statuses.values()),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's sensors and each assistant's sensors."""
    coordinator = entry.runtime_data
    async_add_entities(HubSensor(coordinator, description) for description in HUB_SENSORS)
    for assistant in coordinator.assistants.values():
        async_add_entities(
            (AssistantSensor(coordinator, assistant, d) for d in ASSISTANT_SENSORS),
            config_subentry_id=assistant.assistant_id,
        )


class AssistantSensor(AssistantEntity, SensorEntity):
    """A sensor of one assistant."""

    entity_description: AssistantSensorDescription

    def __init__(
        self,
        coordinator: VoicePrivacyCoordinator,
        assistant: Assistant,
        description: AssistantSensorDescription,
    ) -> None:
        """Create the sensor from its description."""
        super().__init__(coordinator, assistant, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> str | int | None:
        """Derived from the linked entities' states."""
        return self.entity_description.value_fn(self.status)


class HubSensor(HubEntity, SensorEntity):
    """A home-wide sensor."""

    entity_description: HubSensorDescription

    def __init__(
        self, coordinator: VoicePrivacyCoordinator, description: HubSensorDescription
    ) -> None:
        """Create the sensor from its description."""
        super().__init__(coordinator, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> int:
        """Computed over every assistant."""
        return self.entity_description.value_fn(self.coordinator.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Name the assistants that are listening, so a dashboard can show which."""
        return {
            "assistants": sorted(
                self.coordinator.assistants[a].name
                for a, status in self.coordinator.data.items()
                if status.listening
            )
        }
