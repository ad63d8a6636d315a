"""The hub's config flow and the assistant subentry flow, every path."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.config_entries import SOURCE_RECONFIGURE, SOURCE_USER, ConfigSubentry
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType, InvalidData
from homeassistant.helpers import entity_registry as er

from .conftest import Devices, assistant_subentry, setup_integration, subentry_id


async def test_hub_flow_creates_single_entry(hass: HomeAssistant) -> None:
    """The hub is created once; a second attempt aborts."""
    result = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"confirm_timeout": 15}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Voice Privacy"
    assert result["data"] == {"confirm_timeout": 15}
    await hass.async_block_till_done()

    again = await hass.config_entries.flow.async_init(DOMAIN, context={"source": SOURCE_USER})
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "single_instance_allowed"


@pytest.mark.usefixtures("devices")
async def test_hub_reconfigure(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """The confirmation timeout can be changed, and the hub reloads with it."""
    result = await setup_hub.start_reconfigure_flow(hass)
    assert result["type"] is FlowResultType.FORM
    result = await hass.config_entries.flow.async_configure(
        result["flow_id"], {"confirm_timeout": 30}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert setup_hub.data == {"confirm_timeout": 30}
    assert setup_hub.runtime_data.confirm_timeout == 30


async def _empty_hub(hass: HomeAssistant) -> MockConfigEntry:
    entry = MockConfigEntry(domain=DOMAIN, title="Voice Privacy", data={"confirm_timeout": 5})
    await setup_integration(hass, entry)
    return entry


async def _start(hass: HomeAssistant, entry: MockConfigEntry, kind: str) -> dict[str, Any]:
    result = await hass.config_entries.subentries.async_init(
        (entry.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    assert result["type"] is FlowResultType.FORM
    assert result["step_id"] == "user"
    return await hass.config_entries.subentries.async_configure(result["flow_id"], {"kind": kind})


def _suggested(result: dict[str, Any], key: str) -> Any:
    for field in result["data_schema"].schema:
        if field == key:
            return (field.description or {}).get("suggested_value")
    raise AssertionError(key)


async def test_add_satellite_finds_its_mute_switch(hass: HomeAssistant, devices: Devices) -> None:
    """The satellite's mute switch is suggested; our device hangs off the satellite's."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, "assist_satellite")
    assert result["step_id"] == "device"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": devices.kitchen.id}
    )
    assert result["step_id"] == "controls"
    assert _suggested(result, "mute_entity") == "switch.kitchen_mute"
    assert "dnd_entity" not in result["data_schema"].schema
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"mute_entity": "switch.kitchen_mute"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Kitchen device"
    await hass.async_block_till_done()

    subentry = entry.subentries[subentry_id(entry, "Kitchen device")]
    assert subentry.unique_id == devices.kitchen.id
    assert subentry.data == {
        "kind": "assist_satellite",
        "device_id": devices.kitchen.id,
        "mute_entity": "switch.kitchen_mute",
    }
    state = hass.states.get("switch.kitchen_device_privacy_mode")
    assert state is not None
    assert state.state == "off"

    again = await _start(hass, entry, "assist_satellite")
    again = await hass.config_entries.subentries.async_configure(
        again["flow_id"], {"device_id": devices.kitchen.id}
    )
    assert again["type"] is FlowResultType.ABORT
    assert again["reason"] == "already_configured"


async def test_add_alexa_with_dnd_only(hass: HomeAssistant, devices: Devices) -> None:
    """An Echo with only Do-Not-Disturb gets a microphone sensor but no privacy switch."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, "alexa")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": devices.echo.id, "name": " Living room Echo "}
    )
    assert _suggested(result, "dnd_entity") == "switch.echo_native_dnd"
    assert "mute_entity" not in result["data_schema"].schema
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"dnd_entity": "switch.echo_dnd"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    assert result["title"] == "Living room Echo"
    await hass.async_block_till_done()
    assert hass.states.get("sensor.echo_device_microphone").state == "live"
    assert hass.states.get("switch.echo_device_privacy_mode") is None


@pytest.mark.parametrize(
    ("kind", "reason"),
    [("assist_satellite", "no_assist_satellite_devices"), ("alexa", "no_alexa_devices")],
)
async def test_abort_without_devices(hass: HomeAssistant, kind: str, reason: str) -> None:
    """Kinds that need a known device abort when Home Assistant has none."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, kind)
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == reason


