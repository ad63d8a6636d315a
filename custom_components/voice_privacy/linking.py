"""Which switches an assistant may be linked to: the form and its checks.

Shared by the assistant flow (add, reconfigure) and the missing-link repair. A linked switch
must exist, serve one role only, belong to one assistant only, and never be one of Voice
Privacy's own entities: a privacy switch chosen as another assistant's "smart plug" would show
`powered_off` and privacy mode on while nothing is cut.
"""

from __future__ import annotations

from collections.abc import Mapping
import contextlib
from typing import Any

import voluptuous as vol

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.selector import (
    BooleanSelector,
    EntitySelector,
    EntitySelectorConfig,
)

from .const import CONF_CLOUD_VOICE_DELETE, CONF_MICROPHONE_SENSOR, DOMAIN, AssistantKind
from .kinds import CONTROL_KEYS, KINDS


@callback
def own_entities(hass: HomeAssistant) -> set[str]:
    """Voice Privacy's own entities, which can never be an assistant's control."""
    return {
        entry.entity_id
        for entry in er.async_get(hass).entities.values()
        if entry.platform == DOMAIN
    }


@callback
def linked_elsewhere(entry: ConfigEntry, subentry_id: str | None) -> dict[str, str]:
    """Switches linked to the hub's other assistants, with the name of the one each serves."""
    return {
        entity_id: subentry.title
        for other_id, subentry in entry.subentries.items()
        if other_id != subentry_id
        for key in CONTROL_KEYS
        if (entity_id := subentry.data.get(key))
    }


@callback
def controls_schema(
    hass: HomeAssistant,
    entry: ConfigEntry,
    kind: AssistantKind,
    subentry_id: str | None = None,
    *,
    with_cloud_option: bool = True,
) -> vol.Schema:
    """The switches an assistant of this kind can be linked to (and its cloud opt-in).

    The pickers leave out Voice Privacy's own entities, and refuse them when submitted. A
    switch another assistant uses stays visible, so the error can say which assistant.
    """
    exclude = sorted(own_entities(hass))
    schema: dict[vol.Marker, Any] = {
        vol.Optional(key): EntitySelector(
            EntitySelectorConfig(
                domain=Platform.BINARY_SENSOR if key == CONF_MICROPHONE_SENSOR else Platform.SWITCH,
                exclude_entities=exclude,
            )
        )
        for key in KINDS[kind].controls
    }
    if with_cloud_option and KINDS[kind].deletion is not None:
        # Off by default: the vendor must have voice deletion enabled in its app, and
        # nothing confirms the deletion.
        schema[vol.Optional(CONF_CLOUD_VOICE_DELETE, default=False)] = BooleanSelector()
    return vol.Schema(schema)


@callback
def validate_controls(
    hass: HomeAssistant,
    entry: ConfigEntry,
    kind: AssistantKind,
    user_input: Mapping[str, Any],
    subentry_id: str | None = None,
) -> tuple[dict[str, str], dict[str, str], dict[str, Any]]:
    """Check the chosen switches; return the errors, their placeholders and the input to store.

    At least one control (a microphone sensor alone will do: the state is then known, and
    privacy mode is simply not offered); each an existing entity, not one of ours, not linked
    to another assistant; no entity in two roles. A picker may answer with an entity registry
    id instead of an entity id (which also slips past its exclusions): it is turned into the
    entity id before any check, and the entity id is what gets stored.
    """
    registry = er.async_get(hass)
    resolved = dict(user_input)
    for key in KINDS[kind].controls:
        if value := user_input.get(key):
            with contextlib.suppress(vol.Invalid):
                resolved[key] = er.async_validate_entity_id(registry, value)
    chosen = {key: resolved[key] for key in KINDS[kind].controls if resolved.get(key)}
    if not chosen:
        return {"base": "no_controls"}, {}, resolved
    ours = own_entities(hass)
    others = linked_elsewhere(entry, subentry_id)
    for key, entity_id in chosen.items():
        if entity_id in ours:
            return {key: "own_entity"}, {}, resolved
        if entity_id in others:
            return {key: "linked_elsewhere"}, {"other": others[entity_id]}, resolved
        if registry.async_get(entity_id) is None and hass.states.get(entity_id) is None:
            return {key: "entity_not_found"}, {}, resolved
    if len(set(chosen.values())) != len(chosen):
        return {"base": "same_entity"}, {}, resolved
    return {}, {}, resolved
