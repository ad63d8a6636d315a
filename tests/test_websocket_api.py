"""The card's model over the websocket: which entity is which, told by the integration."""

from __future__ import annotations

from typing import Any

from pytest_homeassistant_custom_component.common import MockConfigEntry, MockUser
from pytest_homeassistant_custom_component.typing import WebSocketGenerator

from custom_components.voice_privacy.const import DOMAIN
from custom_components.voice_privacy.score import MAXIMUM
from homeassistant.core import HomeAssistant
from homeassistant.helpers import device_registry as dr, entity_registry as er
from homeassistant.setup import async_setup_component

from .conftest import setup_integration

MODEL = {"type": f"{DOMAIN}/model"}


async def _ask(client: Any) -> dict[str, Any]:
    await client.send_json_auto_id(dict(MODEL))
    reply = await client.receive_json()
    assert reply["success"], reply
    result: dict[str, Any] = reply["result"]
    return result


async def _token(hass: HomeAssistant, user: MockUser) -> str:
    refresh = await hass.auth.async_create_refresh_token(user, "https://example")
    return hass.auth.async_create_access_token(refresh)


def _assistant(model: dict[str, Any], name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(a for a in model["assistants"] if a["name"] == name)
    return found


async def test_model_of_the_hub(
    hass: HomeAssistant, setup_hub: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    """The hub's and every assistant's entities by key, sorted by name, and the maxima."""
    model = await _ask(await hass_ws_client(hass))

    registry = er.async_get(hass)
    assert model["hub"] == {
        "all_private": "binary_sensor.voice_privacy_all_microphones_private",
        "all_private_time_today": "sensor.voice_privacy_time_all_private_today",
        "live_microphones": "sensor.voice_privacy_live_microphones",
        "privacy_ends": "sensor.voice_privacy_privacy_ends",
        "privacy_mode_all": "switch.voice_privacy_all_assistants",
        "privacy_score": "sensor.voice_privacy_score",
        "purge_history_all": "button.voice_privacy_purge_all_voice_history",
    }
    # Named as the user knows them: the satellite's and the Echo's devices, the Nest's name.
    assert [(a["id"], a["name"]) for a in model["assistants"]] == [
        ("echo_id", "Echo device"),
        ("kitchen_id", "Kitchen device"),
        ("nest_id", "Nest"),
    ]
    kitchen = _assistant(model, "Kitchen device")["entities"]
    assert kitchen["microphone"] == "sensor.kitchen_device_microphone"
    assert kitchen["privacy_mode"] == "switch.kitchen_device_privacy_mode"
    assert kitchen["purge_history"] == "button.kitchen_device_purge_voice_history"
    assert kitchen["stored_recordings"] == "sensor.kitchen_device_stored_recordings"
    # The Nest has no recordings on disk and no listening entity: not in its model.
    assert "stored_recordings" not in _assistant(model, "Nest")["entities"]
    assert "listening" not in _assistant(model, "Nest")["entities"]
    assert model["score_maximum"] == MAXIMUM

    # Every entity of the hub is in the model, once: none is missed as platforms grow.
    shown = [*model["hub"].values()]
    for assistant in model["assistants"]:
        shown.extend(assistant["entities"].values())
    registered = [
        e.entity_id for e in er.async_entries_for_config_entry(registry, setup_hub.entry_id)
    ]
    assert sorted(shown) == sorted(registered)


async def test_model_follows_the_registry(
    hass: HomeAssistant, setup_hub: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    """A renamed entity id and a renamed device are shown as renamed; a disabled entity not."""
    registry = er.async_get(hass)
    registry.async_update_entity(
        "sensor.kitchen_device_microphone", new_entity_id="sensor.kitchen_mic"
    )
    registry.async_update_entity(
        "button.nest_purge_voice_history", disabled_by=er.RegistryEntryDisabler.USER
    )
    devices = dr.async_get(hass)
    nest = registry.async_get("sensor.nest_microphone")
    assert nest is not None
    assert nest.device_id is not None
    devices.async_update_device(nest.device_id, name_by_user="Attic speaker")
    await hass.async_block_till_done()

    model = await _ask(await hass_ws_client(hass))

    assert _assistant(model, "Kitchen device")["entities"]["microphone"] == "sensor.kitchen_mic"
    attic = _assistant(model, "Attic speaker")
    assert attic["id"] == "nest_id"
    assert "purge_history" not in attic["entities"]
    assert attic["entities"]["microphone"] == "sensor.nest_microphone"
    # Sorted by the name shown.
    assert [a["name"] for a in model["assistants"]] == [
        "Attic speaker",
        "Echo device",
        "Kitchen device",
    ]


async def test_any_user_may_ask(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_ordinary_user: MockUser,
) -> None:
    """The command only reads: a user who is not an administrator gets the same model."""
    assert not hass_ordinary_user.is_admin
    owner = await _ask(await hass_ws_client(hass))
    ordinary = await _ask(await hass_ws_client(hass, await _token(hass, hass_ordinary_user)))
    assert ordinary == owner


async def test_entities_the_user_may_not_read_are_left_out(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    hass_ws_client: WebSocketGenerator,
    hass_ordinary_user: MockUser,
) -> None:
    """A user limited to some entities learns nothing of the others from the model."""
    hass_ordinary_user.mock_policy(
        {
            "entities": {
                "entity_ids": {
                    "sensor.kitchen_device_microphone": True,
                    "switch.kitchen_device_privacy_mode": True,
                }
            }
        }
    )
    model = await _ask(await hass_ws_client(hass, await _token(hass, hass_ordinary_user)))

    assert model["hub"] == {}
    assert _assistant(model, "Kitchen device")["entities"] == {
        "microphone": "sensor.kitchen_device_microphone",
        "privacy_mode": "switch.kitchen_device_privacy_mode",
    }
    assert _assistant(model, "Nest")["entities"] == {}


async def test_hub_not_loaded(
    hass: HomeAssistant, hass_ws_client: WebSocketGenerator, hub_entry: MockConfigEntry
) -> None:
    """Without a loaded hub the model is empty: not added yet, then unloaded."""
    assert await async_setup_component(hass, DOMAIN, {})
    client = await hass_ws_client(hass)
    empty = {"loaded": False, "hub": {}, "assistants": [], "score_maximum": MAXIMUM}
    assert await _ask(client) == empty

    await setup_integration(hass, hub_entry)
    assert len((await _ask(client))["assistants"]) == 3

    assert await hass.config_entries.async_unload(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert await _ask(client) == empty


async def test_takes_no_arguments(
    hass: HomeAssistant, setup_hub: MockConfigEntry, hass_ws_client: WebSocketGenerator
) -> None:
    """The model is the whole hub's; an argument that would narrow it is refused."""
    client = await hass_ws_client(hass)
    await client.send_json_auto_id({**MODEL, "assistant": "kitchen_id"})
    reply = await client.receive_json()
    assert not reply["success"]
    assert reply["error"]["code"] == "invalid_format"
