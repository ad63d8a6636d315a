"""Purge voice history buttons: one per assistant, one on the hub for all of them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.button import ButtonEntity, ButtonEntityDescription
from homeassistant.const import Platform
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .changes import Topic
from .const import HistorySource
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantEntity,
    AssistantEntityDescription,
    HubEntity,
    HubEntityDescription,
    add_assistant_entities,
    add_hub_entities,
    always_available,
)
from .history import PurgeRequest
from .permissions import async_require_admin

PARALLEL_UPDATES = 1
# A button press purges everything every source can reach; the vendor command is sent only
# for assistants whose user opted in.
PURGE_ALL = PurgeRequest(older_than=None, sources=frozenset(HistorySource))


@dataclass(frozen=True, kw_only=True)
class AssistantButtonDescription(ButtonEntityDescription, AssistantEntityDescription):
    """A button of one assistant; every button of ours deletes, so administrators only."""

    press_fn: Callable[[VoicePrivacyData, str, Context | None], Awaitable[object]]


@dataclass(frozen=True, kw_only=True)
class HubButtonDescription(ButtonEntityDescription, HubEntityDescription):
    """A home-wide button; administrators only, as the assistants' own."""

    press_fn: Callable[[VoicePrivacyData, Context | None], Awaitable[object]]


ASSISTANT_BUTTONS: tuple[AssistantButtonDescription, ...] = (
    AssistantButtonDescription(
        # Purge every reachable copy of this assistant's history now.
        key="purge_history",
        translation_key="purge_history",
        # The purge log is ours: available whatever the devices do.
        topics=frozenset({Topic.RECORDS}),
        available_fn=always_available,
        press_fn=lambda data, a, context: data.history.async_purge(
            data.assistants, [a], PURGE_ALL, context
        ),
    ),
)

HUB_BUTTONS: tuple[HubButtonDescription, ...] = (
    HubButtonDescription(
        # Purge every reachable copy of every assistant's history now.
        key="purge_history_all",
        translation_key="purge_history_all",
        press_fn=lambda data, context: data.history.async_purge(
            data.assistants, list(data.assistants), PURGE_ALL, context
        ),
    ),
)


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
        [HubButton(entry, d) for d in HUB_BUTTONS if d.exists_fn(data)],
    )
    add_assistant_entities(
        data,
        async_add_entities,
        lambda assistant: [
            AssistantButton(data, assistant, d)
            for d in ASSISTANT_BUTTONS
            if d.exists_fn(data, assistant)
        ],
    )


class AssistantButton(AssistantEntity, ButtonEntity):
    """A button of one assistant."""

    entity_description: AssistantButtonDescription

    async def async_press(self) -> None:
        """Do what the description says (administrators only)."""
        await async_require_admin(self.hass, self._context)
        await self.async_shown(
            self.entity_description.press_fn(self.data, self.assistant_id, self._context)
        )


class HubButton(HubEntity, ButtonEntity):
    """A home-wide button."""

    entity_description: HubButtonDescription

    async def async_press(self) -> None:
        """Do what the description says (administrators only)."""
        await async_require_admin(self.hass, self._context)
        await self.async_shown(self.entity_description.press_fn(self.data, self._context))
