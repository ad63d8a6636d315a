"""Logbook entries of microphone changes, through a real recorder."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """Start the recorder before Home Assistant, then load the integration."""


async def test_logbook_names_the_cause(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """The logbook shows who muted what, and why."""
    assert await async_setup_component(hass, "logbook", {})
    hub_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.nest_privacy_mode"}, blocking=True
    )
    await async_wait_recording_done(hass)

    client = await hass_client()
    response = await client.get("/api/logbook")
    entries = [e for e in await response.json() if e.get("domain") == DOMAIN]
    assert [(e["name"], e["message"], e["entity_id"]) for e in entries] == [
        (
            "Nest",
            "powered off, microphone cut (privacy mode switch)",
            "sensor.nest_microphone",
        )
    ]


async def test_logbook_shows_what_a_purge_removed(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """A purge leaves a logbook line saying what went and what was only requested."""
    assert await async_setup_component(hass, "logbook", {})
    hub_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    hass.bus.async_fire(
        "voice_privacy_history_purged",
        {
            "assistant": "Echo",
            "entity_id": "sensor.echo_device_last_purge",
            "sources": {
                "recorder": {"status": "removed", "entities": ["event.a", "event.b"]},
                "debug_recordings": {"status": "not_applicable"},
                "vendor_cloud": {"status": "failed", "reason": "cloud down"},
            },
        },
    )
    await async_wait_recording_done(hass)
    client = await hass_client()
    entries = [
        e for e in await (await client.get("/api/logbook")).json() if e.get("domain") == DOMAIN
    ]
    assert [(e["name"], e["message"]) for e in entries] == [
        (
            "Echo",
            "voice history purged: recorder history of 2 entities removed; failed: vendor_cloud",
        )
    ]


async def test_logbook_says_what_a_refusing_disk_let_through(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """A purge the disk partly refused says how many recordings went all the same."""
    assert await async_setup_component(hass, "logbook", {})
    hub_entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(hub_entry.entry_id)
    await hass.async_block_till_done()
    hass.bus.async_fire(
        "voice_privacy_history_purged",
        {
            "assistant": "Kitchen",
            "entity_id": "sensor.kitchen_device_last_purge",
            "sources": {
                "debug_recordings": {
                    "status": "failed",
                    "reason": "os_error",
                    "error": "Permission denied",
                    "errors": 1,
                    "files": 2,
                    "bytes": 8,
                },
            },
        },
    )
    await async_wait_recording_done(hass)
    client = await hass_client()
    messages = [
        e["message"]
        for e in await (await client.get("/api/logbook")).json()
        if e.get("domain") == DOMAIN
    ]
    expected = (
        "voice history purged: failed: debug_recordings; "
        "2 recordings deleted before the disk refused the rest"
    )
    assert messages == [expected]
