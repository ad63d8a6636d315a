"""Set-up, unload, removal, repairs and the logbook."""

from __future__ import annotations

from typing import Any

from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import HomeAssistant
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from homeassistant.setup import async_setup_component

from .conftest import Devices, device_owners, settle, setup_integration


async def test_unload_and_remove(
    hass: HomeAssistant, setup_hub: MockConfigEntry, hass_storage: dict[str, Any]
) -> None:
    """Unloading leaves entities unavailable; removing the hub forgets its store."""
    await hass.services.async_call(
        DOMAIN,
        "set_privacy_mode",
        {"entity_id": "sensor.nest_microphone", "enabled": True, "duration": {"hours": 1}},
        blocking=True,
    )
    key = f"{DOMAIN}.{setup_hub.entry_id}.policy"
    assert await hass.config_entries.async_unload(setup_hub.entry_id)
    assert setup_hub.state is ConfigEntryState.NOT_LOADED
    # Decisions are saved with a delay; unloading writes them at once.
    assert hass_storage[key]["data"]["nest_id"]["override"]["enabled"] is True
    assert hass.states.get("switch.nest_privacy_mode").state == "unavailable"

    assert await hass.config_entries.async_remove(setup_hub.entry_id)
    await hass.async_block_till_done()
    assert key not in hass_storage


async def test_removing_assistants_is_clean(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    devices: Devices,
    hass_storage: dict[str, Any],
) -> None:
    """A removed assistant takes its entities, own device and declarations along."""
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.nest_retention_at_vendor", "option": "3_months"},
        blocking=True,
    )
    entity_registry = er.async_get(hass)
    device_registry = dr.async_get(hass)
    own_device = next(
        device
        for device in dr.async_entries_for_config_entry(device_registry, setup_hub.entry_id)
        if (DOMAIN, "nest_id") in device.identifiers
    )
    assert own_device is not None

    assert hass.config_entries.async_remove_subentry(setup_hub, "kitchen_id")
    assert hass.config_entries.async_remove_subentry(setup_hub, "nest_id")
    await hass.async_block_till_done()

    assert entity_registry.async_get("switch.kitchen_device_privacy_mode") is None
    assert entity_registry.async_get("sensor.nest_microphone") is None
    assert device_registry.async_get(own_device.id) is None
    # The satellite's device and its own switch belong to ESPHome and stay.
    assert device_registry.async_get(devices.kitchen.id) is not None
    assert hass.states.get("switch.kitchen_mute") is not None
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "1"
    await hass.services.async_call(
        "select",
        "select_option",
        {"entity_id": "select.echo_device_retention_at_vendor", "option": "3_months"},
        blocking=True,
    )
    settings = hass_storage[f"{DOMAIN}.{setup_hub.entry_id}.settings"]["data"]
    assert set(settings) == {"echo_id"}


async def test_missing_link_repair(
    hass: HomeAssistant, setup_hub: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """A linked switch that disappears raises a repair; choosing another clears it."""
    entity_registry = er.async_get(hass)
    assert issue_registry.async_get_issue(DOMAIN, "missing_link_nest_id") is None
    entity_registry.async_remove("switch.nest_plug")
    await hass.async_block_till_done()
    issue = issue_registry.async_get_issue(DOMAIN, "missing_link_nest_id")
    assert issue is not None
    assert issue.translation_placeholders == {"assistant": "Nest", "entities": "switch.nest_plug"}
    assert hass.states.get("switch.nest_privacy_mode").state == "unavailable"

    subentry = setup_hub.subentries["nest_id"]
    hass.config_entries.async_update_subentry(
        setup_hub, subentry, data={**subentry.data, "power_entity": "switch.stuck_plug"}
    )
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, "missing_link_nest_id") is None
    assert hass.states.get("switch.nest_privacy_mode").state == "off"


async def test_repair_of_removed_assistant_is_dropped(
    hass: HomeAssistant, setup_hub: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """Removing the assistant that had a repair removes the repair."""
    er.async_get(hass).async_remove("switch.nest_plug")
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, "missing_link_nest_id")
    hass.config_entries.async_remove_subentry(setup_hub, "nest_id")
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, "missing_link_nest_id") is None


