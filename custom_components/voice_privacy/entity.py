"""Base entities: one kind on the hub's device, one per assistant.

Entities are pushed, never polled: an assistant's entities are written when their own
assistant changes (its microphone status, or its records), the hub's once per batch of
changes (see changes.py).

Where Home Assistant knows the assistant's own device (a satellite, an Echo), its entities sit
on that device's page, as core's helpers attach theirs (`device_entry`): the other integration's
device is never changed, and no twin of it appears. Any other assistant's entities sit on a
device of our own under the hub, tied to its subentry, which goes away with the subentry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, cast

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.device_registry import DeviceInfo
from homeassistant.helpers.entity import Entity
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback

from .changes import Topic
from .const import DOMAIN
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .kinds import KINDS
from .models import Assistant, AssistantStatus, hub_device_info

# Home Assistant 2026.8 and newer link a device to its parent by the parent's id; earlier
# releases only by one of its identifiers (`via_device`, deprecated since).
_LINK_BY_ID = "via_device_id" in DeviceInfo.__annotations__


class VoicePrivacyEntity(Entity):
    """An entity of the Voice Privacy integration, updated by the hub's parts."""

    _attr_has_entity_name = True
    _attr_should_poll = False

    def __init__(self, data: VoicePrivacyData, key: str) -> None:
        """Keep the hub's runtime data."""
        self.data = data
        self.key = key


class HubEntity(VoicePrivacyEntity):
    """A home-wide entity, on the hub's service device, written once per batch of changes."""

    def __init__(self, entry: VoicePrivacyConfigEntry, key: str) -> None:
        """Place the entity on the hub device."""
        super().__init__(entry.runtime_data, key)
        self._attr_unique_id = f"{entry.entry_id}_{key}"
        self._attr_device_info = hub_device_info(entry)

    async def async_added_to_hass(self) -> None:
        """Follow changes of every assistant, batched."""
        await super().async_added_to_hass()
        self.async_on_remove(self.data.changes.async_add_hub_listener(self.async_write_ha_state))


class AssistantEntity(VoicePrivacyEntity):
    """An entity of one voice assistant, written when its microphone status changes."""

    topics: frozenset[Topic] = frozenset({Topic.STATUS})

    def __init__(self, data: VoicePrivacyData, assistant: Assistant, key: str) -> None:
        """Attach to the assistant's own device, or to a device of our own."""
        super().__init__(data, key)
        self.assistant = assistant
        self.assistant_id = assistant.assistant_id
        self._attr_unique_id = f"{assistant.assistant_id}_{key}"
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
        """Follow this assistant's changes only."""
        await super().async_added_to_hass()
        changes = self.data.changes
        if Topic.STATUS in self.topics:
            self.async_on_remove(
                changes.async_add_listener(
                    self.assistant_id, frozenset({Topic.STATUS}), self._async_status_changed
                )
            )
        if others := self.topics - {Topic.STATUS}:
            self.async_on_remove(
                changes.async_add_listener(self.assistant_id, others, self.async_write_ha_state)
            )

    @callback
    def _async_status_changed(self) -> None:
        """Write in the context of the linked change, so the logbook names what caused it."""
        if (context := self.data.microphones.contexts.get(self.assistant_id)) is not None:
            self.async_set_context(context)
        self.async_write_ha_state()

    @property
    def status(self) -> AssistantStatus:
        """The assistant's current status."""
        return self.data.microphones.status(self.assistant_id)

    @property
    def available(self) -> bool:
        """Unavailable while none of the linked entities can tell anything."""
        return self.status.available


class AssistantRecordEntity(AssistantEntity):
    """An entity of an assistant that reads Voice Privacy's own records, not the devices.

    Declared settings, the purge log and the score stay available when the linked
    switches are not.
    """

    topics = frozenset({Topic.RECORDS})

    @property
    def available(self) -> bool:
        """Always: the records are ours."""
        return True


class AssistantActivityEntity(AssistantEntity):
    """An entity of when an assistant listened, read from its own device (activity.py).

    Written when that device's listening entity changes, in the context of that change.
    """

    topics = frozenset()

    async def async_added_to_hass(self) -> None:
        """Follow this assistant's activity only."""
        await super().async_added_to_hass()
        self.async_on_remove(
            self.data.changes.async_add_listener(
                self.assistant_id, frozenset({Topic.ACTIVITY}), self._async_activity_changed
            )
        )

    @callback
    def _async_activity_changed(self) -> None:
        if (context := self.data.activity.contexts.get(self.assistant_id)) is not None:
            self.async_set_context(context)
        self.async_write_ha_state()

    @property
    def available(self) -> bool:
        """Always: the counts are ours, kept while the device is away."""
        return True


@callback
def async_move_to_own_devices(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Move entities from the device of ours that earlier versions made to the assistant's own.

    Earlier versions gave every assistant a device of ours, even where it has its own; that
    device showed as a twin of the satellite's. Its entities move first (keeping the names and
    settings people gave them), then it goes.
    """
    own_devices = entry.runtime_data.devices
    device_registry = dr.async_get(hass)
    entity_registry = er.async_get(hass)
    for ours in dr.async_entries_for_config_entry(device_registry, entry.entry_id):
        twin_of = {key for domain, key in ours.identifiers if domain == DOMAIN} & set(own_devices)
        if not twin_of:
            continue
        own = own_devices[twin_of.pop()]
        for registered in er.async_entries_for_device(
            entity_registry, ours.id, include_disabled_entities=True
        ):
            # Disabled with our device: the user's choice, kept as theirs, since the new
            # device's state would never lift it.
            disabled_by = registered.disabled_by
            if disabled_by is er.RegistryEntryDisabler.DEVICE:
                disabled_by = er.RegistryEntryDisabler.USER
            entity_registry.async_update_entity(
                registered.entity_id, device_id=own.id, disabled_by=disabled_by
            )
        device_registry.async_remove_device(ours.id)


def add_hub_entities(
    hass: HomeAssistant,
    data: VoicePrivacyData,
    async_add_entities: AddConfigEntryEntitiesCallback,
    platform: Platform,
    entities: Iterable[HubEntity],
) -> None:
    """Add home-wide entities that sum up the assistants, once there is one to sum up.

    A hub without assistants would show "Score: Unknown" and "All microphones private:
    Unknown" to someone who just created it; it shows nothing instead (the first assistant
    reloads the hub, hub_changes.py). Entries left from assistants since removed go too,
    so no "no longer provided" entity stays behind.
    """
    if data.assistants:
        async_add_entities(entities)
        return
    registry = er.async_get(hass)
    for entity in entities:
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
