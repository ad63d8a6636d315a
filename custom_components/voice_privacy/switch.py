"""Privacy mode switches: one per assistant and one for the whole home."""

from __future__ import annotations

from typing import Any

from homeassistant.components.switch import SwitchEntity
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .const import Cause
from .data import VoicePrivacyConfigEntry
from .entity import AssistantEntity, HubEntity, add_assistant_entities, add_hub_entities
from .models import Assistant, failures_error

PARALLEL_UPDATES = 0


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
        [HomePrivacySwitch(entry, "privacy_mode_all")],
    )

    def _build(assistant: Assistant) -> list[SwitchEntity]:
        entities: list[SwitchEntity] = []
        if assistant.links.has_privacy_control:
            entities.append(PrivacyModeSwitch(data, assistant, "privacy_mode"))
        return entities

    add_assistant_entities(data, async_add_entities, _build)


class PrivacyModeSwitch(AssistantEntity, SwitchEntity):
    """On while the assistant's microphone is cut, as its linked entities report."""

    _attr_translation_key = "privacy_mode"

    @property
    def available(self) -> bool:
        """Available while a mute switch or power cut can be read."""
        return super().available and self.status.privacy_available

    @property
    def is_on(self) -> bool:
        """Read back from the linked entities, never assumed."""
        return self.status.private

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Cut the microphone and wait for the device to confirm."""
        await self._async_set(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Give the microphone back and wait for the device to confirm."""
        await self._async_set(False)

    async def _async_set(self, enabled: bool) -> None:
        results = await self.data.privacy.async_decide(
            [self.assistant_id], enabled, Cause.PRIVACY_SWITCH, self._context
        )
        if (error := results[0].error) is not None:
            raise error


class HomePrivacySwitch(HubEntity, SwitchEntity):
    """Privacy mode for every assistant that can be controlled at once."""

    _attr_translation_key = "privacy_mode_all"

    @property
    def _controllable(self) -> list[str]:
        """The assistants with a mute switch or power cut, added ones included."""
        return [
            assistant_id
            for assistant_id, assistant in self.data.assistants.items()
            if assistant.links.has_privacy_control
        ]

    @property
    def available(self) -> bool:
        """Available while at least one assistant's privacy control can be read."""
        status = self.data.microphones.status
        return any(status(a).privacy_available for a in self._controllable)

    @property
    def is_on(self) -> bool:
        """On only when every controllable assistant is private."""
        status = self.data.microphones.status
        return bool(self._controllable) and all(status(a).private for a in self._controllable)

    async def async_turn_on(self, **kwargs: Any) -> None:
        """Cut every controllable microphone."""
        await self._async_set_all(True)

    async def async_turn_off(self, **kwargs: Any) -> None:
        """Give every controllable microphone back."""
        await self._async_set_all(False)

    async def _async_set_all(self, enabled: bool) -> None:
        """Switch all assistants concurrently; one failure does not stop the others."""
        results = await self.data.privacy.async_decide(
            self._controllable, enabled, Cause.HOME_SWITCH, self._context
        )
        if error := failures_error(results):
            raise error
