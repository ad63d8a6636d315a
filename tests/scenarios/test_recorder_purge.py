"""Purging the recorder's history of an assistant's entities, with a real recorder."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.components.recorder import history
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er, issue_registry as ir
from homeassistant.helpers.recorder import get_instance
from homeassistant.util import dt as dt_util
from tests.conftest import ECHO_VOICE_EVENT, Devices, assistant_subentry, setup_integration

VOICE_EVENT = ECHO_VOICE_EVENT


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """Start the recorder before Home Assistant, then load the integration."""


async def _recorded(hass: HomeAssistant, entity_id: str) -> list[str]:
    start = dt_util.utcnow() - timedelta(days=30)

    def _read() -> list[str]:
        states = history.state_changes_during_period(hass, start, entity_id=entity_id)
        # Not the fixture's "never triggered" voice event: nothing was said then.
        return [
            s.attributes.get("said", "") for s in states.get(entity_id, []) if s.state != "unknown"
        ]

    return await get_instance(hass).async_add_executor_job(_read)


async def test_purge_recorder_history_of_voice_entities(
    hass: HomeAssistant,
    hub_entry: MockConfigEntry,
    devices: Devices,
    freezer: FrozenDateTimeFactory,
) -> None:
    """The Echo's voice event history older than asked goes; other entities keep theirs."""
    now = dt_util.utcnow()
    freezer.move_to(now - timedelta(days=3))
    hass.states.async_set(VOICE_EVENT, "old", {"said": "what is the weather"})
    hass.states.async_set("sensor.unrelated", "1")
    await async_wait_recording_done(hass)
    freezer.move_to(now)
    hass.states.async_set(VOICE_EVENT, "new", {"said": "turn on the lights"})
    await async_wait_recording_done(hass)
    await setup_integration(hass, hub_entry)

    dry = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": "sensor.echo_device_microphone", "sources": "recorder", "dry_run": True},
        blocking=True,
        return_response=True,
    )
    assert dry["assistants"][0]["sources"]["recorder"]["status"] == "would_remove"
    assert await _recorded(hass, VOICE_EVENT) == ["what is the weather", "turn on the lights"]

    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": "sensor.echo_device_microphone", "older_than": {"hours": 12}},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    assert response["assistants"][0]["sources"]["recorder"] == {
        "status": "removed",
        "entities": [VOICE_EVENT],  # the Echo's own entities; its switches carry no speech
        "keep_days": 1,  # 12 hours, rounded up to the recorder's whole days
    }
    assert await _recorded(hass, VOICE_EVENT) == ["turn on the lights"]
    assert len(await _recorded(hass, "sensor.unrelated")) == 1


async def test_recorder_keeping_voice_events_too_long(
    hass: HomeAssistant, hub_entry: MockConfigEntry, devices: Devices
) -> None:
    """The recorder keeping voice events longer than declared raises a repair, until purged."""
    er.async_get(hass).async_get_or_create(
        "event", "alexa_devices", "echo-voice", device_id=devices.echo.id
    )
    await setup_integration(hass, hub_entry)
    issues = ir.async_get(hass)
    await hass.services.async_call(
        "select",
        "select_option",
        {
            "entity_id": "select.echo_device_retention_at_vendor",
            "option": "not_saved",
        },
        blocking=True,
    )
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, "kept_too_long_echo_id") is not None

    await hass.services.async_call(
        "button", "press", {"entity_id": "button.echo_device_purge_voice_history"}, blocking=True
    )
    await hass.services.async_call(  # declaring again re-checks the repairs
        "date",
        "set_value",
        {"entity_id": "date.echo_device_checked_on", "date": "2026-11-26"},
        blocking=True,
    )
    await hass.async_block_till_done()
    assert issues.async_get_issue(DOMAIN, "kept_too_long_echo_id") is None

    # The declarations survive a restart.
    assert await hass.config_entries.async_reload(hub_entry.entry_id)
    await hass.async_block_till_done()
    assert hass.states.get("select.echo_device_retention_at_vendor").state == "not_saved"


