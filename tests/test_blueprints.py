"""The shipped blueprints, loaded by Home Assistant's blueprint integration and run."""

from __future__ import annotations

from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry, async_fire_time_changed

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component

from .conftest import SATELLITE, collect_events

BLUEPRINTS = Path(__file__).parents[1] / "blueprints" / "automation" / "voice_privacy"
KITCHEN_MIC = "sensor.kitchen_device_microphone"
NEST_MIC = "sensor.nest_microphone"
PRIVACY_SWITCHES = ["switch.kitchen_device_privacy_mode", "switch.nest_privacy_mode"]


@pytest.fixture
async def blueprint_home(
    hass: HomeAssistant, tmp_path: Path, setup_hub: MockConfigEntry
) -> HomeAssistant:
    """A config folder holding the blueprints where Home Assistant looks for them."""
    hass.config.config_dir = str(tmp_path)
    await hass.config.async_set_time_zone("UTC")
    shutil.copytree(BLUEPRINTS, tmp_path / "blueprints" / "automation" / "voice_privacy")
    return hass


async def _automation(hass: HomeAssistant, blueprint: str, inputs: dict[str, Any]) -> None:
    assert await async_setup_component(
        hass,
        "automation",
        {
            "automation": {
                "id": "under_test",
                "alias": "Under test",
                "use_blueprint": {"path": f"voice_privacy/{blueprint}", "input": inputs},
            }
        },
    )
    await hass.async_block_till_done()
    state = hass.states.get("automation.under_test")
    assert state is not None
    assert state.state == "on"


async def _at(hass: HomeAssistant, freezer: FrozenDateTimeFactory, when: str) -> None:
    freezer.move_to(when)
    async_fire_time_changed(hass)
    await hass.async_block_till_done()


def test_every_blueprint_is_tested() -> None:
    """A new blueprint needs a test here."""
    assert sorted(p.name for p in BLUEPRINTS.glob("*.yaml")) == [
        "alert_listening_while_empty.yaml",
        "privacy_at_bedtime.yaml",
        "privacy_while_away.yaml",
        "privacy_while_entity_on.yaml",
        "purge_voice_history_nightly.yaml",
    ]


@pytest.mark.parametrize("expected_lingering_timers", [True])  # the time triggers stay armed
async def test_privacy_at_bedtime(
    blueprint_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """Private from bedtime, microphones back at wake-up."""
    hass = blueprint_home
    freezer.move_to("2026-11-26T21:00:00+00:00")
    await _automation(
        hass,
        "privacy_at_bedtime.yaml",
        {"assistants": PRIVACY_SWITCHES, "bedtime": "22:30:00", "wake_time": "07:00:00"},
    )
    await _at(hass, freezer, "2026-11-26T22:30:00+00:00")
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert hass.states.get(NEST_MIC).state == "powered_off"
    await _at(hass, freezer, "2026-11-27T07:00:00+00:00")
    assert hass.states.get(KITCHEN_MIC).state == "live"
    assert hass.states.get(NEST_MIC).state == "live"


async def test_privacy_while_away(blueprint_home: HomeAssistant) -> None:
    """Nobody home: private; someone back: live."""
    hass = blueprint_home
    hass.states.async_set("zone.home", "2")
    await _automation(hass, "privacy_while_away.yaml", {"assistants": PRIVACY_SWITCHES})
    hass.states.async_set("zone.home", "0")
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    hass.states.async_set("zone.home", "1")
    await hass.async_block_till_done()
    assert hass.states.get(KITCHEN_MIC).state == "live"


async def test_privacy_while_entity_on(blueprint_home: HomeAssistant) -> None:
    """A meeting on: private; off: live; unavailable keeps it private."""
    hass = blueprint_home
    hass.states.async_set("binary_sensor.meeting", "off")
    await _automation(
        hass,
        "privacy_while_entity_on.yaml",
        {"trigger_entity": "binary_sensor.meeting", "assistants": PRIVACY_SWITCHES[1:]},
    )
    hass.states.async_set("binary_sensor.meeting", "on")
    await hass.async_block_till_done()
    assert hass.states.get(NEST_MIC).state == "powered_off"
    hass.states.async_set("binary_sensor.meeting", "unavailable")
    await hass.async_block_till_done()
    assert hass.states.get(NEST_MIC).state == "powered_off"
    hass.states.async_set("binary_sensor.meeting", "on")
    hass.states.async_set("binary_sensor.meeting", "off")
    await hass.async_block_till_done()
    assert hass.states.get(NEST_MIC).state == "live"


@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_purge_nightly(blueprint_home: HomeAssistant, freezer: FrozenDateTimeFactory) -> None:
    """The nightly purge runs the action for the chosen assistants, keeping the days."""
    hass = blueprint_home
    freezer.move_to("2026-11-26T21:00:00+00:00")
    events = collect_events(hass, "voice_privacy_history_purged")
    await _automation(
        hass,
        "purge_voice_history_nightly.yaml",
        {"assistants": [NEST_MIC, KITCHEN_MIC], "at": "03:30:00", "keep_days": 3},
    )
    await _at(hass, freezer, "2026-11-27T03:30:00+00:00")
    assert sorted(e.data["assistant"] for e in events) == ["Kitchen", "Nest"]
    assert {e.data["older_than"] for e in events} == {3 * 86400}
    assert {tuple(e.data["sources"]) for e in events} == {("recorder", "debug_recordings")}


ALERT = [{"event": "alerted", "event_data": {"message": "{{ assistant }} listened ({{ at }})"}}]


async def test_alert_when_listening_while_nobody_is_home(
    blueprint_home: HomeAssistant, freezer: FrozenDateTimeFactory
) -> None:
    """The satellite listening alerts only while zone.home counts nobody."""
    hass = blueprint_home
    freezer.move_to("2026-11-27T02:13:00+00:00")
    alerts = collect_events(hass, "alerted")
    hass.states.async_set("zone.home", "1")
    await _automation(hass, "alert_listening_while_empty.yaml", {"alert": ALERT})
    hass.states.async_set(SATELLITE, "listening")
    hass.states.async_set(SATELLITE, "idle")
    await hass.async_block_till_done()
    assert alerts == []
    hass.states.async_set("zone.home", "0")
    hass.states.async_set(SATELLITE, "listening")
    await hass.async_block_till_done()
    assert [e.data["message"] for e in alerts] == ["Kitchen listened (2026-11-27T02:13:00+00:00)"]


async def test_alert_when_the_chosen_people_are_away(blueprint_home: HomeAssistant) -> None:
    """With people chosen, all must be away; one whose whereabouts are unknown is not."""
    hass = blueprint_home
    alerts = collect_events(hass, "alerted")
    hass.states.async_set("zone.home", "0")  # a guest's phone does not count
    hass.states.async_set("person.ann", "home")
    hass.states.async_set("person.bob", "not_home")
    await _automation(
        hass,
        "alert_listening_while_empty.yaml",
        {"persons": ["person.ann", "person.bob"], "alert": ALERT},
    )

    async def _listen() -> None:
        hass.states.async_set(SATELLITE, "listening")
        hass.states.async_set(SATELLITE, "idle")
        await hass.async_block_till_done()

    await _listen()
    assert alerts == []
    hass.states.async_set("person.ann", "unknown")
    await _listen()
    assert alerts == []
    hass.states.async_set("person.ann", "Work")
    await _listen()
    assert len(alerts) == 1