async def test_missing_link_fix_flow(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    hass_client: Any,
) -> None:
    """The repair's fix flow takes a replacement switch and the assistant works again."""
    assert await async_setup_component(hass, "repairs", {})
    er.async_get(hass).async_remove("switch.kitchen_plug")
    await hass.async_block_till_done()
    client = await hass_client()
    response = await client.post(
        "/api/repairs/issues/fix",
        json={"handler": DOMAIN, "issue_id": "missing_link_kitchen_id"},
    )
    form = await response.json()
    assert form["step_id"] == "replace"
    suggested = {
        f["name"]: f.get("description", {}).get("suggested_value") for f in form["data_schema"]
    }
    assert suggested == {"mute_entity": "switch.kitchen_mute", "power_entity": None}

    url = f"/api/repairs/issues/fix/{form['flow_id']}"
    answer = {"mute_entity": "switch.stuck_plug", "power_entity": "switch.stuck_plug"}
    result = await (await client.post(url, json=answer)).json()
    assert result["errors"] == {"base": "same_entity"}
    # Another assistant's plug is refused, naming that assistant.
    answer = {"mute_entity": "switch.kitchen_mute", "power_entity": "switch.nest_plug"}
    result = await (await client.post(url, json=answer)).json()
    assert result["errors"] == {"power_entity": "linked_elsewhere"}
    assert result["description_placeholders"]["other"] == "Nest"
    # Voice Privacy's own switches are not even offered.
    answer = {"mute_entity": "switch.kitchen_mute", "power_entity": "switch.nest_privacy_mode"}
    assert (await client.post(url, json=answer)).status == 400
    answer = {"mute_entity": "switch.kitchen_mute", "power_entity": "switch.stuck_plug"}
    result = await (await client.post(url, json=answer)).json()
    assert result["type"] == "create_entry"
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, "missing_link_kitchen_id") is None
    assert setup_hub.subentries["kitchen_id"].data["power_entity"] == "switch.stuck_plug"
    assert hass.states.get("switch.kitchen_device_privacy_mode").state == "off"


async def test_each_assistant_sits_on_its_own_device_or_one_of_ours(
    hass: HomeAssistant, setup_hub: MockConfigEntry, devices: Devices
) -> None:
    """No twin devices: an assistant with a device of its own shows its entities there.

    Where Home Assistant knows the assistant's device (a satellite, an Echo), our entities
    join it and the device is left as it was; any other assistant gets a device of ours in
    its subentry, under the hub.
    """
    registry = dr.async_get(hass)
    ours = {
        subentry: device
        for device in dr.async_entries_for_config_entry(registry, setup_hub.entry_id)
        for entry_id, subentry in device_owners(device)
        if entry_id == setup_hub.entry_id and subentry
    }
    assert set(ours) == {"nest_id"}
    assert ours["nest_id"].name == "Nest"
    entities = er.async_get(hass)
    assert entities.async_get("switch.kitchen_device_privacy_mode").device_id == devices.kitchen.id
    assert entities.async_get("sensor.echo_device_microphone").device_id == devices.echo.id
    for own in (devices.kitchen, devices.echo):
        device = registry.async_get(own.id)
        assert device is not None
        # still the other integration's own, under its own name
        assert setup_hub.entry_id not in {entry_id for entry_id, _ in device_owners(device)}
        assert device.name == own.name


async def test_a_twin_device_from_an_earlier_version_goes(
    hass: HomeAssistant, hub_entry: MockConfigEntry, devices: Devices
) -> None:
    """Our old device beside the satellite is removed; its entities move, names kept."""
    hub_entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    twin = registry.async_get_or_create(
        config_entry_id=hub_entry.entry_id,
        config_subentry_id="kitchen_id",
        identifiers={(DOMAIN, "kitchen_id")},
        name="Kitchen device",
    )
    entities = er.async_get(hass)
    old = entities.async_get_or_create(
        "switch",
        DOMAIN,
        "kitchen_id_privacy_mode",
        config_entry=hub_entry,
        config_subentry_id="kitchen_id",
        device_id=twin.id,
        suggested_object_id="my_kitchen_privacy",
    )
    await setup_integration(hass, hub_entry)
    assert registry.async_get(twin.id) is None
    moved = entities.async_get(old.entity_id)
    assert moved is not None
    assert moved.entity_id == "switch.my_kitchen_privacy"
    assert moved.device_id == devices.kitchen.id
    assert hass.states.get("switch.my_kitchen_privacy") is not None


async def test_entities_of_a_disabled_twin_stay_disabled_by_the_user(
    hass: HomeAssistant, hub_entry: MockConfigEntry, devices: Devices
) -> None:
    """Disabled with our old device: still disabled after the move, and it can be lifted."""
    hub_entry.add_to_hass(hass)
    registry = dr.async_get(hass)
    twin = registry.async_get_or_create(
        config_entry_id=hub_entry.entry_id,
        config_subentry_id="kitchen_id",
        identifiers={(DOMAIN, "kitchen_id")},
        name="Kitchen device",
    )
    entities = er.async_get(hass)
    old = entities.async_get_or_create(
        "switch",
        DOMAIN,
        "kitchen_id_privacy_mode",
        config_entry=hub_entry,
        config_subentry_id="kitchen_id",
        device_id=twin.id,
    )
    registry.async_update_device(twin.id, disabled_by=dr.DeviceEntryDisabler.USER)
    await settle(hass)
    assert entities.async_get(old.entity_id).disabled_by is er.RegistryEntryDisabler.DEVICE
    await setup_integration(hass, hub_entry)
    assert entities.async_get(old.entity_id).disabled_by is er.RegistryEntryDisabler.USER
