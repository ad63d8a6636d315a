"""What the user set at the vendor: recording retention and human review, or not declared yet.

Nothing here is read from a vendor (none offers a way). Until the user says, each select
shows "Not declared yet"; choosing it again withdraws a declaration without confirming it.
They record the user's own settings, so repairs and the privacy score can use them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from homeassistant.components.select import SelectEntity, SelectEntityDescription
from homeassistant.const import EntityCategory
from homeassistant.core import HomeAssistant
from homeassistant.exceptions import ServiceValidationError
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .changes import Topic
from .const import DOMAIN
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantEntity,
    AssistantEntityDescription,
    add_assistant_entities,
    always_available,
)
from .kinds import KINDS
from .models import Assistant
from .settings import ALLOWED, NOT_ALLOWED, NOT_DECLARED, contradicts_disk

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AssistantSelectDescription(SelectEntityDescription, AssistantEntityDescription):
    """A declared setting of one assistant: its options, the current one, and declaring one."""

    # Declared settings are ours: available whatever the devices do.
    topics: frozenset[Topic] = frozenset({Topic.RECORDS})
    available_fn: Callable[[VoicePrivacyData, str], bool] = always_available
    entity_category: EntityCategory | None = EntityCategory.CONFIG
    options_fn: Callable[[Assistant], list[str]]
    current_fn: Callable[[VoicePrivacyData, str], str]
    select_fn: Callable[[VoicePrivacyData, Assistant, str], Awaitable[None]]


async def _async_declare_retention(
    data: VoicePrivacyData, assistant: Assistant, option: str
) -> None:
    """Declare what the user set at the vendor, unless the disk says otherwise."""
    settings, assistant_id = data.settings, assistant.assistant_id
    if option == NOT_DECLARED:
        confirmed = settings.get(assistant_id).confirmed_on
        await settings.async_declare(assistant_id, retention=None, confirmed_on=confirmed)
        return
    stats = data.recordings.stats(assistant_id)
    stored = stats.files if stats is not None else 0
    if contradicts_disk(option, stored):
        raise ServiceValidationError(
            translation_domain=DOMAIN,
            translation_key="recordings_on_disk",
            translation_placeholders={"assistant": assistant.name, "stored": str(stored)},
        )
    await settings.async_declare(assistant_id, retention=option)


def _human_review(data: VoicePrivacyData, assistant_id: str) -> str:
    declared = data.settings.get(assistant_id).human_review
    if declared is None:
        return NOT_DECLARED
    return ALLOWED if declared else NOT_ALLOWED


async def _async_declare_human_review(
    data: VoicePrivacyData, assistant: Assistant, option: str
) -> None:
    """Record what the user set at the vendor (or withdraw it, without confirming)."""
    settings, assistant_id = data.settings, assistant.assistant_id
    if option == NOT_DECLARED:
        confirmed = settings.get(assistant_id).confirmed_on
        await settings.async_declare(assistant_id, human_review=None, confirmed_on=confirmed)
        return
    await settings.async_declare(assistant_id, human_review=option == ALLOWED)


ASSISTANT_SELECTS: tuple[AssistantSelectDescription, ...] = (
    AssistantSelectDescription(
        # How long the vendor keeps recordings, from the options of this assistant's vendor.
        key="retention",
        translation_key="retention",
        options_fn=lambda assistant: [
            NOT_DECLARED,
            *KINDS[assistant.links.kind].retention_options,
        ],
        current_fn=lambda data, a: data.settings.get(a).retention or NOT_DECLARED,
        select_fn=_async_declare_retention,
    ),
    AssistantSelectDescription(
        # Whether the user allows the vendor's staff to listen, where vendors have staff.
        key="human_review",
        translation_key="human_review",
        exists_fn=lambda _data, assistant: KINDS[assistant.links.kind].human_review,
        options_fn=lambda _assistant: [NOT_DECLARED, ALLOWED, NOT_ALLOWED],
        current_fn=_human_review,
        select_fn=_async_declare_human_review,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add a retention select per assistant, and a human-review one where vendors have staff."""
    data = entry.runtime_data
    add_assistant_entities(
        data,
        async_add_entities,
        lambda assistant: [
            AssistantSelect(data, assistant, d)
            for d in ASSISTANT_SELECTS
            if d.exists_fn(data, assistant)
        ],
    )


class AssistantSelect(AssistantEntity, SelectEntity):
    """A declared setting of one assistant; not read from the vendor."""

    entity_description: AssistantSelectDescription

    def __init__(
        self,
        data: VoicePrivacyData,
        assistant: Assistant,
        description: AssistantSelectDescription,
    ) -> None:
        """Offer the options of this assistant's vendor."""
        super().__init__(data, assistant, description)
        self._attr_options = description.options_fn(assistant)

    @property
    def current_option(self) -> str:
        """As declared; "not declared" until then."""
        return self.entity_description.current_fn(self.data, self.assistant_id)

    async def async_select_option(self, option: str) -> None:
        """Declare what the user set at the vendor."""
        await self.async_shown(self.entity_description.select_fn(self.data, self.assistant, option))
