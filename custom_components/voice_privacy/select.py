"""Recording retention, as the user set it at the vendor, with the vendor's own options."""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import AssistantRecordEntity, add_assistant_entities
from .kinds import KINDS
from .models import Assistant
from .settings import contradicts_disk

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a retention select per assistant."""
    data = entry.runtime_data
    add_assistant_entities(
        data, async_add_entities, lambda a: [RetentionSelect(data, a, "retention")]
    )


class RetentionSelect(AssistantRecordEntity, SelectEntity):
    """How long the vendor keeps recordings, as declared; not read from the vendor."""

    _attr_translation_key = "retention"
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, data: VoicePrivacyData, assistant: Assistant, key: str) -> None:
        """Offer the options of this assistant's vendor."""
        super().__init__(data, assistant, key)
        self._attr_options = list(KINDS[assistant.links.kind].retention_options)

    @property
    def current_option(self) -> str | None:
        """As declared; None until declared."""
        return self.data.settings.get(self.assistant_id).retention

    async def async_select_option(self, option: str) -> None:
        """Declare what the user set at the vendor, unless the disk says otherwise."""
        stats = self.data.recordings.stats(self.assistant_id)
        stored = stats.files if stats is not None else 0
        if contradicts_disk(option, stored):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="recordings_on_disk",
                translation_placeholders={"assistant": self.assistant.name, "stored": str(stored)},
            )
        await self.data.settings.async_declare(self.assistant_id, retention=option)