async def test_device_step_errors(hass: HomeAssistant, devices: Devices) -> None:
    """A wrong device or a missing name is refused and the form keeps the input."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, "assist_satellite")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": devices.lamp.id}
    )
    assert result["errors"] == {"device_id": "invalid_device"}
    # An empty submit says why the device is needed, not just "required fields".
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["errors"] == {"device_id": "device_required"}

    result = await _start(hass, entry, "google")
    result = await hass.config_entries.subentries.async_configure(result["flow_id"], {})
    assert result["errors"] == {"name": "name_required"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": "no-such-device", "name": "Nest"}
    )
    assert result["errors"] == {"device_id": "invalid_device"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Nest"}
    )
    assert result["step_id"] == "controls"


async def test_controls_step_errors(hass: HomeAssistant, devices: Devices) -> None:
    """No control, an unknown entity or one entity twice are refused."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, "other")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Old speaker"}
    )
    flow_id = result["flow_id"]
    result = await hass.config_entries.subentries.async_configure(flow_id, {})
    assert result["errors"] == {"base": "no_controls"}
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {"power_entity": "switch.does_not_exist"}
    )
    assert result["errors"] == {"power_entity": "entity_not_found"}
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {"mute_entity": "switch.stuck_plug", "power_entity": "switch.stuck_plug"}
    )
    assert result["errors"] == {"base": "same_entity"}
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {"power_entity": "switch.stuck_plug"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    # No device in Home Assistant: the assistant gets a device of its own.
    assert hass.states.get("switch.old_speaker_privacy_mode") is not None


async def test_reconfigure_assistant(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """Linked switches and the name can be changed; errors keep the input."""
    nest = subentry_id(setup_hub, "Nest")
    result = await hass.config_entries.subentries.async_init(
        (setup_hub.entry_id, SUBENTRY_ASSISTANT),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": nest},
    )
    assert result["step_id"] == "reconfigure"
    assert _suggested(result, "power_entity") == "switch.nest_plug"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "  ", "power_entity": "switch.nest_plug"}
    )
    assert result["errors"] == {"name": "name_required"}
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Nest Mini", "power_entity": "switch.stuck_plug"}
    )
    assert result["type"] is FlowResultType.ABORT
    assert result["reason"] == "reconfigure_successful"
    await hass.async_block_till_done()
    assert setup_hub.subentries[nest].title == "Nest Mini"
    assert setup_hub.subentries[nest].data["power_entity"] == "switch.stuck_plug"
    assistant = setup_hub.runtime_data.assistants[nest]
    assert assistant.links.power_entity == "switch.stuck_plug"


async def test_options_flow_sets_the_rules(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """Rules and the purge are options in sections, stored flat; an unknown schedule is refused."""
    result = await hass.config_entries.options.async_init(setup_hub.entry_id)
    assert result["type"] is FlowResultType.FORM
    sections = {str(key): value for key, value in result["data_schema"].schema.items()}
    assert list(sections) == ["schedule", "away", "purge", "checks"]
    assistants = {
        option["value"]
        for field, selector in sections["schedule"].schema.schema.items()
        if field == "schedule_assistants"
        for option in selector.config["options"]
    }
    assert assistants == {"kitchen_id", "echo_id", "nest_id"}
    times = [
        option["label"]
        for field, selector in sections["purge"].schema.schema.items()
        if field == "purge_time"
        for option in selector.config["options"]
    ]
    assert times[:2] == ["00:00", "00:30"]  # no seconds asked
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "schedule": {"schedule_entity": "input_boolean.nope"},
            "away": {"away_privacy": False},
            "purge": {"auto_purge": False, "purge_time": "03:30:00", "purge_keep_days": 7},
            "checks": {"max_retention_months": 3, "confirm_every_days": 180},
        },
    )
    assert result["errors"] == {"base": "schedule_not_found"}
    result = await hass.config_entries.options.async_configure(
        result["flow_id"],
        {
            "schedule": {
                "schedule_entity": "input_boolean.night",
                "schedule_assistants": ["nest_id"],
            },
            "away": {"away_privacy": False},
            "purge": {"auto_purge": True, "purge_time": "04:00:00", "purge_keep_days": 30},
            "checks": {"max_retention_months": 3, "confirm_every_days": 180},
        },
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await hass.async_block_till_done()
    assert setup_hub.options["purge_keep_days"] == 30
    assert setup_hub.options["schedule_assistants"] == ["nest_id"]  # flat, as before
    assert hass.states.get("binary_sensor.voice_privacy_schedule_active").state == "off"
    assert hass.states.get("sensor.voice_privacy_next_automatic_purge") is not None
    await hass.services.async_call(
        "input_boolean", "turn_on", {"entity_id": "input_boolean.night"}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get("sensor.nest_microphone").state == "powered_off"
    assert hass.states.get("sensor.kitchen_device_microphone").state == "live"


def _excluded(result: dict[str, Any], key: str) -> list[str]:
    for field, selector in result["data_schema"].schema.items():
        if field == key:
            return list(selector.config.get("exclude_entities", []))
    raise AssertionError(key)


async def test_own_entities_and_switches_in_use_are_refused(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """Voice Privacy's own switches and another assistant's switch cannot be linked.

    A privacy switch chosen as a "smart plug" would show the assistant powered off and
    private while nothing is cut: our own entities are left out of the pickers and refused.
    A plug already serving another assistant is refused with that assistant's name.
    """
    result = await _start(hass, setup_hub, "other")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Old speaker"}
    )
    excluded = _excluded(result, "power_entity")
    assert "switch.voice_privacy_all_assistants" in excluded
    assert "switch.nest_privacy_mode" in excluded
    assert "switch.stuck_plug" not in excluded
    assert "switch.nest_plug" not in excluded  # shown, so the error can say whose it is
    flow_id = result["flow_id"]
    for own in ("switch.voice_privacy_all_assistants", "switch.nest_privacy_mode"):
        with pytest.raises(InvalidData):
            await hass.config_entries.subentries.async_configure(flow_id, {"power_entity": own})
    result = await hass.config_entries.subentries.async_configure(
        flow_id, {"power_entity": "switch.nest_plug"}
    )
    assert result["errors"] == {"power_entity": "linked_elsewhere"}
    assert result["description_placeholders"]["other"] == "Nest"


async def test_reconfigure_keeps_its_own_switch_and_refuses_another(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """An assistant may keep its own switches, not take another assistant's."""
    nest = subentry_id(setup_hub, "Nest")
    result = await hass.config_entries.subentries.async_init(
        (setup_hub.entry_id, SUBENTRY_ASSISTANT),
        context={"source": SOURCE_RECONFIGURE, "subentry_id": nest},
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Nest", "power_entity": "switch.kitchen_plug"}
    )
    assert result["errors"] == {"power_entity": "linked_elsewhere"}
    assert result["description_placeholders"]["other"] == "Kitchen"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "Nest", "power_entity": "switch.nest_plug"}
    )
    assert result["reason"] == "reconfigure_successful"


async def test_controls_step_names_what_a_purge_clears(
    hass: HomeAssistant, devices: Devices
) -> None:
    """The flow shows which of the device's entities a history purge would clear."""
    entry = await _empty_hub(hass)
    result = await _start(hass, entry, "assist_satellite")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": devices.kitchen.id}
    )
    assert result["description_placeholders"]["voice_entities"].startswith("assist_satellite.")
    result = await _start(hass, entry, "google")
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": devices.lamp.id, "name": "Nest"}
    )
    assert result["description_placeholders"]["voice_entities"] == "-"


