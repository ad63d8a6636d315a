"""Base entities and their descriptions: one kind on the hub's device, one per assistant.

Every entity is made from a description whose key is written once: it gives the unique id
(const.unique_id), the translation and what the entity shows. An assistant's description also
says which of its assistant's changes the entity follows (changes.py `Topic`), when it is
available and whether the assistant has it; a hub's, when it is shown. So each platform needs
one entity class per kind of owner.

Entities are pushed: an assistant's entities are written when what they follow of their own
assistant changes, the hub's once per batch of changes (see changes.py). The one exception is
the count of debug recordings on disk, which the recordings coordinator polls
(`AssistantCoordinatorEntity`).

Where Home Assistant knows the assistant's own device (a satellite, an Echo), its entities sit
on that device's page, as core's helpers attach theirs (`device_entry`): the other integration's
device is never changed, and no twin of it appears. Any other assistant's entities sit on a
device of our own under the hub, tied to its subentry, which goes away with the subentry.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity, EntityDescription
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.helpers.update_coordinator import CoordinatorEntity, DataUpdateCoordinator

from .changes import Topic
from .const import DOMAIN, unique_id
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .kinds import KINDS
from .models import Assistant, hub_device_info

# Home Assistant 2026.8 and newer link a device to its parent by the parent's id; earlier
# releases only by one of its identifiers (`via_device`, deprecated since).
_LINK_BY_ID = "via_device_id" in DeviceInfo.__annotations__


def status_available(data: VoicePrivacyData, assistant_id: str) -> bool:
    """While one of the assistant's linked entities can tell anything."""
    return data.microphones.status(assistant_id).available


def always_available(data: VoicePrivacyData, assistant_id: str) -> bool:
    """Always: what the entity shows is Voice Privacy's own record, kept while a device is away."""
    return True


@dataclass(frozen=True, kw_only=True)
class AssistantEntityDescription(EntityDescription):
    """How one entity of each assistant is kept: what it follows, when it can tell, who has it.

    Each platform's description of an assistant's entity adds what it shows to this.
    """

    # What about its assistant the entity is written on (changes.py); a change of its status
    # or activity is written in that change's context, so the logbook names the cause.
    topics: frozenset[Topic] = frozenset({Topic.STATUS})
    available_fn: Callable[[VoicePrivacyData, str], bool] = status_available
    # Whether this assistant has the entity at all (its kind, its links, its device).
    exists_fn: Callable[[VoicePrivacyData, Assistant], bool] = lambda _data, _assistant: True


@dataclass(frozen=True, kw_only=True)
class HubEntityDescription(EntityDescription):
    """How one home-wide entity is kept; it is written once per batch of changes."""

    available_fn: Callable[[VoicePrivacyData], bool] = lambda _: True
    exists_fn: Callable[[VoicePrivacyData], bool] = lambda _: True
    # Shown only once the hub has an assistant to sum up (add_hub_entities).
    sums_up_assistants: bool = True


class VoicePrivacyEntity(Entity):
    """An entity of the Voice Privacy integration, updated by the hub's parts."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, data: VoicePrivacyData) -> None:
        """Keep the hub's runtime data."""
        self.data = data

    async def async_shown(self, action: Awaitable[object]) -> None:
        """Carry out an action of ours; return once our entities show what it did.

        So a script's next step, or the caller of a blocking action, reads the new states,
        also when the action failed for some assistants and not for others.
        """
        try:
            await action
        finally:
            await self.data.changes.async_written()


class HubEntity(VoicePrivacyEntity):
    """A home-wide entity, on the hub's service device, written once per batch of changes."""

    entity_description: HubEntityDescription

    def __init__(self, entry: VoicePrivacyConfigEntry, description: HubEntityDescription) -> None:
        """Place the entity on the hub device."""
        super().__init__(entry.runtime_data)
        self.entity_description = description
        self._attr_unique_id = unique_id(entry.entry_id, description.key)
        self._attr_device_info = hub_device_info(entry)

    async def async_added_to_hass(self) -> None:
        """Follow changes of every assistant, batched."""
        await super().async_added_to_hass()
        self.async_on_remove(self.data.changes.async_add_hub_listener(self.async_write_ha_state))

    @property
    def available(self) -> bool:
        """As the description says; the hub's own records always are."""
        return self.entity_description.available_fn(self.data)


