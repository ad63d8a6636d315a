"""Commands to many linked switches go out as one call, and each is still confirmed alone."""

from __future__ import annotations

import asyncio
from unittest.mock import AsyncMock, patch

import pytest
from pytest_homeassistant_custom_component.common import MockConfigEntry

from custom_components.voice_privacy.control import SwitchCommands
from homeassistant.const import EVENT_CALL_SERVICE, SERVICE_TURN_ON
from homeassistant.core import Context, HomeAssistant
from homeassistant.exceptions import HomeAssistantError
from tests.conftest import collect_events, setup_hub_with_nest_plug


async def test_one_broken_plug_in_a_shared_call_fails_alone(
    hass: HomeAssistant, hub_entry: MockConfigEntry
) -> None:
    """The Echo's and the Nest's plugs get one call; the Nest's broken plug fails it.

    Each plug is then sent its command on its own: the Echo is cut, and the error names the
    Nest's plug only.
    """
    await setup_hub_with_nest_plug(hass, hub_entry, "switch.broken_plug")
    calls = collect_events(hass, EVENT_CALL_SERVICE)
    with pytest.raises(HomeAssistantError) as err:
        await hass.services.async_call(
            "switch",
            SERVICE_TURN_ON,
            {"entity_id": "switch.voice_privacy_all_assistants"},
            blocking=True,
        )
    assert err.value.translation_key == "set_privacy_mode_failed"
    assert "switch.broken_plug" in str(err.value)
    assert "Echo" not in str(err.value)
    assert hass.states.get("sensor.kitchen_device_microphone").state == "muted"
    assert hass.states.get("sensor.echo_device_microphone").state == "powered_off"
    turned_off = [
        sorted(c.data["service_data"]["entity_id"])
        for c in calls
        if c.data["domain"] == "switch" and c.data["service"] == "turn_off"
    ]
    assert turned_off[0] == ["switch.broken_plug", "switch.echo_plug"]
    assert ["switch.broken_plug"] in turned_off


async def test_an_unexpected_error_is_raised_as_it_is(hass: HomeAssistant) -> None:
    """An integration raising something other than Home Assistant's errors is not hidden."""
    hass.states.async_set("switch.one", "off")
    hass.states.async_set("switch.two", "off")
    commands = SwitchCommands(hass)
    context = Context()
    with patch.object(SwitchCommands, "_async_service", AsyncMock(side_effect=ValueError("bug"))):
        with pytest.raises(ValueError, match="bug"):
            await commands.async_switch_and_confirm("switch.one", True, 1, context)
        # Two at once share a call; each is retried alone and raises the same.
        results = await asyncio.gather(
            commands.async_switch_and_confirm("switch.one", True, 1, context),
            commands.async_switch_and_confirm("switch.two", True, 1, context),
            return_exceptions=True,
        )
    assert [type(r) for r in results] == [ValueError, ValueError]


async def test_a_command_gone_before_the_call_never_goes_out(hass: HomeAssistant) -> None:
    """A command that leaves in the turn it was given (cancelled) is never sent."""
    commands = SwitchCommands(hass)
    service = AsyncMock()
    with patch.object(SwitchCommands, "_async_service", service):
        batch = commands._join(SERVICE_TURN_ON, Context(), "switch.one")
        commands._leave(batch, "switch.one")
        await hass.async_block_till_done()
    service.assert_not_called()
    assert not commands._open
