"""The shipped blueprints, loaded by Home Assistant's blueprint integration and run."""

from __future__ import annotations

from collections.abc import AsyncGenerator
from datetime import datetime
from pathlib import Path
import shutil
from typing import Any

from freezegun.api import FrozenDateTimeFactory
import pytest
from pytest_homeassistant_custom_component.common import (
    MockConfigEntry,
    MockModule,
    async_fire_time_changed,
    mock_config_flow,
    mock_integration,
    mock_platform,
    setup_test_component_platform,
)
from pytest_homeassistant_custom_component.components.recorder.common import (
    async_wait_recording_done,
)

from custom_components.voice_privacy.const import DOMAIN
from homeassistant.components.notify import NotifyEntity, NotifyEntityFeature
from homeassistant.components.recorder.models import StatisticMeanType
from homeassistant.components.recorder.statistics import async_import_statistics
from homeassistant.config_entries import ConfigEntry, ConfigFlow
from homeassistant.const import Platform
from homeassistant.core import HomeAssistant
from homeassistant.helpers import entity_registry as er
from homeassistant.setup import async_setup_component
from tests.conftest import SATELLITE, collect_events, setup_debug_recordings, setup_integration

BLUEPRINTS = Path(__file__).parents[2] / "blueprints" / "automation" / "voice_privacy"
KITCHEN_MIC = "sensor.kitchen_device_microphone"
NEST_MIC = "sensor.nest_microphone"
PRIVACY_SWITCHES = ["switch.kitchen_device_privacy_mode", "switch.nest_privacy_mode"]


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(request: pytest.FixtureRequest) -> None:
    """Load the integration; a test reading statistics starts the recorder before that."""
    if "recorder_mock" in request.fixturenames:
        request.getfixturevalue("recorder_mock")
    request.getfixturevalue("enable_custom_integrations")


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
        "weekly_privacy_report.yaml",
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


class _Phone(NotifyEntity):
    """A notify entity keeping what it was sent."""

    _attr_name = "Phone"
    _attr_unique_id = "phone"
    _attr_supported_features = NotifyEntityFeature.TITLE

    def __init__(self) -> None:
        self.sent: list[tuple[str | None, str]] = []

    async def async_send_message(self, message: str, title: str | None = None) -> None:
        self.sent.append((title, message))


@pytest.fixture
async def phone(hass: HomeAssistant) -> AsyncGenerator[_Phone]:
    """A notify entity, notify.phone, from a config entry as notify entities come."""

    async def _setup_entry(hass: HomeAssistant, entry: ConfigEntry) -> bool:
        await hass.config_entries.async_forward_entry_setups(entry, [Platform.NOTIFY])
        return True

    mock_integration(hass, MockModule("test", async_setup_entry=_setup_entry))
    mock_platform(hass, "test.config_flow")
    phone = _Phone()
    setup_test_component_platform(hass, Platform.NOTIFY, [phone], from_config_entry=True)
    with mock_config_flow("test", ConfigFlow):
        entry = MockConfigEntry(domain="test")
        await setup_integration(hass, entry)
        assert hass.states.get("notify.phone") is not None
        yield phone


def _sensor(hass: HomeAssistant, assistant: str, key: str) -> str:
    entity_id = er.async_get(hass).async_get_entity_id("sensor", DOMAIN, f"{assistant}_id_{key}")
    assert entity_id is not None
    return entity_id


def _import_sums(
    hass: HomeAssistant, entity_id: str, unit: str | None, sums: dict[str, float]
) -> None:
    """Hourly long-term statistics of a counter, as the recorder compiles them (UTC hours)."""
    async_import_statistics(
        hass,
        {
            "mean_type": StatisticMeanType.NONE,
            "has_sum": True,
            "name": None,
            "source": "recorder",
            "statistic_id": entity_id,
            "unit_class": "duration" if unit else None,
            "unit_of_measurement": unit,
        },
        [{"start": datetime.fromisoformat(at), "sum": total} for at, total in sums.items()],
    )


