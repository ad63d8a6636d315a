"""Suggestions for the assistant flow, found in the device and entity registries.

Users already run the integrations that talk to their assistants, so their devices and
control switches are in the registries: an Assist satellite's device has an `assist_satellite`
entity and, for Wyoming and ESPHome (Voice PE), a "Mute" switch; an Echo from the core
`alexa_devices` integration has a Do-Not-Disturb switch.
"""

from __future__ import annotations

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.selector import DeviceSelectorConfig, EntityFilterSelectorConfig

from .const import DOMAIN, AssistantKind
from .kinds import ALEXA_DEVICES_DOMAIN, KINDS
from .links import AssistantLinks


@callback
def candidate_devices(hass: HomeAssistant, kind: AssistantKind) -> set[str]:
    """Devices that can be an assistant of this kind; empty when any device will do."""
    spec = KINDS[kind]
    if not spec.device_required:
        return set()
    return {
        entry.device_id
        for entry in er.async_get(hass).entities.values()
        if entry.device_id
        and spec.device_entity_domain in (None, entry.domain)
        and spec.device_integration in (None, entry.platform)
    }


def device_filter(kind: AssistantKind) -> DeviceSelectorConfig:
    """The device picker's filter for a kind, matching `candidate_devices`."""
    spec = KINDS[kind]
    entity = EntityFilterSelectorConfig()
    if spec.device_entity_domain:
        entity["domain"] = spec.device_entity_domain
    if spec.device_integration:
        entity["integration"] = spec.device_integration
    return DeviceSelectorConfig(entity=entity) if entity else DeviceSelectorConfig()


def _device_switches(hass: HomeAssistant, device_id: str) -> list[er.RegistryEntry]:
    return [
        entry
        for entry in er.async_entries_for_device(er.async_get(hass), device_id)
        if entry.domain == Platform.SWITCH and not entry.disabled
    ]


@callback
def suggest_mute_entity(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Find the satellite's own mute switch (Wyoming `mute`, ESPHome "Mute"), if any."""
    if not device_id:
        return None
    for entry in _device_switches(hass, device_id):
        names = (entry.translation_key, entry.original_name, entry.entity_id.split(".")[1])
        if any(name and "mute" in name.lower() for name in names):
            return entry.entity_id
    return None


@callback
def suggest_dnd_entity(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Find the Do-Not-Disturb switch of an `alexa_devices` Echo, if any."""
    if not device_id:
        return None
    for entry in _device_switches(hass, device_id):
        if entry.platform == ALEXA_DEVICES_DOMAIN and entry.translation_key == "do_not_disturb":
            return entry.entity_id
    return None


@callback
def suggest_microphone_sensor(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Find a speaker's read-only microphone sensor (core sonos: binary_sensor "Microphone")."""
    if not device_id:
        return None
    for entry in er.async_entries_for_device(er.async_get(hass), device_id):
        if (
            entry.domain == Platform.BINARY_SENSOR
            and entry.translation_key == "microphone"
            and not entry.disabled
        ):
            return entry.entity_id
    return None


@callback
def device_name(hass: HomeAssistant, device_id: str | None) -> str | None:
    """Return the name the user sees for a device."""
    if device_id and (device := dr.async_get(hass).async_get(device_id)):
        return device.name_by_user or device.name
    return None


@callback
def voice_entities(hass: HomeAssistant, links: AssistantLinks) -> list[str]:
    """Entities of the assistant's own device that hold voice data, as its kind says.

    Never any other entity of the device: a smart plug's energy history is not voice data.
    Disabled ones too: disabling an entity stops its history, it keeps what was recorded.
    """
    spec = KINDS[links.kind]
    if not links.device_id:
        return []
    return sorted(
        entry.entity_id
        for entry in er.async_entries_for_device(
            er.async_get(hass), links.device_id, include_disabled_entities=True
        )
        if entry.platform != DOMAIN
        and (
            entry.domain in spec.voice_entity_domains
            or (entry.translation_key or "") in spec.voice_entity_translation_keys
        )
    )


@callback
def listen_entity(hass: HomeAssistant, links: AssistantLinks) -> str | None:
    """The entity of the assistant's own device that tells when it listened, as its kind says.

    None when the kind has no such entity, the assistant has no device, or the device lacks it.
    """
    source = KINDS[links.kind].listen_source
    if source is None or not links.device_id:
        return None
    for entry in er.async_entries_for_device(er.async_get(hass), links.device_id):
        if (
            entry.domain == source.domain
            and entry.platform != DOMAIN
            and not entry.disabled
            and (source.platform is None or entry.platform == source.platform)
            and (source.translation_key is None or entry.translation_key == source.translation_key)
        ):
            return entry.entity_id
    return None
