"""When the user last confirmed an assistant's vendor settings."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date

from homeassistant.components.date import DateEntity, DateEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .changes import Topic
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantEntity,
    AssistantEntityDescription,
    add_assistant_entities,
    always_available,
)

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AssistantDateDescription(DateEntityDescription, AssistantEntityDescription):
    """A date of one assistant that the user sets, kept in Voice Privacy's own records."""

    value_fn: Callable[[VoicePrivacyData, str], date | None]
    set_fn: Callable[[VoicePrivacyData, str, date], Awaitable[None]]


ASSISTANT_DATES: tuple[AssistantDateDescription, ...] = (
    AssistantDateDescription(
        # Set by the user after checking the vendor's settings; changing a setting sets it too.
        key="settings_confirmed",
        translation_key="settings_confirmed",
        entity_category=EntityCategory.CONFIG,
        topics=frozenset({Topic.RECORDS}),
        available_fn=always_available,
        value_fn=lambda data, a: data.settings.get(a).confirmed_on,
        set_fn=lambda data, a, value: data.settings.async_declare(a, confirmed_on=value),
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a confirmation date per assistant."""
    data = entry.runtime_data
    add_assistant_entities(
        data,
        async_add_entities,
        lambda assistant: [
            AssistantDate(data, assistant, d)
            for d in ASSISTANT_DATES
            if d.exists_fn(data, assistant)
        ],
    )


class AssistantDate(AssistantEntity, DateEntity):
    """A date of one assistant."""

    entity_description: AssistantDateDescription

    @property
    def native_value(self) -> date | None:
        """As recorded."""
        return self.entity_description.value_fn(self.data, self.assistant_id)

    async def async_set_value(self, value: date) -> None:
        """Record the day the user gave."""
        await self.async_shown(self.entity_description.set_fn(self.data, self.assistant_id, value))
