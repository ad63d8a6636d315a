"""The card's model over one websocket command: which entity is which, from the hub itself.

The dashboard card (`frontend/voice-privacy.js`) needs to know which of the integration's
entities is an assistant's microphone, its privacy switch, its purge button, and which are the
hub's. Only the integration knows that: it made the unique ids (`<subentry_id>_<key>` per
assistant, `<entry_id>_<key>` on the hub, see entity.py) and it holds the score's maxima
(score.py). So it says so here, once, instead of the card keeping a copy of the maxima and
taking unique ids apart again: `{"type": "voice_privacy/model"}` answers

    {"loaded": bool,
     "hub": {key: entity_id},
     "assistants": [{"id": subentry_id, "name": ..., "entities": {key: entity_id}}],
     "score_maximum": {factor: points}}

Entity ids come from the entity registry (the user may have renamed them); an entity the user
disabled, or may not read, is left out, as the card would have nothing to show for it. The
command only reads, so any logged-in user may ask: the same people see the same entities on
any other dashboard.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final, TypedDict

import voluptuous as vol

from homeassistant.auth.permissions.const import POLICY_READ
from homeassistant.components import websocket_api
from homeassistant.components.websocket_api.connection import ActiveConnection
from homeassistant.components.websocket_api.decorators import websocket_command
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.helpers.entity import EntityDescription

from . import binary_sensor, button, date, select, sensor, switch
from .const import DOMAIN, unique_id
from .data import VoicePrivacyConfigEntry
from .score import MAXIMUM

COMMAND: Final = f"{DOMAIN}/model"


def _by_key(*tables: tuple[Platform, Iterable[EntityDescription]]) -> dict[str, Platform]:
    return dict(sorted((d.key, platform) for platform, table in tables for d in table))


# Every entity the hub and an assistant may have, by the key its description gives it (written
# there once). Not every hub has all of them (no automatic purge, no next purge), nor every
# assistant (that depends on its kind and links); a missing one is simply not in the answer.
HUB_ENTITIES: Final = _by_key(
    (Platform.BINARY_SENSOR, binary_sensor.HUB_BINARY_SENSORS),
    (Platform.BUTTON, button.HUB_BUTTONS),
    (Platform.SENSOR, sensor.HUB_SENSORS),
    (Platform.SWITCH, switch.HUB_SWITCHES),
)
ASSISTANT_ENTITIES: Final = _by_key(
    (Platform.BINARY_SENSOR, binary_sensor.ASSISTANT_BINARY_SENSORS),
    (Platform.BUTTON, button.ASSISTANT_BUTTONS),
    (Platform.DATE, date.ASSISTANT_DATES),
    (Platform.SELECT, select.ASSISTANT_SELECTS),
    (Platform.SENSOR, (*sensor.ASSISTANT_SENSORS, *sensor.RECORDINGS_SENSORS)),
    (Platform.SWITCH, switch.ASSISTANT_SWITCHES),
)


class AssistantModel(TypedDict):
    """One assistant: its subentry id, the name the user knows, its entities by key."""

    id: str
    name: str
    entities: dict[str, str]


class CardModel(TypedDict):
    """What the card is built from."""

    # Whether a hub is set up: one without assistants has no home-wide entities either.
    loaded: bool
    hub: dict[str, str]
    assistants: list[AssistantModel]
    score_maximum: dict[str, int]


@callback
def async_setup_websocket_api(hass: HomeAssistant) -> None:
    """Register the card's one command; it answers (empty) even before the hub is set up."""
    websocket_api.async_register_command(hass, websocket_card_model)


@callback
@websocket_command({vol.Required("type"): COMMAND})
def websocket_card_model(
    hass: HomeAssistant,
    connection: ActiveConnection,
    msg: dict[str, Any],
) -> None:
    """Answer with the card's model, limited to the entities the asking user may read."""
    permissions = connection.user.permissions
    connection.send_result(
        msg["id"],
        async_card_model(hass, lambda entity_id: permissions.check_entity(entity_id, POLICY_READ)),
    )


@callback
def async_card_model(hass: HomeAssistant, readable: Callable[[str], bool]) -> CardModel:
    """The hub's and each assistant's entities by key, sorted by name, and the score's maxima.

    While the hub is not loaded (not added yet, failed, reloading) there are no entities to
    show; the card then says the hub is not set up rather than showing stale ones.
    """
    model = CardModel(loaded=False, hub={}, assistants=[], score_maximum=dict(MAXIMUM))
    entries: list[VoicePrivacyConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        return model
    entry = entries[0]  # a single hub: the manifest allows one config entry
    model["loaded"] = True
    entity_registry = er.async_get(hass)
    device_registry = dr.async_get(hass)

    def entities(owner: str, keys: dict[str, Platform]) -> dict[str, er.RegistryEntry]:
        """The owner's enabled, readable entities by key, found by the unique ids we gave."""
        found: dict[str, er.RegistryEntry] = {}
        for key, platform in keys.items():
            entity_id = entity_registry.async_get_entity_id(platform, DOMAIN, unique_id(owner, key))
            if entity_id is None or not readable(entity_id):
                continue
            registered = entity_registry.async_get(entity_id)
            if registered is not None and not registered.disabled:
                found[key] = registered
        return found

    model["hub"] = {key: e.entity_id for key, e in entities(entry.entry_id, HUB_ENTITIES).items()}
    for assistant_id, assistant in entry.runtime_data.assistants.items():
        found = entities(assistant_id, ASSISTANT_ENTITIES)
        model["assistants"].append(
            AssistantModel(
                id=assistant_id,
                name=_device_name(device_registry, found.values()) or assistant.name,
                entities={key: e.entity_id for key, e in found.items()},
            )
        )
    model["assistants"].sort(key=lambda a: (a["name"].casefold(), a["id"]))
    return model


def _device_name(
    device_registry: dr.DeviceRegistry, entities: Iterable[er.RegistryEntry]
) -> str | None:
    """The name the user knows an assistant by: its device's, which they may have renamed.

    All of an assistant's entities sit on its device (entity.py), named after the assistant's
    own device where Home Assistant knows one, else after the assistant.
    """
    for registered in entities:
        if registered.device_id and (device := device_registry.async_get(registered.device_id)):
            return device.name_by_user or device.name
    return None
