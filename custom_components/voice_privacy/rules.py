"""Rules that put assistants in privacy mode on their own: a schedule, and everyone away.

Both watch entities Home Assistant already has (a `schedule` helper or any on/off entity;
`person` entities or `zone.home`), through state-change events. When what a rule says changes,
each assistant it covers goes through its policy (policy.py), which decides what to set.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from functools import partial
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.const import STATE_HOME, STATE_ON
from homeassistant.core import (
    CALLBACK_TYPE,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event

from .changes import ChangeNotifier
from .const import (
    CONF_AWAY_ASSISTANTS,
    CONF_AWAY_PERSONS,
    CONF_AWAY_PRIVACY,
    CONF_SCHEDULE_ASSISTANTS,
    CONF_SCHEDULE_ENTITY,
    RULE_AWAY,
    RULE_SCHEDULE,
    Cause,
)
from .models import Assistant
from .privacy import PrivacyController

ZONE_HOME = "zone.home"


class PrivacyRules:
    """Evaluate the hub's rules and hand their changes to the assistants' policies."""

    def __init__(
        self,
        hass: HomeAssistant,
        options: Mapping[str, Any],
        assistants: Mapping[str, Assistant],
        privacy: PrivacyController,
        changes: ChangeNotifier,
    ) -> None:
        """Read the rules from the hub's options; an empty assistant list means all."""
        self._hass = hass
        self._privacy = privacy
        self._changes = changes
        self._entry: ConfigEntry | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None
        # The hub's own mapping: an assistant added later is covered too.
        self._assistants = assistants
        self.schedule_entity: str | None = options.get(CONF_SCHEDULE_ENTITY)
        self._schedule_chosen = set(options.get(CONF_SCHEDULE_ASSISTANTS) or ())
        self.away_enabled: bool = options.get(CONF_AWAY_PRIVACY, False)
        self._away_persons: list[str] = options.get(CONF_AWAY_PERSONS) or []
        self._away_chosen = set(options.get(CONF_AWAY_ASSISTANTS) or ())

    @property
    def _controllable(self) -> list[str]:
        """Only assistants with a mute switch or power cut can be made private."""
        return [a for a, x in self._assistants.items() if x.links.has_privacy_control]

    @property
    def _schedule_assistants(self) -> set[str]:
        """The chosen assistants; none chosen means every assistant."""
        return self._schedule_chosen or set(self._assistants)

    @property
    def _away_assistants(self) -> set[str]:
        return self._away_chosen or set(self._assistants)

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

    async def async_start(self, entry: ConfigEntry) -> None:
        """Act on the rules as they are now, then follow their entities."""
        self._entry = entry
        self.async_stop()  # started once only, whoever asks again
        if watched := self.watched:
            self._unsubscribe = async_track_state_change_event(
                self._hass, watched, self._async_changed
            )
            entry.async_on_unload(self.async_stop)
        self._changes.async_hub_changed()  # the schedule may have changed while booting
        await self.async_evaluate(enforce=True)

    @callback
    def async_stop(self) -> None:
        """Stop following the rules' entities (the hub unloads, or its options changed)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @callback
    def _async_changed(self, event: Event[EventStateChangedData]) -> None:
        self._changes.async_hub_changed()  # "Privacy schedule active" shows it
        assert self._entry is not None  # only followed once started
        self._entry.async_create_task(self._hass, self.async_evaluate())

    async def async_evaluate(self, *, enforce: bool = False) -> None:
        """Hand the rules in force to each assistant's policy, all assistants at once."""
        await asyncio.gather(
            *(
                self._privacy.async_rules_changed(
                    assistant_id,
                    partial(self.rules_for, assistant_id),
                    _cause,
                    enforce=enforce,
                )
                for assistant_id in self._controllable
            )
        )


def _cause(before: frozenset[str], after: frozenset[str]) -> Cause:
    """Which rule acted: the one that changed, else the one in force, else none (start-up)."""
    acted = (before ^ after) or after
    if not acted:
        return Cause.RESTART
    return Cause.SCHEDULE if RULE_SCHEDULE in acted else Cause.AWAY