async def test_purge_never_touches_what_is_not_voice_data(
    hass: HomeAssistant, devices: Devices, freezer: FrozenDateTimeFactory
) -> None:
    """A Google speaker linked to its plug's device: the plug's energy history stays.

    For Google, Apple and Other any device may be chosen, the smart plug's too; only the
    entities the kind table names as voice data are ever purged, and for those kinds there
    are none. A satellite's own purge takes its assist_satellite entity, not its other ones.
    """
    registry = er.async_get(hass)
    registry.async_get_or_create(
        "sensor", "hue", "lamp-energy", device_id=devices.lamp.id, suggested_object_id="plug_energy"
    )
    registry.async_get_or_create(
        "sensor",
        "esphome",
        "kitchen-wifi",
        device_id=devices.kitchen.id,
        suggested_object_id="kitchen_wifi",
    )
    satellite = registry.async_get_entity_id("assist_satellite", "esphome", "kitchen-satellite")
    assert satellite
    freezer.move_to(dt_util.utcnow() - timedelta(days=3))
    for entity_id in ("sensor.plug_energy", "sensor.kitchen_wifi", satellite):
        hass.states.async_set(entity_id, "1")
    await async_wait_recording_done(hass)
    freezer.move_to(dt_util.utcnow() + timedelta(days=3))

    entry = MockConfigEntry(
        domain=DOMAIN,
        data={"confirm_timeout": 1},
        subentries_data=[
            assistant_subentry(
                "Kitchen",
                "assist_satellite",
                device_id=devices.kitchen.id,
                mute="switch.kitchen_mute",
            ),
            assistant_subentry(
                "Nest", "google", device_id=devices.lamp.id, power="switch.nest_plug"
            ),
        ],
    )
    await setup_integration(hass, entry)
    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {
            "entity_id": ["sensor.kitchen_device_microphone", "sensor.lamp_device_microphone"],
            "sources": "recorder",
        },
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    recorder = {r["assistant"]: r["sources"]["recorder"] for r in response["assistants"]}
    assert recorder["Nest"] == {"status": "not_applicable", "reason": "no_voice_entities"}
    assert recorder["Kitchen"]["entities"] == [satellite]
    assert len(await _recorded(hass, "sensor.plug_energy")) == 1
    assert len(await _recorded(hass, "sensor.kitchen_wifi")) == 1
    assert await _recorded(hass, satellite) == []


async def test_a_disabled_voice_entity_is_purged_too(
    hass: HomeAssistant, setup_hub: MockConfigEntry, devices: Devices
) -> None:
    """The satellite's "Assist in progress", turned off by the user, still has old rows.

    Disabling an entity stops new history, it does not remove the old: that history is
    still the assistant's voice history, so the purge names and removes it.
    """
    registry = er.async_get(hass)
    in_progress = registry.async_get_or_create(
        "binary_sensor",
        "esphome",
        "kitchen-assist_in_progress",
        device_id=devices.kitchen.id,
        translation_key="assist_in_progress",
        suggested_object_id="kitchen_assist_in_progress",
    ).entity_id
    hass.states.async_set(in_progress, "on")
    hass.states.async_set(in_progress, "off")
    await async_wait_recording_done(hass)
    registry.async_update_entity(in_progress, disabled_by=er.RegistryEntryDisabler.USER)
    hass.states.async_remove(in_progress)
    await async_wait_recording_done(hass)
    # Its two states, and the removal where the recorder wrote it already.
    assert len(await _recorded(hass, in_progress)) >= 2

    response = await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": "sensor.kitchen_device_microphone", "sources": "recorder"},
        blocking=True,
        return_response=True,
    )
    await async_wait_recording_done(hass)
    entities = response["assistants"][0]["sources"]["recorder"]["entities"]
    assert in_progress in entities
    assert await _recorded(hass, in_progress) == []
