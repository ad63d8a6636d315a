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

from .changes import Topic
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantEntity,
    AssistantEntityDescription,
    HubEntity,
    HubEntityDescription,
    add_assistant_entities,
    add_hub_entities,
)
from .models import Assistant

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AssistantBinarySensorDescription(BinarySensorEntityDescription, AssistantEntityDescription):
    """A binary sensor of one assistant, read from the hub's parts by the assistant's id."""

    value_fn: Callable[[VoicePrivacyData, str], bool | None]


@dataclass(frozen=True, kw_only=True)
class HubBinarySensorDescription(BinarySensorEntityDescription, HubEntityDescription):
    """A home-wide binary sensor, read from the hub's parts."""

    value_fn: Callable[[VoicePrivacyData], bool | None]


def _tells_now(data: VoicePrivacyData, assistant: Assistant) -> bool:
    """Whether the assistant's own device says when it streams audio (a satellite)."""
    assistant_id = assistant.assistant_id
    source = data.activity.source(assistant_id)
    return assistant_id in data.activity.sources and source is not None and source.tells_now


ASSISTANT_BINARY_SENSORS: tuple[AssistantBinarySensorDescription, ...] = (
    AssistantBinarySensorDescription(
        # On while the assistant streams audio to Home Assistant (a satellite `listening`),
        # read from the satellite's own entity and unavailable while it is.
        key="listening",
        translation_key="listening",
        topics=frozenset({Topic.ACTIVITY}),
        available_fn=lambda data, a: data.activity.source_available(a),
        exists_fn=_tells_now,
        value_fn=lambda data, a: data.activity.listening(a),
    ),
)

HUB_BINARY_SENSORS: tuple[HubBinarySensorDescription, ...] = (
    HubBinarySensorDescription(
        key="all_private",
        translation_key="all_private",
        # On when every assistant's microphone is muted or without power. An assistant in an
        # unknown state counts as not private: privacy is never assumed.
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
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.BINARY_SENSOR,
        [HubBinarySensor(entry, d) for d in HUB_BINARY_SENSORS if d.exists_fn(data)],
    )
    add_assistant_entities(
        data,
        async_add_entities,
        lambda assistant: [
            AssistantBinarySensor(data, assistant, d)
            for d in ASSISTANT_BINARY_SENSORS
            if d.exists_fn(data, assistant)
        ],
    )


class AssistantBinarySensor(AssistantEntity, BinarySensorEntity):
    """A binary sensor of one assistant."""

    entity_description: AssistantBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """As the description reads it."""
        return self.entity_description.value_fn(self.data, self.assistant_id)


class HubBinarySensor(HubEntity, BinarySensorEntity):
    """A home-wide binary sensor."""

    entity_description: HubBinarySensorDescription

    @property
    def is_on(self) -> bool | None:
        """Computed by the hub."""
        return self.entity_description.value_fn(self.data)
