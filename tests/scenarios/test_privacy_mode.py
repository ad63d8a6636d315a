"""Privacy mode against real template switches, and what the entities read back."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.const import CONF_POWER_ENTITY
from homeassistant.const import (
    EVENT_CALL_SERVICE,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from tests.conftest import settle, setup_hub_with_nest_plug

KITCHEN_PRIVACY = "switch.kitchen_device_privacy_mode"
KITCHEN_MIC = "sensor.kitchen_device_microphone"


async def _switch(hass: HomeAssistant, service: str, entity_id: str) -> None:
    await hass.services.async_call("switch", service, {"entity_id": entity_id}, blocking=True)


async def _set_boolean(hass: HomeAssistant, name: str, on: bool) -> None:
    await hass.services.async_call(
        "input_boolean",
        SERVICE_TURN_ON if on else SERVICE_TURN_OFF,
        {"entity_id": f"input_boolean.{name}"},
        blocking=True,
    )
    await settle(hass)


@pytest.mark.usefixtures("setup_hub")
async def test_privacy_on_mutes_the_satellite_and_reads_back(
    hass: HomeAssistant, events: list[Any]
) -> None:
    """Turning privacy on switches the satellite's own mute, not its plug."""
    assert hass.states.get(KITCHEN_PRIVACY).state == STATE_OFF
    assert hass.states.get(KITCHEN_MIC).state == "live"

    await _switch(hass, SERVICE_TURN_ON, KITCHEN_PRIVACY)

    assert hass.states.get("switch.kitchen_mute").state == STATE_ON
    assert hass.states.get("switch.kitchen_plug").state == STATE_ON
    assert hass.states.get(KITCHEN_PRIVACY).state == STATE_ON
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert [(e.data["assistant"], e.data["microphone"], e.data["cause"]) for e in events] == [
        ("Kitchen", "muted", "privacy_switch")
    ]
    assert events[0].data["previous"] == "live"
    assert events[0].data["entity_id"] == KITCHEN_MIC

    await _switch(hass, SERVICE_TURN_OFF, KITCHEN_PRIVACY)
    assert hass.states.get("switch.kitchen_mute").state == STATE_OFF
    assert hass.states.get(KITCHEN_MIC).state == "live"
    assert events[-1].data["cause"] == "privacy_switch"


@pytest.mark.usefixtures("setup_hub")
async def test_device_changes_are_pushed(hass: HomeAssistant, events: list[Any]) -> None:
    """A mute pressed on the device itself shows up at once, with the device as cause."""
    await _set_boolean(hass, "kitchen_mute_state", True)
    assert hass.states.get(KITCHEN_PRIVACY).state == STATE_ON
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert events[-1].data["cause"] == "device"


@pytest.mark.usefixtures("setup_hub")
async def test_power_cut_wins_over_an_unavailable_mute(hass: HomeAssistant) -> None:
    """With the plug off the satellite's mute switch is gone, yet privacy is on."""
    await _set_boolean(hass, "kitchen_mute_offline", True)
    await _set_boolean(hass, "kitchen_plug_state", False)
    assert hass.states.get(KITCHEN_MIC).state == "powered_off"
    assert hass.states.get(KITCHEN_PRIVACY).state == STATE_ON


@pytest.mark.usefixtures("setup_hub")
async def test_privacy_off_restores_power_then_unmutes(hass: HomeAssistant) -> None:
    """Giving the microphone back turns the plug on first, then unmutes."""
    await _set_boolean(hass, "kitchen_mute_state", True)
    await _set_boolean(hass, "kitchen_plug_state", False)
    await _switch(hass, SERVICE_TURN_OFF, KITCHEN_PRIVACY)
    assert hass.states.get("switch.kitchen_plug").state == STATE_ON
    assert hass.states.get("switch.kitchen_mute").state == STATE_OFF
    assert hass.states.get(KITCHEN_MIC).state == "live"


@pytest.mark.usefixtures("setup_hub")
async def test_falls_back_to_power_cut_when_mute_is_unavailable(hass: HomeAssistant) -> None:
    """A satellite whose mute switch does not answer is cut at the plug."""
    await _set_boolean(hass, "kitchen_mute_offline", True)
    assert hass.states.get(KITCHEN_MIC).state == "unknown"
    await _switch(hass, SERVICE_TURN_ON, KITCHEN_PRIVACY)
    assert hass.states.get("switch.kitchen_plug").state == STATE_OFF
    assert hass.states.get(KITCHEN_MIC).state == "powered_off"


