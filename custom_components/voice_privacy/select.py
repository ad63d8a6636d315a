"""What the user set at the vendor: recording retention and human review, or not declared yet.

Nothing here is read from a vendor (none offers a way). Until the user says, each select
shows "Not declared yet"; choosing it again withdraws a declaration without confirming it.
"""

from __future__ import annotations

from homeassistant.components.select import SelectEntity
from homeassistant.const import EntityCategory, Platform
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import DOMAIN
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import AssistantRecordEntity, add_assistant_entities
from .kinds import KINDS
from .models import Assistant
from .settings import ALLOWED, NOT_ALLOWED, NOT_DECLARED, contradicts_disk

PARALLEL_UPDATES = 0


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a retention select per assistant, and a human-review one where vendors have staff."""
    data = entry.runtime_data
    registry = er.async_get(hass)
    for assistant_id in data.assistants:
        # Human review used to be a switch, which showed "not declared" as two buttons.
        if old := registry.async_get_entity_id(
            Platform.SWITCH, DOMAIN, f"{assistant_id}_human_review"
        ):
            registry.async_remove(old)

    def _build(assistant: Assistant) -> list[SelectEntity]:
        entities: list[SelectEntity] = [RetentionSelect(data, assistant, "retention")]
        if KINDS[assistant.links.kind].human_review:
            entities.append(HumanReviewSelect(data, assistant, "human_review"))
        return entities

    add_assistant_entities(data, async_add_entities, _build)


class RetentionSelect(AssistantRecordEntity, SelectEntity):
    """How long the vendor keeps recordings, as declared; not read from the vendor."""

    _attr_translation_key = "retention"
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, data: VoicePrivacyData, assistant: Assistant, key: str) -> None:
        """Offer the options of this assistant's vendor."""
        super().__init__(data, assistant, key)
        self._attr_options = [NOT_DECLARED, *KINDS[assistant.links.kind].retention_options]

    @property
    def current_option(self) -> str:
        """As declared; "not declared" until then."""
        return self.data.settings.get(self.assistant_id).retention or NOT_DECLARED

    async def async_select_option(self, option: str) -> None:
        """Declare what the user set at the vendor, unless the disk says otherwise."""
        settings = self.data.settings
        if option == NOT_DECLARED:
            confirmed = settings.get(self.assistant_id).confirmed_on
            await settings.async_declare(self.assistant_id, retention=None, confirmed_on=confirmed)
            return
        stats = self.data.recordings.stats(self.assistant_id)
        stored = stats.files if stats is not None else 0
        if contradicts_disk(option, stored):
            raise ServiceValidationError(
                translation_domain=DOMAIN,
                translation_key="recordings_on_disk",
                translation_placeholders={"assistant": self.assistant.name, "stored": str(stored)},
            )
        await self.data.settings.async_declare(self.assistant_id, retention=option)


class HumanReviewSelect(AssistantRecordEntity, SelectEntity):
    """Whether the user allows the vendor's staff to listen, as they set it at the vendor.

    Not read from the vendor (no vendor offers that): it records the user's own setting, so
    repairs and the privacy score can use it.
    """

    _attr_translation_key = "human_review"
    _attr_entity_category = EntityCategory.CONFIG

    def __init__(self, data: VoicePrivacyData, assistant: Assistant, key: str) -> None:
        """Offer the three answers."""
        super().__init__(data, assistant, key)
        self._attr_options = [NOT_DECLARED, ALLOWED, NOT_ALLOWED]

    @property
    def current_option(self) -> str:
        """As declared; "not declared" until then."""
        declared = self.data.settings.get(self.assistant_id).human_review
        if declared is None:
            return NOT_DECLARED
        return ALLOWED if declared else NOT_ALLOWED

    async def async_select_option(self, option: str) -> None:
        """Record what the user set at the vendor (or withdraw it, without confirming)."""
        settings = self.data.settings
        if option == NOT_DECLARED:
            confirmed = settings.get(self.assistant_id).confirmed_on
            await settings.async_declare(
                self.assistant_id, human_review=None, confirmed_on=confirmed
            )
            return
        await settings.async_declare(self.assistant_id, human_review=option == ALLOWED)
