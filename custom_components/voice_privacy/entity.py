"""Base entities: one kind on the hub's device, one per assistant.

An assistant's entities join the assistant's own device when Home Assistant knows one (the
satellite or Echo device page is where users look), by setting `device_entry` the way core
helpers do: the device stays owned by its integration, so removing an assistant removes only
our entities. An assistant with no known device gets a device of its own, tied to its
subentry, which goes away with the subentry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from homeassistant.helpers import device_registry as dr
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity

from .const import DOMAIN, AssistantKind
from .coordinator import VoicePrivacyCoordinator
from .models import Assistant, AssistantStatus, hub_device_info

# (manufacturer, model) shown on an assistant's own device, by kind.
DEVICE_MODELS: dict[AssistantKind, tuple[str | None, str]] = {
    AssistantKind.ASSIST_SATELLITE: (None, "Assist satellite"),
    AssistantKind.ALEXA: ("Amazon", "Alexa"),
    AssistantKind.GOOGLE: ("Google", "Google Assistant"),
    AssistantKind.APPLE: ("Apple", "Siri"),
    AssistantKind.OTHER: (None, "Voice assistant"),
}


class VoicePrivacyEntity(CoordinatorEntity[VoicePrivacyCoordinator]):
    """An entity of the Voice Privacy integration."""

    _attr_has_entity_name = True


class HubEntity(VoicePrivacyEntity):
    """A home-wide entity, on the hub's service device."""

    def __init__(self, coordinator: VoicePrivacyCoordinator, key: str | None = None) -> None:
        """Place the entity on the hub device; the key defaults to the translation key."""
        super().__init__(coordinator)
        entry = coordinator.config_entry
        self._attr_unique_id = f"{entry.entry_id}_{key or self._attr_translation_key}"
        self._attr_device_info = hub_device_info(entry)


class AssistantEntity(VoicePrivacyEntity):
    """An entity of one voice assistant."""

    def __init__(
        self, coordinator: VoicePrivacyCoordinator, assistant: Assistant, key: str | None = None
    ) -> None:
        """Attach to the assistant's own device, or to a device of our own.

        The unique id's key defaults to the translation key.
        """
        super().__init__(coordinator)
        self.assistant = assistant
        self._attr_unique_id = f"{assistant.assistant_id}_{key or self._attr_translation_key}"
        device_id = assistant.links.device_id
        if device_id and (device := dr.async_get(coordinator.hass).async_get(device_id)):
            self.device_entry = device
        else:
            self._attr_device_info = DeviceInfo(
                identifiers={(DOMAIN, assistant.assistant_id)},
                name=assistant.name,
                manufacturer=DEVICE_MODELS[assistant.links.kind][0],
                model=DEVICE_MODELS[assistant.links.kind][1],
                via_device_id=coordinator.hub_device_id,
            )

    @property
    def status(self) -> AssistantStatus:
        """The assistant's current status."""
        return self.coordinator.data[self.assistant.assistant_id]

    @property
    def available(self) -> bool:
        """Unavailable while none of the linked entities can tell anything."""
        return super().available and self.status.available


def add_assistant_entities(
    coordinator: VoicePrivacyCoordinator,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[Assistant], Iterable[Entity]],
) -> None:
    """Add each assistant's entities under its own subentry."""
    for assistant in coordinator.assistants.values():
        async_add_entities(build(assistant), config_subentry_id=assistant.assistant_id)


class AssistantRecordEntity(AssistantEntity):
    """An entity of an assistant that reads Voice Privacy's own records, not the devices.

    Declared settings, the purge log and the score stay available when the linked
    switches are not.
    """

    @property
    def available(self) -> bool:
        """Available while the hub is."""
        return self.coordinator.last_update_success
