"""Recording retention, as the user set it at the vendor, with the vendor's own options."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .coordinator import VoicePrivacyConfigEntry, VoicePrivacyCoordinator
from .entity import AssistantRecordEntity, add_assistant_entities
from .models import Assistant
from .vendors import VENDORS

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a retention select per assistant."""
    coordinator = entry.runtime_data
    add_assistant_entities(
        coordinator, async_add_entities, lambda a: [RetentionSelect(coordinator, a)]
    )


class RetentionSelect(AssistantRecordEntity, SelectEntity):
    """How long the vendor keeps recordings, as declared; not read from the vendor."""

    _attr_translation_key = "retention"
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, coordinator: VoicePrivacyCoordinator, assistant: Assistant) -> None:
        """Offer the options of this assistant's vendor."""
        super().__init__(coordinator, assistant)
        self._attr_options = list(VENDORS[assistant.links.kind].retention_options)

    @property
    def current_option(self) -> str | None:
        """As declared; None until declared."""
        return self.coordinator.settings.get(self.assistant.assistant_id).retention

    async def async_select_option(self, option: str) -> None:
        """Declare what the user set at the vendor."""
        await self.coordinator.async_declare(self.assistant.assistant_id, retention=option)
