"""Purge voice history buttons: one per assistant, one on the hub for all of them."""

from __future__ import annotations

from homeassistant.components.button import ButtonEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import HistorySource
from .data import VoicePrivacyConfigEntry
from .entity import (
    AssistantRecordEntity,
    HubEntity,
    add_assistant_entities,
    add_hub_entities,
)
from .history import PurgeRequest
from .permissions import async_require_admin

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
    data = entry.runtime_data
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.BUTTON,
        [PurgeAllButton(entry, "purge_history_all")],
    )
    add_assistant_entities(
        data, async_add_entities, lambda a: [PurgeHistoryButton(data, a, "purge_history")]
    )


class PurgeHistoryButton(AssistantRecordEntity, ButtonEntity):
    """Purge one assistant's voice history now."""

    _attr_translation_key = "purge_history"

    async def async_press(self) -> None:
        """Purge every reachable copy of this assistant's history (administrators only)."""
        await async_require_admin(self.hass, self._context)
        await self.data.history.async_purge(
            self.data.assistants, [self.assistant_id], PURGE_ALL, self._context
        )


class PurgeAllButton(HubEntity, ButtonEntity):
    """Purge the voice history of every assistant now."""

    _attr_translation_key = "purge_history_all"

    async def async_press(self) -> None:
        """Purge every reachable copy of every assistant's history (administrators only)."""
        await async_require_admin(self.hass, self._context)
        assistants = self.data.assistants
        await self.data.history.async_purge(assistants, list(assistants), PURGE_ALL, self._context)