@pytest.mark.usefixtures("setup_hub")
async def test_power_only_assistant(hass: HomeAssistant) -> None:
    """A Nest has no remote mute: privacy is a power cut, said as such."""
    await _switch(hass, SERVICE_TURN_ON, "switch.nest_privacy_mode")
    assert hass.states.get("switch.nest_plug").state == STATE_OFF
    assert hass.states.get("sensor.nest_microphone").state == "powered_off"
    await _switch(hass, SERVICE_TURN_OFF, "switch.nest_privacy_mode")
    assert hass.states.get("sensor.nest_microphone").state == "live"


@pytest.mark.usefixtures("setup_hub")
async def test_do_not_disturb_is_still_listening(hass: HomeAssistant) -> None:
    """Do-Not-Disturb is shown, and counted as a live microphone."""
    await _set_boolean(hass, "echo_dnd_state", True)
    assert hass.states.get("sensor.echo_device_microphone").state == "do_not_disturb"
    assert hass.states.get("switch.echo_device_privacy_mode").state == STATE_OFF
    live = hass.states.get("sensor.voice_privacy_live_microphones")
    assert live.state == "3"
    assert live.attributes["assistants"] == ["Echo", "Kitchen", "Nest"]


@pytest.mark.usefixtures("setup_hub")
async def test_unavailable_and_back(hass: HomeAssistant) -> None:
    """Entities follow their linked entities into unavailability and back out."""
    await _set_boolean(hass, "nest_plug_offline", True)
    assert hass.states.get("switch.nest_privacy_mode").state == "unavailable"
    assert hass.states.get("sensor.nest_microphone").state == "unavailable"
    await _set_boolean(hass, "nest_plug_offline", False)
    assert hass.states.get("switch.nest_privacy_mode").state == STATE_OFF
    assert hass.states.get("sensor.nest_microphone").state == "live"


@pytest.mark.parametrize(
    ("plug", "translation_key"),
    [
        # Takes the command and never switches: a cloud that does not answer.
        ("switch.stuck_plug", "not_confirmed"),
        # Its integration raises on every command.
        ("switch.broken_plug", "control_failed"),
    ],
)
async def test_failing_plug_raises_and_shows_real_state(
    hass: HomeAssistant, hub_entry: MockConfigEntry, plug: str, translation_key: str
) -> None:
    """A plug that fails gives a translated error naming it; the switch shows the truth."""
    await setup_hub_with_nest_plug(hass, hub_entry, plug)
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON, "switch.nest_privacy_mode")
    assert err.value.translation_key == translation_key
    assert plug in str(err.value)
    assert hass.states.get("switch.nest_privacy_mode").state == STATE_OFF
    assert hass.states.get("sensor.nest_microphone").state == "live"


