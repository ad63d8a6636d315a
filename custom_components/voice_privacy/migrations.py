"""Registry changes for entities and devices that earlier versions left behind.

Run once per set-up, before the platforms add their entities, so an entity never shows under
an old shape next to its new one. Each step is idempotent: on a registry that is already up to
date it finds nothing to do.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er

from .const import DOMAIN, unique_id
from .data import VoicePrivacyConfigEntry


@callback
def async_migrate_registries(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Bring the entity and device registries up to date with this version."""
    _async_remove_human_review_switches(hass, entry)
    _async_move_to_own_devices(hass, entry)


@callback
def _async_remove_human_review_switches(
    hass: HomeAssistant, entry: VoicePrivacyConfigEntry
) -> None:
    """Drop the human review switches: a select replaced them (select.py).

    A switch showed "not declared" as two buttons, so human review became a select with
    the same key; the old switch would stay behind as "no longer provided".
    """
    registry = er.async_get(hass)
    for assistant_id in entry.runtime_data.assistants:
        if old := registry.async_get_entity_id(
            Platform.SWITCH, DOMAIN, unique_id(assistant_id, "human_review")
        ):
            registry.async_remove(old)


@callback
def _async_move_to_own_devices(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
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
