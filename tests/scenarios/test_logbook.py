"""Logbook entries of microphone changes and purges, through a real recorder."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)
from pytest_homeassistant_custom_component.typing import ClientSessionGenerator

from custom_components.voice_privacy.const import DOMAIN, HistorySource
from homeassistant.core import HomeAssistant
from homeassistant.helpers.translation import async_load_integrations
from homeassistant.setup import async_setup_component
from tests.conftest import SATELLITE, setup_integration

EN_JSON = Path(__file__).parents[2] / "custom_components" / DOMAIN / "translations" / "en.json"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(recorder_mock: Any, enable_custom_integrations: None) -> None:
    """Start the recorder before Home Assistant, then load the integration."""


async def test_a_microphone_change_is_one_entry_with_its_cause(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """One change, one logbook line: the Microphone's own, saying what triggered it.

    The cause is the sensor's `cause` attribute (translated in the history and the more-info
    dialog); there is no second line of our own repeating the change.
    """
    assert await async_setup_component(hass, "logbook", {})
    await setup_integration(hass, hub_entry)
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.nest_privacy_mode"}, blocking=True
    )
    await async_wait_recording_done(hass)

    client = await hass_client()
    entries = [
        e
        for e in await (await client.get("/api/logbook")).json()
        if e.get("entity_id") == "sensor.nest_microphone" or e.get("domain") == DOMAIN
    ]
    assert [(e["entity_id"], e["state"]) for e in entries] == [
        ("sensor.nest_microphone", "powered_off")
    ]
    # Written in the context of the command that moved it: the logbook names the trigger.
    assert entries[0].get("context_domain") or entries[0].get("context_entity_id")
    state = hass.states.get("sensor.nest_microphone")
    assert state.attributes["cause"] == "privacy_switch"


async def test_logbook_says_when_an_assistant_listened(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """One line per activation, on the satellite's own entity, saying if privacy mode was on."""
    assert await async_setup_component(hass, "logbook", {})
    await setup_integration(hass, hub_entry)
    # The server's language, read when the logbook is shown (set after the entity ids).
    await hass.config.async_update(language="de")
    # What Home Assistant's translation listener does on a language change (not in tests).
    await async_load_integrations(hass, {DOMAIN})
    hass.states.async_set(SATELLITE, "listening")
    hass.states.async_set(SATELLITE, "idle")
    await hass.services.async_call(
        "switch", "turn_on", {"entity_id": "switch.kitchen_device_privacy_mode"}, blocking=True
    )
    hass.states.async_set(SATELLITE, "listening")
    await async_wait_recording_done(hass)

    client = await hass_client()
    entries = [
        e for e in await (await client.get("/api/logbook")).json() if e.get("domain") == DOMAIN
    ]
    assert [(e["name"], e["message"], e["entity_id"]) for e in entries] == [
        ("Kitchen", "hat zugehört", SATELLITE),
        ("Kitchen", "hat zugehört, obwohl sein Privatsphäre-Modus an war", SATELLITE),
    ]


async def test_logbook_shows_what_a_purge_removed(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """A purge leaves a logbook line saying what went and what was only requested."""
    assert await async_setup_component(hass, "logbook", {})
    await setup_integration(hass, hub_entry)
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
    await setup_integration(hass, hub_entry)
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


async def test_logbook_purge_line_in_french(
    hass: HomeAssistant, hub_entry: MockConfigEntry, hass_client: ClientSessionGenerator
) -> None:
    """A purge reads in French, and a cloud deletion stays only requested."""
    await hass.config.async_update(language="fr")
    await async_load_integrations(hass, {DOMAIN})
    assert await async_setup_component(hass, "logbook", {})
    await setup_integration(hass, hub_entry)
    hass.bus.async_fire(
        "voice_privacy_history_purged",
        {
            "assistant": "Echo",
            "entity_id": "sensor.echo_device_last_purge",
            "sources": {
                "recorder": {"status": "removed", "entities": ["event.a"]},
                "vendor_cloud": {"status": "requested"},
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
        "historique vocal effacé : historique du Recorder de 1 entité supprimé; "
        "suppression dans le cloud demandée (non confirmée par le fournisseur)"
    )
    assert messages == [expected]


def test_every_purge_source_has_its_logbook_words() -> None:
    """Each place a purge reaches has its line in the translations' `common` section."""
    common = json.loads(EN_JSON.read_text(encoding="utf-8"))["common"]
    assert {f"logbook_purge_{source}" for source in HistorySource} <= common.keys()
