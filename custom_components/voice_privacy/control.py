"""Cut or give back an assistant's microphone through its linked switches, confirmed.

A service call that returns is not proof: a cloud-backed plug may accept the command and never
switch, and an ESPHome satellite reports its mute state back over the network. Privacy mode is
only reported as done once the linked entity's own state says so.

Commands given in the same turn of the event loop with the same context (privacy for many
assistants at once) go out as one `switch` call naming every entity, as Home Assistant's own
`switch.turn_on` on many switches does, and are confirmed by one state listener. Each
assistant still waits for its own entity only, with its own timeout. When such a shared call
fails, each entity is sent its command again on its own, so the error names the entity that
failed and the others still succeed.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from homeassistant.const import (
    ATTR_ENTITY_ID,
    SERVICE_TURN_OFF,
    SERVICE_TURN_ON,
    STATE_OFF,
    STATE_ON,
    Platform,
)
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event

from .const import DOMAIN, LISTENING_STATES, PRIVATE_STATES
from .links import AssistantLinks, is_usable, microphone_state, switch_value


async def async_set_microphone_cut(
    commands: SwitchCommands,
    links: AssistantLinks,
    cut: bool,
    timeout: float,
    context: Context,
) -> None:
    """Cut or give back one assistant's microphone; raise a translated error unless confirmed.

    Cut: the satellite's own mute switch when it answers, else the power cut.
    Give back: power back first (a muted satellite cannot unmute without power), then unmute.
    """
    get_state = commands.hass.states.get
    switch = commands.async_switch_and_confirm
    now = microphone_state(links, get_state)
    if cut:
        if now in PRIVATE_STATES:
            return
        if is_usable(get_state, links.mute_entity) or not links.power_entity:
            assert links.mute_entity is not None  # callers check has_privacy_control
            try:
                await switch(links.mute_entity, True, timeout, context)
            except HomeAssistantError:
                # The mute went away before it confirmed (Wi-Fi lost): fail closed, by the
                # power cut, when there is one that answers.
                power = links.power_entity
                if is_usable(get_state, links.mute_entity) or not is_usable(get_state, power):
                    raise
                assert power is not None
                await switch(power, False, timeout, context)
        else:
            await switch(links.power_entity, False, timeout, context)
        return
    acted = False
    if links.power_entity and switch_value(get_state, links.power_entity) is False:
        await switch(links.power_entity, True, timeout, context)
        acted = True
    if links.mute_entity and switch_value(get_state, links.mute_entity) is True:
        await switch(links.mute_entity, False, timeout, context)
        acted = True
    if not acted and now not in LISTENING_STATES:
        # Nothing answers: the command goes to a control that cannot take it, which raises
        # the error that says which one and why.
        silent = next(e for e in links.privacy_entity_ids if not is_usable(get_state, e))
        await switch(silent, silent == links.power_entity, timeout, context)


@dataclass(eq=False, slots=True)
class _Batch:
    """One `switch` call for the commands of one turn with one service and context."""

    service: str
    context: Context
    # Per entity, the future its state confirms and how many commands wait for it.
    waiting: dict[str, asyncio.Future[None]] = field(default_factory=dict)
    users: dict[str, int] = field(default_factory=dict)
    # Resolved once the call returns (None) or fails (the error); never cancelled by a waiter.
    called: asyncio.Future[Exception | None] | None = None
    task: asyncio.Task[None] | None = None
    unsubscribe: CALLBACK_TYPE | None = None


class SwitchCommands:
    """Send switch commands to linked entities, batched per turn, and confirm each one."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Send through this Home Assistant."""
        self.hass = hass
        # Batches still collecting commands in this turn, by service and context.
        self._open: dict[tuple[str, str], _Batch] = {}

    async def async_switch_and_confirm(
        self, entity_id: str, turn_on: bool, timeout: float, context: Context
    ) -> None:
        """Turn a linked switch on or off; raise a translated error unless its state confirms."""
        hass = self.hass
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
        batch = self._join(SERVICE_TURN_ON if turn_on else SERVICE_TURN_OFF, context, entity_id)
        confirmed = batch.waiting[entity_id]
        try:
            # The timeout covers the call too: an integration whose command never returns
            # must not hold this assistant's later decisions (see privacy.py) for ever.
            async with asyncio.timeout(timeout):
                await self._async_called(batch, entity_id, placeholders)
                if not hass.states.is_state(entity_id, expected):
                    await asyncio.shield(confirmed)
        except TimeoutError as err:
            if not is_usable(hass.states.get, entity_id):
                # Gone meanwhile (Wi-Fi lost, its integration unloaded), and not back.
                raise HomeAssistantError(
                    translation_domain=DOMAIN,
                    translation_key="control_unavailable",
                    translation_placeholders=placeholders,
                ) from err
            raise HomeAssistantError(
                translation_domain=DOMAIN,
                translation_key="not_confirmed",
                translation_placeholders={**placeholders, "timeout": str(timeout)},
            ) from err
        finally:
            self._leave(batch, entity_id)

    def _join(self, service: str, context: Context, entity_id: str) -> _Batch:
        """Add a command to this turn's batch of its service and context."""
        key = (service, context.id)
        if (batch := self._open.get(key)) is None:
            batch = self._open[key] = _Batch(service, context)
            batch.called = self.hass.loop.create_future()
            # Not started before the next turn: every command of this turn joins first.
            batch.task = self.hass.async_create_task(
                self._async_call(key, batch), f"{DOMAIN} {service}", eager_start=False
            )
        if entity_id not in batch.waiting:
            batch.waiting[entity_id] = self.hass.loop.create_future()
        batch.users[entity_id] = batch.users.get(entity_id, 0) + 1
        return batch

    async def _async_call(self, key: tuple[str, str], batch: _Batch) -> None:
        """The turn is over: follow the batch's entities, then send them one call."""
        del self._open[key]
        called = batch.called
        assert called is not None
        expected = STATE_ON if batch.service == SERVICE_TURN_ON else STATE_OFF

        @callback
        def _async_state_changed(event: Event[EventStateChangedData]) -> None:
            # Only what it switched to counts: an entity that is unavailable for a moment
            # (one failed poll, a reconnect) may still confirm within the timeout.
            new_state = event.data["new_state"]
            if new_state is not None and new_state.state == expected:
                confirmed = batch.waiting.get(event.data["entity_id"])
                if confirmed is not None and not confirmed.done():
                    confirmed.set_result(None)

        batch.unsubscribe = async_track_state_change_event(
            self.hass, list(batch.waiting), _async_state_changed
        )
        try:
            await self._async_service(batch.service, list(batch.waiting), batch.context)
        except Exception as err:  # noqa: BLE001 - handed to every command of the batch
            called.set_result(err)
        else:
            called.set_result(None)
        finally:
            if not called.done():
                # Cancelled (Home Assistant stops): so are the commands still waiting.
                called.cancel()

    async def _async_service(self, service: str, entity_ids: list[str], context: Context) -> None:
        await self.hass.services.async_call(
            Platform.SWITCH,
            service,
            {ATTR_ENTITY_ID: entity_ids},
            blocking=True,
            context=context,
        )

    async def _async_called(
        self, batch: _Batch, entity_id: str, placeholders: dict[str, str]
    ) -> None:
        """Wait for the batch's call; when it failed, retry this entity alone to name it."""
        assert batch.called is not None
        error = await asyncio.shield(batch.called)
        if error is None:
            return
        if len(batch.waiting) > 1:
            # The shared call failed for one of its entities, maybe not this one.
            try:
                await self._async_service(batch.service, [entity_id], batch.context)
            except HomeAssistantError as err:
                error = err
            else:
                return
        if not isinstance(error, HomeAssistantError):
            raise error
        raise HomeAssistantError(
            translation_domain=DOMAIN,
            translation_key="control_failed",
            translation_placeholders={**placeholders, "error": str(error)},
        ) from error

    def _leave(self, batch: _Batch, entity_id: str) -> None:
        """A command is done; the last one out stops the listener and a call still running."""
        batch.users[entity_id] -= 1
        if batch.users[entity_id]:
            return
        del batch.users[entity_id]
        if batch.users:
            return
        key = (batch.service, batch.context.id)
        if self._open.get(key) is batch:
            # Every command left before the call went out (cancelled): it never goes.
            del self._open[key]
        if batch.unsubscribe is not None:
            batch.unsubscribe()
            batch.unsubscribe = None
        if batch.task is not None and not batch.task.done():
            # Nobody waits for it any more (every command timed out): as before, a call that
            # never returns is not left running.
            batch.task.cancel()
