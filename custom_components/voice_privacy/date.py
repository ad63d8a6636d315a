"""When the user last confirmed an assistant's vendor settings."""

from __future__ import annotations

from datetime import date

from homeassistant.components.date import DateEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .data import VoicePrivacyConfigEntry
from .entity import AssistantRecordEntity, add_assistant_entities

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a confirmation date per assistant."""
    data = entry.runtime_data
    add_assistant_entities(
        data, async_add_entities, lambda a: [SettingsConfirmedDate(data, a, "settings_confirmed")]
    )


class SettingsConfirmedDate(AssistantRecordEntity, DateEntity):
    """Set by the user after checking the vendor's settings; changing a setting sets it too."""

    _attr_translation_key = "settings_confirmed"
    _attr_entity_category = EntityCategory.CONFIG

    @property
    def native_value(self) -> date | None:
        """The day the settings were last confirmed."""
        return self.data.settings.get(self.assistant_id).confirmed_on

    async def async_set_value(self, value: date) -> None:
        """Record the day the user checked the vendor's settings."""
        await self.data.settings.async_declare(self.assistant_id, confirmed_on=value)
