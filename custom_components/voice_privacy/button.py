"""Purge voice history buttons: one per assistant, one on the hub for all of them."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import HistorySource
from .coordinator import VoicePrivacyConfigEntry, VoicePrivacyCoordinator
from .entity import AssistantRecordEntity, HubEntity
from .history import PurgeRequest
from .models import Assistant

PARALLEL_UPDATES = 1
# A button press purges everything every source can reach; the vendor command is sent only
# for assistants whose user opted in.
PURGE_ALL = PurgeRequest(older_than=None, sources=frozenset(HistorySource))


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's button and each assistant's button."""
    coordinator = entry.runtime_data
    async_add_entities([PurgeAllButton(coordinator)])
    for assistant in coordinator.assistants.values():
        async_add_entities(
            [PurgeHistoryButton(coordinator, assistant)],
            config_subentry_id=assistant.assistant_id,
        )


class PurgeHistoryButton(AssistantRecordEntity, ButtonEntity):
    """Purge one assistant's voice history now."""

    _attr_translation_key = "purge_history"

    def __init__(self, coordinator: VoicePrivacyCoordinator, assistant: Assistant) -> None:
        """Create the button of one assistant."""
        super().__init__(coordinator, assistant, "purge_history")

    async def async_press(self) -> None:
        """Purge every reachable copy of this assistant's history."""
        await self.coordinator.async_purge([self.assistant.assistant_id], PURGE_ALL, self._context)


class PurgeAllButton(HubEntity, ButtonEntity):
    """Purge the voice history of every assistant now."""

    _attr_translation_key = "purge_history_all"

    def __init__(self, coordinator: VoicePrivacyCoordinator) -> None:
        """Create the hub's button."""
        super().__init__(coordinator, "purge_history_all")

    async def async_press(self) -> None:
        """Purge every reachable copy of every assistant's history."""
        await self.coordinator.async_purge(
            list(self.coordinator.assistants), PURGE_ALL, self._context
        )