@pytest.mark.parametrize("expected_lingering_timers", [True])
async def test_weekly_privacy_report(
    recorder_mock: Any,
    blueprint_home: HomeAssistant,
    phone: _Phone,
    freezer: FrozenDateTimeFactory,
    tmp_path: Path,
) -> None:
    """Monday's report sums the statistics of the seven local days before it, per assistant."""
    hass = blueprint_home
    await hass.config.async_set_time_zone("Europe/Amsterdam")  # UTC+1: days start at 23:00 UTC
    reports = collect_events(hass, "report")
    # The Kitchen's last purge, Friday night (of its debug recordings: there is a folder).
    await setup_debug_recordings(hass, tmp_path / "debug")
    freezer.move_to("2026-11-28T02:30:00+00:00")
    await hass.services.async_call(
        DOMAIN,
        "purge_history",
        {"entity_id": _sensor(hass, "kitchen", "microphone"), "sources": "debug_recordings"},
        blocking=True,
    )
    private = {a: _sensor(hass, a, "private_time_today") for a in ("kitchen", "echo", "nest")}
    activations = {a: _sensor(hass, a, "activations_today") for a in ("kitchen", "echo")}
    listened = {a: _sensor(hass, a, "listened_while_private_today") for a in ("kitchen", "echo")}
    # Before the week (Sunday 22:00 local), in it, and today (Monday 00:00 local): only the
    # week's changes count.
    _import_sums(
        hass,
        private["kitchen"],
        "h",
        {
            "2026-11-22T21:00:00+00:00": 5,
            "2026-11-22T23:00:00+00:00": 7.5,
            "2026-11-26T12:00:00+00:00": 11.5,
            "2026-11-29T22:00:00+00:00": 17.5,
            "2026-11-29T23:00:00+00:00": 20.5,
        },
    )
    _import_sums(
        hass,
        activations["kitchen"],
        None,
        {
            "2026-11-22T22:00:00+00:00": 3,
            "2026-11-23T08:00:00+00:00": 13,
            "2026-11-28T18:00:00+00:00": 37,
            "2026-11-30T06:00:00+00:00": 40,
        },
    )
    _import_sums(hass, listened["kitchen"], None, {"2026-11-25T01:00:00+00:00": 2})
    _import_sums(hass, private["echo"], "h", {"2026-11-24T10:00:00+00:00": 1})
    _import_sums(hass, activations["echo"], None, {"2026-11-24T10:00:00+00:00": 1})
    await async_wait_recording_done(hass)

    freezer.move_to("2026-11-29T07:00:00+00:00")  # Sunday
    await _automation(
        hass,
        "weekly_privacy_report.yaml",
        {
            "private_time_sensors": list(private.values()),
            "activation_sensors": list(activations.values()),
            "listened_while_private_sensors": list(listened.values()),
            "last_purge_sensors": [_sensor(hass, a, "last_purge") for a in ("kitchen", "nest")],
            "weekday": "mon",
            "time": "09:00:00",
            "notify_entities": ["notify.phone"],
            "other_actions": [
                {"event": "report", "event_data": {"title": "{{ title }}", "text": "{{ message }}"}}
            ],
        },
    )
    await _at(hass, freezer, "2026-11-29T08:00:00+00:00")  # Sunday 09:00: not the day
    assert phone.sent == []
    await _at(hass, freezer, "2026-11-30T08:00:00+00:00")  # Monday 09:00
    assert [title for title, _ in phone.sent] == ["Weekly privacy report"]
    assert phone.sent[0][1].splitlines() == [
        "Last 7 days, 2026-11-23 to 2026-11-29:",
        (
            "Kitchen device: 12.5 h private, 34 activations,"
            " listened 2 times while private, last purge 2026-11-28 03:30"
        ),
        "Echo device: 1.0 h private, 1 activation, listened 0 times while private",
        "Nest: 0.0 h private, last purge never",
    ]
    assert [(e.data["title"], e.data["text"]) for e in reports] == phone.sent