class AssistantEntity(VoicePrivacyEntity):
    """An entity of one voice assistant, written when what it follows of that assistant changes."""

    entity_description: AssistantEntityDescription

    def __init__(
        self,
        data: VoicePrivacyData,
        assistant: Assistant,
        description: AssistantEntityDescription,
    ) -> None:
        """Attach to the assistant's own device, or to a device of our own."""
        super().__init__(data)
        self.entity_description = description
        self.assistant = assistant
        self.assistant_id = assistant.assistant_id
        self._attr_unique_id = unique_id(assistant.assistant_id, description.key)
        if (own := data.devices.get(assistant.assistant_id)) is not None:
            # Where Home Assistant knows the assistant's own device (the satellite, the
            # Echo), its entities join that device's page, as core's helpers do; the device
            # itself is not changed, and no twin of it appears in the device list.
            self.device_entry = own
            return
        # Else each assistant has a device of its own, in its subentry, so the integration
        # page lists every assistant with its controls.
        spec = KINDS[assistant.links.kind]
        info = DeviceInfo(
            identifiers={(DOMAIN, assistant.assistant_id)},
            name=assistant.name,
            manufacturer=spec.manufacturer,
            model=spec.model,
        )
        if _LINK_BY_ID:
            info["via_device_id"] = data.hub_device_id
        else:
            legacy: dict[str, Any] = {**info, "via_device": data.hub_identifier}
            info = cast("DeviceInfo", legacy)
        self._attr_device_info = info

    async def async_added_to_hass(self) -> None:
        """Follow this assistant's changes of the description's topics only."""
        await super().async_added_to_hass()
        if topics := self.entity_description.topics:
            self.async_on_remove(
                self.data.changes.async_add_listener(self.assistant_id, topics, self._async_changed)
            )

    @callback
    def _async_changed(self, topic: Topic) -> None:
        """Write in the context of the change that moved it, so the logbook names the cause.

        A status comes from the linked entities' change, an activity from the assistant's
        own listening entity; the assistant's records have no outside cause.
        """
        contexts = (
            self.data.microphones.contexts
            if topic is Topic.STATUS
            else self.data.activity.contexts
            if topic is Topic.ACTIVITY
            else None
        )
        if contexts and (context := contexts.get(self.assistant_id)) is not None:
            self.async_set_context(context)
        self.async_write_ha_state()

    @property
    def available(self) -> bool:
        """As the description says: by default while a linked entity can tell anything."""
        return self.entity_description.available_fn(self.data, self.assistant_id)


class AssistantCoordinatorEntity[CoordinatorT: DataUpdateCoordinator[Any]](
    CoordinatorEntity[CoordinatorT], AssistantEntity
):
    """An entity of one assistant that shows what a coordinator polls (its debug recordings).

    Written after every refresh, unavailable while the last one failed; an update asked for
    (`homeassistant.update_entity`) refreshes now rather than after the debounce.
    """

    def __init__(
        self,
        coordinator: CoordinatorT,
        data: VoicePrivacyData,
        assistant: Assistant,
        description: AssistantEntityDescription,
    ) -> None:
        """Follow the coordinator, and sit with the assistant's other entities."""
        CoordinatorEntity.__init__(self, coordinator)
        AssistantEntity.__init__(self, data, assistant, description)

    async def async_update(self) -> None:
        """Refresh now: someone asked to see the current count."""
        await self.coordinator.async_refresh()

    @property
    def available(self) -> bool:
        """While the last refresh worked and the description's rule holds."""
        return self.coordinator.last_update_success and self.entity_description.available_fn(
            self.data, self.assistant_id
        )


def add_hub_entities(
    hass: HomeAssistant,
    data: VoicePrivacyData,
    async_add_entities: AddConfigEntryEntitiesCallback,
    platform: Platform,
    entities: list[HubEntity],
) -> None:
    """Add the home-wide entities; those that sum up the assistants once there is one.

    A hub without assistants would show "Score: Unknown" and "All microphones private:
    Unknown" to someone who just created it; it shows nothing instead (the first assistant
    reloads the hub, hub_changes.py). Entries left from assistants since removed go too,
    so no "no longer provided" entity stays behind.
    """
    summing = [e for e in entities if e.entity_description.sums_up_assistants]
    async_add_entities(e for e in entities if not e.entity_description.sums_up_assistants)
    if data.assistants:
        async_add_entities(summing)
        return
    registry = er.async_get(hass)
    for entity in summing:
        assert entity.unique_id is not None  # every entity of ours has one
        if entity_id := registry.async_get_entity_id(platform, DOMAIN, entity.unique_id):
            registry.async_remove(entity_id)


def add_assistant_entities(
    data: VoicePrivacyData,
    async_add_entities: AddConfigEntryEntitiesCallback,
    build: Callable[[Assistant], Iterable[Entity]],
) -> None:
    """Add each assistant's entities under its own subentry, now and when one is added."""

    def _add(assistant: Assistant) -> None:
        async_add_entities(build(assistant), config_subentry_id=assistant.assistant_id)

    for assistant in data.assistants.values():
        _add(assistant)
    data.entity_adders.append(_add)
