"""Whether every microphone in the home is really cut, and which assistant listens now."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from homeassistant.components.binary_sensor import (
    BinarySensorEntity,
    BinarySensorEntityDescription,
)
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantActivityEntity,
    HubEntity,
    add_assistant_entities,
    add_hub_entities,
)
from .models import Assistant

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class HubBinarySensorDescription(BinarySensorEntityDescription):
    """A home-wide binary sensor, read from the hub's parts."""

    value_fn: Callable[[VoicePrivacyData], bool | None]
    exists_fn: Callable[[VoicePrivacyData], bool] = lambda _: True
    # Shown only once the hub has an assistant (entity.add_hub_entities).
    sums_up_assistants: bool = True


HUB_BINARY_SENSORS: tuple[HubBinarySensorDescription, ...] = (
    HubBinarySensorDescription(
        key="all_private",
        translation_key="all_private",
        # An assistant in an unknown state counts as not private: privacy is never assumed.
        value_fn=lambda data: all(s.private for s in data.microphones.statuses.values()),
    ),
    HubBinarySensorDescription(
        key="schedule_active",
        translation_key="schedule_active",
        value_fn=lambda data: data.rules.schedule_active,
        exists_fn=lambda data: data.rules.schedule_entity is not None,
        sums_up_assistants=False,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's binary sensors, and "Listening now" where the device tells it."""
    data = entry.runtime_data
    hub = [HubBinarySensor(entry, d) for d in HUB_BINARY_SENSORS if d.exists_fn(data)]
    async_add_entities(e for e in hub if not e.entity_description.sums_up_assistants)
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.BINARY_SENSOR,
        [e for e in hub if e.entity_description.sums_up_assistants],
    )

    def _build(assistant: Assistant) -> list[BinarySensorEntity]:
        assistant_id = assistant.assistant_id
        source = data.activity.source(assistant_id)
        if assistant_id not in data.activity.sources or source is None or not source.tells_now:
            return []
        return [ListeningNowBinarySensor(data, assistant, "listening")]

    add_assistant_entities(data, async_add_entities, _build)


class HubBinarySensor(HubEntity, BinarySensorEntity):
    """A home-wide binary sensor."""

    entity_description: HubBinarySensorDescription

    def __init__(
        self, entry: VoicePrivacyConfigEntry, description: HubBinarySensorDescription
    ) -> None:
        """Create the binary sensor from its description."""
        super().__init__(entry, description.key)
        self.entity_description = description

    @property
    def is_on(self) -> bool | None:
        """On when every assistant's microphone is muted or without power."""
        return self.entity_description.value_fn(self.data)


class ListeningNowBinarySensor(AssistantActivityEntity, BinarySensorEntity):
    """On while the assistant streams audio to Home Assistant (a satellite `listening`)."""

    _attr_translation_key = "listening"

    @property
    def available(self) -> bool:
        """Unavailable while the satellite's own entity is."""
        return self.data.activity.source_available(self.assistant_id)

    @property
    def is_on(self) -> bool:
        """Read from the satellite's own entity."""
        return self.data.activity.listening(self.assistant_id)
