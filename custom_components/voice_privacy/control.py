"""Switch a linked entity and wait until its state confirms the change.

A service call that returns is not proof: a cloud-backed plug may accept the command and never
switch, and an ESPHome satellite reports its mute state back over the network. Privacy mode is
only reported as done once the linked entity's own state says so.
"""

from __future__ import annotations

import asyncio

from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import Context, Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event

from .const import DOMAIN


async def async_switch_and_confirm(
    hass: HomeAssistant,
    entity_id: str,
    turn_on: bool,
    timeout: float,
    context: Context,
) -> None:
    """Turn a linked switch on or off; raise a translated error unless its state confirms."""
    expected = STATE_ON if turn_on else STATE_OFF
    if hass.states.is_state(entity_id, expected):
        return
    placeholders = {"entity_id": entity_id, "expected": expected}
    state = hass.states.get(entity_id)
    if state is None or state.state not in (STATE_ON, STATE_OFF):
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="control_unavailable",
            translation_placeholders=placeholders,
        )

    confirmed: asyncio.Future[None] = hass.loop.create_future()

    @callback
    def _async_state_changed(event: Event[EventStateChangedData]) -> None:
        new_state = event.data["new_state"]
        if new_state is not None and new_state.state == expected and not confirmed.done():
            confirmed.set_result(None)

    unsubscribe = async_track_state_change_event(hass, entity_id, _async_state_changed)
    try:
        try:
            await hass.services.async_call(
                Platform.SWITCH,
                SERVICE_TURN_ON if turn_on else SERVICE_TURN_OFF,
                {ATTR_ENTITY_ID: entity_id},
                blocking=True,
                context=context,
            )
        except HomeAssistantError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="control_failed",
                translation_placeholders={**placeholders, "error": str(err)},
            ) from err
        if hass.states.is_state(entity_id, expected):
            return
        try:
            async with asyncio.timeout(timeout):
                await confirmed
        except TimeoutError as err:
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="not_confirmed",
                translation_placeholders={**placeholders, "timeout": str(timeout)},
            ) from err
    finally:
        unsubscribe()