async def test_a_hub_without_assistants_claims_no_numbers(hass: HomeAssistant) -> None:
    """Before any assistant is added: no score, no claim about microphones, no "Unknown".

    The home-wide entities come with the first assistant (a reload adds them).
    """
    entry = await _empty_hub(hass)
    assert er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id) == []
    assert hass.states.get("sensor.voice_privacy_score") is None

    hass.states.async_set("switch.office_plug", "on")
    office = ConfigSubentry(
        data=assistant_subentry("Office", "other", power="switch.office_plug")["data"],
        subentry_type=SUBENTRY_ASSISTANT,
        title="Office",
        unique_id=None,
    )
    hass.config_entries.async_add_subentry(entry, office)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert hass.states.get("sensor.voice_privacy_score").state.isdigit()
    assert hass.states.get("binary_sensor.voice_privacy_all_microphones_private").state == "off"

    # Without its last assistant, the hub leaves no "no longer provided" entity behind.
    hass.config_entries.async_remove_subentry(entry, office.subentry_id)
    await hass.async_block_till_done(wait_background_tasks=True)
    assert er.async_entries_for_config_entry(er.async_get(hass), entry.entry_id) == []
    assert hass.states.get("sensor.voice_privacy_score") is None


async def test_own_entity_by_registry_id(hass: HomeAssistant, setup_hub: MockConfigEntry) -> None:
    """Our own privacy switch given by its registry id passes the picker and validation."""
    own = er.async_get(hass).async_get("switch.kitchen_device_privacy_mode")
    assert own is not None
    result = await hass.config_entries.subentries.async_init(
        (setup_hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "apple"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "HomePod"}
    )
    assert result["step_id"] == "controls"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"power_entity": own.id}
    )
    assert result["type"] is FlowResultType.FORM, result.get("data")


async def test_other_assistants_switch_by_registry_id(
    hass: HomeAssistant, setup_hub: MockConfigEntry
) -> None:
    """The Nest's plug given by its registry id is not seen as linked elsewhere."""
    plug = er.async_get(hass).async_get("switch.nest_plug")
    assert plug is not None
    result = await hass.config_entries.subentries.async_init(
        (setup_hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "apple"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"name": "HomePod"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"power_entity": plug.id}
    )
    assert result["type"] is FlowResultType.FORM, result.get("data")
