"""Rules that put assistants in privacy mode on their own: a schedule, and everyone away.

Both watch entities Home Assistant already has (a `schedule` helper or any on/off entity;
`person` entities or `zone.home`), through state-change events. When what a rule says changes,
each assistant it covers goes through its policy (policy.py), which decides what to set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from homeassistant.const import STATE_HOME, STATE_ON
from homeassistant.core import Event, EventStateChangedData, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_state_change_event

from .const import (
    CONF_AWAY_ASSISTANTS,
    CONF_AWAY_PERSONS,
    CONF_AWAY_PRIVACY,
    CONF_SCHEDULE_ASSISTANTS,
    CONF_SCHEDULE_ENTITY,
    LOGGER,
    RULE_AWAY,
    RULE_SCHEDULE,
    Cause,
)

ZONE_HOME = "zone.home"

if TYPE_CHECKING:
    from .coordinator import VoicePrivacyCoordinator


class PrivacyRules:
    """Evaluate the hub's rules and hand their changes to the assistants' policies."""

    def __init__(self, coordinator: VoicePrivacyCoordinator, options: Mapping[str, Any]) -> None:
        """Read the rules from the hub's options; an empty assistant list means all."""
        self._coordinator = coordinator
        self._hass: HomeAssistant = coordinator.hass
        everyone = list(coordinator.assistants)
        self.schedule_entity: str | None = options.get(CONF_SCHEDULE_ENTITY)
        self._schedule_assistants = set(options.get(CONF_SCHEDULE_ASSISTANTS) or everyone)
        self.away_enabled: bool = options.get(CONF_AWAY_PRIVACY, False)
        self._away_persons: list[str] = options.get(CONF_AWAY_PERSONS) or []
        self._away_assistants = set(options.get(CONF_AWAY_ASSISTANTS) or everyone)

    @property
    def watched(self) -> list[str]:
        """The entities the rules read."""
        watched = [self.schedule_entity] if self.schedule_entity else []
        if self.away_enabled:
            watched += self._away_persons or [ZONE_HOME]
        return watched

    @property
    def schedule_active(self) -> bool:
        """Whether the privacy schedule is on."""
        return bool(self.schedule_entity) and self._hass.states.is_state(
            self.schedule_entity or "", STATE_ON
        )

    @property
    def everyone_away(self) -> bool:
        """Whether everyone tracked has left; unknown whereabouts never count as away."""
        if not self.away_enabled:
            return False
        if self._away_persons:
            states = [self._hass.states.get(p) for p in self._away_persons]
            return all(
                s is not None and s.state not in (STATE_HOME, "unknown", "unavailable")
                for s in states
            )
        return self._hass.states.is_state(ZONE_HOME, "0")

    def covers(self, assistant_id: str) -> bool:
        """Whether any rule is set up for this assistant."""
        return bool(
            (self.schedule_entity and assistant_id in self._schedule_assistants)
            or (self.away_enabled and assistant_id in self._away_assistants)
        )

    def rules_for(self, assistant_id: str) -> frozenset[str]:
        """The rules that currently hold an assistant private."""
        rules = set()
        if self.schedule_active and assistant_id in self._schedule_assistants:
            rules.add(RULE_SCHEDULE)
        if self.everyone_away and assistant_id in self._away_assistants:
            rules.add(RULE_AWAY)
        return frozenset(rules)

    async def async_start(self) -> None:
        """Act on the rules as they are now, then follow their entities."""
        if watched := self.watched:
            self._coordinator.config_entry.async_on_unload(
                async_track_state_change_event(self._hass, watched, self._async_changed)
            )
        await self.async_evaluate(enforce=True)

    @callback
    def _async_changed(self, event: Event[EventStateChangedData]) -> None:
        self._coordinator.async_update_listeners()  # "Privacy schedule active" shows it
        self._coordinator.config_entry.async_create_task(self._hass, self.async_evaluate())

    async def async_evaluate(self, *, enforce: bool = False) -> None:
        """Hand rule changes to each assistant's policy and set what it decides.

        With `enforce` (at start-up) an assistant the rules should hold private is made
        private even when the rules did not change, in case the device lost its state while
        Home Assistant was down.
        """
        coordinator = self._coordinator
        changes: list[tuple[str, bool, Cause]] = []
        for assistant_id, assistant in coordinator.assistants.items():
            if not assistant.links.has_privacy_control:
                continue
            policy = coordinator.policies.policy(assistant_id)
            before = policy.rules
            rules = self.rules_for(assistant_id)
            current = coordinator.data[assistant_id].private
            target = await coordinator.policies.async_rules_changed(assistant_id, rules, current)
            if target is None and enforce and policy.wanted() is True and not current:
                target = True
            if target is None or target == current:
                continue
            acted = (rules ^ before) or rules
            changes.append(
                (assistant_id, target, Cause.SCHEDULE if RULE_SCHEDULE in acted else Cause.AWAY)
            )
        await asyncio.gather(*(self._async_set(*change) for change in changes))

    async def _async_set(self, assistant_id: str, enabled: bool, cause: Cause) -> None:
        """Set one assistant; a device that does not answer is logged, not raised."""
        try:
            await self._coordinator.async_set_privacy(assistant_id, enabled, cause)
        except HomeAssistantError as err:
            name = self._coordinator.assistants[assistant_id].name
            LOGGER.warning("The %s rule could not set %s: %s", cause, name, err)
