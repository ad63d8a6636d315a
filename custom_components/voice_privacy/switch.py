"""Privacy mode switches: one per assistant and one for the whole home."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from homeassistant.components.switch import SwitchEntity, SwitchEntityDescription
from homeassistant.const import Platform
from homeassistant.core import Context, HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import Cause
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantEntity,
    AssistantEntityDescription,
    HubEntity,
    HubEntityDescription,
    add_assistant_entities,
    add_hub_entities,
)
from .models import failures_error

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AssistantSwitchDescription(SwitchEntityDescription, AssistantEntityDescription):
    """A switch of one assistant: its state read back from the hub's parts, never assumed."""

    is_on_fn: Callable[[VoicePrivacyData, str], bool]
    set_fn: Callable[[VoicePrivacyData, str, bool, Context | None], Awaitable[None]]


@dataclass(frozen=True, kw_only=True)
class HubSwitchDescription(SwitchEntityDescription, HubEntityDescription):
    """A home-wide switch."""

    is_on_fn: Callable[[VoicePrivacyData], bool]
    set_fn: Callable[[VoicePrivacyData, bool, Context | None], Awaitable[None]]


async def _async_set_privacy(
    data: VoicePrivacyData, assistant_id: str, enabled: bool, context: Context | None
) -> None:
    """Cut the microphone or give it back, and wait for the device to confirm."""
    results = await data.privacy.async_decide(
        [assistant_id], enabled, Cause.PRIVACY_SWITCH, context
    )
    if (error := results[0].error) is not None:
        raise error


def _controllable(data: VoicePrivacyData) -> list[str]:
    """The assistants with a mute switch or power cut, added ones included."""
    return [
        assistant_id
        for assistant_id, assistant in data.assistants.items()
        if assistant.links.has_privacy_control
    ]


async def _async_set_home_privacy(
    data: VoicePrivacyData, enabled: bool, context: Context | None
) -> None:
    """Switch all assistants concurrently; one failure does not stop the others."""
    results = await data.privacy.async_decide(
        _controllable(data), enabled, Cause.HOME_SWITCH, context
    )
    if error := failures_error(results):
        raise error


ASSISTANT_SWITCHES: tuple[AssistantSwitchDescription, ...] = (
    AssistantSwitchDescription(
        key="privacy_mode",
        translation_key="privacy_mode",
        # Available while a mute switch or power cut can be read.
        available_fn=lambda data, a: (
            (status := data.microphones.status(a)).available and status.privacy_available
        ),
        exists_fn=lambda _data, assistant: assistant.links.has_privacy_control,
        # On while the microphone is cut, as the linked entities report.
        is_on_fn=lambda data, a: data.microphones.status(a).private,
        set_fn=_async_set_privacy,
    ),
)

HUB_SWITCHES: tuple[HubSwitchDescription, ...] = (
    HubSwitchDescription(
        key="privacy_mode_all",
        translation_key="privacy_mode_all",
        # Available while at least one assistant's privacy control can be read.
        available_fn=lambda data: any(
            data.microphones.status(a).privacy_available for a in _controllable(data)
        ),
        # On only when every controllable assistant is private.
        is_on_fn=lambda data: (
            bool(controllable := _controllable(data))
            and all(data.microphones.status(a).private for a in controllable)
        ),
        set_fn=_async_set_home_privacy,
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the home-wide switch and a privacy switch per controllable assistant."""
    data = entry.runtime_data
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.SWITCH,
        [HubSwitch(entry, d) for d in HUB_SWITCHES if d.exists_fn(data)],
    )
    add_assistant_entities(
        data,
        async_add_entities,
        lambda assistant: [
            AssistantSwitch(data, assistant, d)
            for d in ASSISTANT_SWITCHES
            if d.exists_fn(data, assistant)
        ],
    )


class AssistantSwitch(AssistantEntity, SwitchEntity):
    """A switch of one assistant."""

    entity_description: AssistantSwitchDescription

    @property
    def is_on(self) -> bool:
        """Read back from the hub's parts."""
        return self.entity_description.is_on_fn(self.data, self.assistant_id)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on, and wait for the device to confirm."""
        await self.async_shown(
            self.entity_description.set_fn(self.data, self.assistant_id, True, self._context)
        )

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off, and wait for the device to confirm."""
        await self.async_shown(
            self.entity_description.set_fn(self.data, self.assistant_id, False, self._context)
        )


class HubSwitch(HubEntity, SwitchEntity):
    """A home-wide switch."""

    entity_description: HubSwitchDescription

    @property
    def is_on(self) -> bool:
        """Read back from the hub's parts."""
        return self.entity_description.is_on_fn(self.data)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Turn on for every assistant it reaches."""
        await self.async_shown(self.entity_description.set_fn(self.data, True, self._context))

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Turn off for every assistant it reaches."""
        await self.async_shown(self.entity_description.set_fn(self.data, False, self._context))
