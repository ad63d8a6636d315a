"""What the hub claims about microphones and repairs holds: nothing assumed, nothing forgotten."""

from __future__ import annotations

from pathlib import Path

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN, SUBENTRY_ASSISTANT
from homeassistant.config_entries import SOURCE_USER
from homeassistant.core import HomeAssistant
from homeassistant.data_entry_flow import FlowResultType
from homeassistant.helpers import (
    device_registry as dr,
    entity_registry as er,
    issue_registry as ir,
)
from tests.conftest import (
    Devices,
    after_first_week,
    settle,
    setup_debug_recordings,
    setup_integration,
)


async def _turn(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await hass.services.async_call(
        "input_boolean", "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )
    await settle(hass)


@pytest.mark.usefixtures("setup_hub")
async def test_an_unknown_microphone_counts_as_live(hass: HomeAssistant) -> None:
    """A plug gone offline leaves the Nest's microphone unknown: it may be listening."""
    await _turn(hass, "input_boolean.kitchen_mute_state", True)
    await _turn(hass, "input_boolean.echo_plug_state", False)
    live = hass.states.get("sensor.voice_privacy_live_microphones")
    assert live.state == "1"
    assert live.attributes["assistants"] == ["Nest"]

    await _turn(hass, "input_boolean.nest_plug_offline", True)
    assert hass.states.get("sensor.nest_microphone").state == "unavailable"  # nothing tells
    live = hass.states.get("sensor.voice_privacy_live_microphones")
    assert live.state == "1"  # not 0: unknown is not private
    assert live.attributes["assistants"] == ["Nest"]
    assert live.attributes["unknown"] == ["Nest"]


async def test_update_entity_counts_recordings_again(
    hass: HomeAssistant, setup_hub: MockConfigEntry, devices: Devices, tmp_path: Path
) -> None:
    """homeassistant.update_entity on Stored recordings counts them now."""
    await setup_debug_recordings(hass, tmp_path / "debug")
    entity_id = "sensor.kitchen_device_stored_recordings"
    run = tmp_path / "debug" / devices.kitchen.id / "Home Assistant" / "1"
    run.mkdir(parents=True)
    (run / "00_wake.wav").write_bytes(b"RIFF")
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": entity_id}, blocking=True
    )
    await settle(hass)
    assert hass.states.get(entity_id).state == "1"


async def test_an_ignored_repair_stays_ignored_across_a_reload(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Reloading the hub keeps its repairs as they were; the user's Ignore holds."""
    await after_first_week(hass, freezer)
    issue_id = "unconfirmed_nest_id"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    ir.async_ignore_issue(hass, DOMAIN, issue_id, ignore=True)
    assert issue_registry.async_get_issue(DOMAIN, issue_id).dismissed_version is not None

    assert await hass.config_entries.async_reload(setup_hub.entry_id)
    await settle(hass)
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.dismissed_version is not None
    assert issue.data["kind"] == "unconfirmed"


async def test_a_removed_assistants_repairs_go(
    hass: HomeAssistant,
    setup_hub: MockConfigEntry,
    issue_registry: ir.IssueRegistry,
    freezer: FrozenDateTimeFactory,
) -> None:
    """Removing an assistant removes its repairs, and only its."""
    await after_first_week(hass, freezer)
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_nest_id") is not None
    hass.config_entries.async_remove_subentry(setup_hub, "nest_id")
    await settle(hass)
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_nest_id") is None
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_echo_id") is not None


async def test_a_speaker_that_only_reports_its_microphone(hass: HomeAssistant) -> None:
    """A Sonos speaker's read-only Microphone sensor: known from the device, never switched.

    Linked alone, the assistant's microphone state is device-confirmed, it counts in the
    home-wide entities, and privacy mode is not offered since nothing can switch it.
    """
    sonos = MockConfigEntry(domain="sonos", title="Sonos")
    sonos.add_to_hass(hass)
    device = dr.async_get(hass).async_get_or_create(
        config_entry_id=sonos.entry_id, identifiers={("sonos", "living")}, name="Living Room"
    )
    er.async_get(hass).async_get_or_create(
        "binary_sensor",
        "sonos",
        "living-microphone",
        device_id=device.id,
        translation_key="microphone",
        suggested_object_id="living_room_microphone",
    )
    hass.states.async_set("binary_sensor.living_room_microphone", "on")
    hub = MockConfigEntry(domain=DOMAIN, title="Voice Privacy", data={"confirm_timeout": 1})
    await setup_integration(hass, hub)

    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "alexa"}
    )
    assert result["type"] is FlowResultType.ABORT  # no Alexa Devices Echo here: as Other
    result = await hass.config_entries.subentries.async_init(
        (hub.entry_id, SUBENTRY_ASSISTANT), context={"source": SOURCE_USER}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"kind": "other"}
    )
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"device_id": device.id}
    )
    suggested = {
        str(key): (key.description or {}).get("suggested_value")
        for key in result["data_schema"].schema
    }
    assert suggested["microphone_sensor"] == "binary_sensor.living_room_microphone"
    result = await hass.config_entries.subentries.async_configure(
        result["flow_id"], {"microphone_sensor": "binary_sensor.living_room_microphone"}
    )
    assert result["type"] is FlowResultType.CREATE_ENTRY
    await settle(hass)

    microphone = hass.states.get("sensor.living_room_microphone")
    assert microphone.state == "live"
    assert microphone.attributes["confirmed_by"] == "device"
    assert microphone.attributes["decided_by"] == "binary_sensor.living_room_microphone"
    assert hass.states.get("switch.living_room_privacy_mode") is None
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "1"

    hass.states.async_set("binary_sensor.living_room_microphone", "off")  # switch on the speaker
    await settle(hass)
    assert hass.states.get("sensor.living_room_microphone").state == "muted"
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "0"
    assert hass.states.get("binary_sensor.voice_privacy_all_microphones_private").state == "on"


@pytest.mark.usefixtures("setup_hub")
async def test_a_state_only_home_assistant_holds_is_not_claimed_as_the_devices(
    hass: HomeAssistant,
) -> None:
    """Template switches stand in for devices here: their state is Home Assistant's only."""
    microphone = hass.states.get("sensor.kitchen_device_microphone")
    assert microphone.attributes["decided_by"] == "switch.kitchen_mute"
    assert microphone.attributes["confirmed_by"] == "home_assistant"