async def test_a_plug_unavailable_for_a_moment_still_confirms(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """A plug lost for a moment, then reported switched, confirms the command.

    Its integration marks it unavailable on one failed poll; that blink is no failure.
    """
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.stuck_plug", confirm_timeout=30)
    command = hass.async_create_task(_switch(hass, SERVICE_TURN_ON, "switch.nest_privacy_mode"))
    for _ in range(20):
        await asyncio.sleep(0)
    assert not command.done()  # sent; the plug has not answered
    # No settle() here: it would wait for the command, which waits for the plug.
    for offline, shown in ((True, "unavailable"), (False, STATE_ON)):
        await hass.services.async_call(
            "input_boolean",
            SERVICE_TURN_ON if offline else SERVICE_TURN_OFF,
            {"entity_id": "input_boolean.stuck_plug_offline"},
            blocking=True,
        )
        for _ in range(5):
            await asyncio.sleep(0)
        assert hass.states.get("switch.stuck_plug").state == shown
    await hass.services.async_call(
        "input_boolean", SERVICE_TURN_OFF, {"entity_id": "input_boolean.stuck_plug_state"}
    )
    await command
    assert hass.states.get("sensor.nest_microphone").state == "powered_off"


@pytest.mark.usefixtures("setup_hub")
async def test_a_mute_lost_before_it_confirms_falls_back_to_the_plug(
    hass: HomeAssistant,
) -> None:
    """The satellite drops off the network instead of muting: privacy fails closed."""

    @callback
    def _lose_the_satellite(event: Event) -> None:
        data = event.data
        if data["domain"] == "switch" and "switch.kitchen_mute" in str(data["service_data"]):
            hass.states.async_set("input_boolean.kitchen_mute_offline", STATE_ON)

    hass.bus.async_listen(EVENT_CALL_SERVICE, _lose_the_satellite)
    await _switch(hass, SERVICE_TURN_ON, KITCHEN_PRIVACY)
    assert hass.states.get("switch.kitchen_mute").state == "unavailable"
    assert hass.states.get("switch.kitchen_plug").state == STATE_OFF
    assert hass.states.get(KITCHEN_MIC).state == "powered_off"
    assert hass.states.get(KITCHEN_PRIVACY).state == STATE_ON


@pytest.mark.usefixtures("setup_hub")
async def test_unavailable_control_raises(hass: HomeAssistant) -> None:
    """With both controls gone the switch is unavailable and the action says why."""
    await _set_boolean(hass, "kitchen_mute_offline", True)
    await _set_boolean(hass, "kitchen_plug_offline", True)
    assert hass.states.get(KITCHEN_PRIVACY).state == "unavailable"
    assert hass.states.get(KITCHEN_MIC).state == "unavailable"
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "voice_privacy",
            "set_privacy_mode",
            {"entity_id": KITCHEN_MIC, "enabled": True},
            blocking=True,
        )
    assert err.value.translation_key == "set_privacy_mode_failed"
    assert "switch.kitchen_plug is unavailable" in str(err.value)


@pytest.mark.usefixtures("setup_hub")
async def test_home_wide_entities(hass: HomeAssistant, events: list[Any]) -> None:
    """The home switch cuts every assistant; the home sensors follow."""
    assert hass.states.get("binary_sensor.voice_privacy_all_microphones_private").state == STATE_OFF
    await _switch(hass, SERVICE_TURN_ON, "switch.voice_privacy_all_assistants")
    assert hass.states.get("switch.voice_privacy_all_assistants").state == STATE_ON
    assert hass.states.get("binary_sensor.voice_privacy_all_microphones_private").state == STATE_ON
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "0"
    assert hass.states.get("switch.echo_plug").state == STATE_OFF  # DND is not privacy
    assert {e.data["cause"] for e in events} == {"home_switch"}
    assert len(events) == 3

    await _switch(hass, SERVICE_TURN_OFF, "switch.voice_privacy_all_assistants")
    assert hass.states.get("sensor.voice_privacy_live_microphones").state == "3"
    assert hass.states.get("switch.voice_privacy_all_assistants").state == STATE_OFF


async def test_home_switch_reports_failures_after_trying_all(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """One stuck plug fails the home switch, but every other assistant is cut."""
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.stuck_plug")
    with pytest.raises(HomeAssistantError) as err:
        await _switch(hass, SERVICE_TURN_ON, "switch.voice_privacy_all_assistants")
    assert err.value.translation_key == "set_privacy_mode_failed"
    assert "Nest" in str(err.value)
    assert hass.states.get(KITCHEN_MIC).state == "muted"
    assert hass.states.get("sensor.echo_device_microphone").state == "powered_off"
    assert hass.states.get("switch.voice_privacy_all_assistants").state == STATE_OFF


@pytest.mark.usefixtures("setup_hub")
async def test_assistant_without_privacy_control(hass: HomeAssistant) -> None:
    """An Echo with only Do-Not-Disturb cannot be made private, and the action says so."""
    entry = hass.config_entries.async_entries("voice_privacy")[0]
    echo = entry.subentries["echo_id"]
    data = {k: v for k, v in echo.data.items() if k != CONF_POWER_ENTITY}
    hass.config_entries.async_update_subentry(entry, echo, data=data)
    await settle(hass)
    response = await hass.services.async_call(
        "voice_privacy",
        "set_privacy_mode",
        {"entity_id": "sensor.echo_device_microphone", "enabled": True},
        blocking=True,
        return_response=True,
    )
    result = response["assistants"][0]
    assert result["success"] is False
    assert "no mute switch or power cut" in result["error"]
