"""What the hub claims about microphones and repairs holds: nothing assumed, nothing forgotten."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.helpers import issue_registry as ir
from homeassistant.setup import async_setup_component

from .conftest import Devices


async def _turn(hass: HomeAssistant, entity_id: str, on: bool) -> None:
    await hass.services.async_call(
        "input_boolean", "turn_on" if on else "turn_off", {"entity_id": entity_id}, blocking=True
    )
    await hass.async_block_till_done()


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
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(
        hass,
        "assist_pipeline",
        {"assist_pipeline": {"debug_recording_dir": str(tmp_path / "debug")}},
    )
    entity_id = "sensor.kitchen_device_stored_recordings"
    run = tmp_path / "debug" / devices.kitchen.id / "Home Assistant" / "1"
    run.mkdir(parents=True)
    (run / "00_wake.wav").write_bytes(b"RIFF")
    await hass.services.async_call(
        "homeassistant", "update_entity", {"entity_id": entity_id}, blocking=True
    )
    await hass.async_block_till_done()
    assert hass.states.get(entity_id).state == "1"


async def test_an_ignored_repair_stays_ignored_across_a_reload(
    hass: HomeAssistant, setup_hub: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """Reloading the hub keeps its repairs as they were; the user's Ignore holds."""
    issue_id = "unconfirmed_nest_id"
    assert issue_registry.async_get_issue(DOMAIN, issue_id) is not None
    ir.async_ignore_issue(hass, DOMAIN, issue_id, ignore=True)
    assert issue_registry.async_get_issue(DOMAIN, issue_id).dismissed_version is not None

    assert await hass.config_entries.async_reload(setup_hub.entry_id)
    await hass.async_block_till_done()
    issue = issue_registry.async_get_issue(DOMAIN, issue_id)
    assert issue is not None
    assert issue.dismissed_version is not None
    assert issue.data["kind"] == "unconfirmed"


async def test_a_removed_assistants_repairs_go(
    hass: HomeAssistant, setup_hub: MockConfigEntry, issue_registry: ir.IssueRegistry
) -> None:
    """Removing an assistant removes its repairs, and only its."""
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_nest_id") is not None
    hass.config_entries.async_remove_subentry(setup_hub, "nest_id")
    await hass.async_block_till_done()
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_nest_id") is None
    assert issue_registry.async_get_issue(DOMAIN, "unconfirmed_echo_id") is not None
