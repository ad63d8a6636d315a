"""Cut or give back an assistant's microphone through its linked switches, confirmed.

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

from .const import DOMAIN, LISTENING_STATES, PRIVATE_STATES
from .links import AssistantLinks, is_usable, microphone_state, switch_value


async def async_set_microphone_cut(
    hass: HomeAssistant,
    links: AssistantLinks,
    cut: bool,
    timeout: float,
    context: Context,
) -> None:
    """Cut or give back one assistant's microphone; raise a translated error unless confirmed.

    Cut: the satellite's own mute switch when it answers, else the power cut.
    Give back: power back first (a muted satellite cannot unmute without power), then unmute.
    """
    get_state = hass.states.get
    now = microphone_state(links, get_state)
    if cut:
        if now in PRIVATE_STATES:
            return
        if is_usable(get_state, links.mute_entity) or not links.power_entity:
            assert links.mute_entity is not None  # callers check has_privacy_control
            await async_switch_and_confirm(hass, links.mute_entity, True, timeout, context)
        else:
            await async_switch_and_confirm(hass, links.power_entity, False, timeout, context)
        return
    acted = False
    if links.power_entity and switch_value(get_state, links.power_entity) is False:
        await async_switch_and_confirm(hass, links.power_entity, True, timeout, context)
        acted = True
    if links.mute_entity and switch_value(get_state, links.mute_entity) is True:
        await async_switch_and_confirm(hass, links.mute_entity, False, timeout, context)
        acted = True
    if not acted and now not in LISTENING_STATES:
        # Nothing answers: the command goes to a control that cannot take it, which raises
        # the error that says which one and why.
        silent = next(e for e in links.privacy_entity_ids if not is_usable(get_state, e))
        await async_switch_and_confirm(hass, silent, silent == links.power_entity, timeout, context)


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
        # The timeout covers the call too: an integration whose command never returns must
        # not hold this assistant's later decisions (see privacy.py) for ever.
        async with asyncio.timeout(timeout):
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
            if not hass.states.is_state(entity_id, expected):
                await confirmed
    except TimeoutError as err:
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="not_confirmed",
            translation_placeholders={**placeholders, "timeout": str(timeout)},
        ) from err
    finally:
        unsubscribe()
