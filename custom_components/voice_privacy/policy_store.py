"""Keep each assistant's privacy policy across restarts, and end temporary changes on time.

The decisions of policy.py (rules in force, what to go back to, manual and temporary
changes) live in a `Store`; a temporary change is scheduled with Home Assistant's time
tracking and, after a restart, rescheduled: one whose time passed while Home Assistant was
down ends right away.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER
from .policy import AssistantPolicy

STORAGE_VERSION = 1

type EndAction = Callable[[str, bool], Awaitable[object]]


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, Any]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.policy")


class PolicyKeeper:
    """Hold, persist and time the policies of the hub's assistants."""

    def __init__(self, hass: HomeAssistant, entry_id: str, end_action: EndAction) -> None:
        """Keep the policies in a store of the hub's config entry."""
        self._hass = hass
        self._end_action = end_action
        self._store = _store(hass, entry_id)
        self.policies: dict[str, AssistantPolicy] = {}
        self._timers: dict[str, CALLBACK_TYPE] = {}

    async def async_load(self, assistant_ids: set[str]) -> None:
        """Read back the policies of known assistants and reschedule temporary changes."""
        stored = await self._store.async_load() or {}
        self.policies = {
            assistant_id: AssistantPolicy.from_dict(stored[assistant_id])
            if assistant_id in stored
            else AssistantPolicy()
            for assistant_id in assistant_ids
        }
        for assistant_id in assistant_ids:
            self._schedule(assistant_id)

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    def policy(self, assistant_id: str) -> AssistantPolicy:
        """Return the policy of one assistant."""
        return self.policies.setdefault(assistant_id, AssistantPolicy())

    async def async_manual(
        self, assistant_id: str, enabled: bool, current: bool, until: datetime | None = None
    ) -> None:
        """Record a person's decision, temporary when `until` is set."""
        self.policy(assistant_id).manual(enabled, current, until)
        self._schedule(assistant_id)
        await self._async_save()

    async def async_rules_changed(
        self, assistant_id: str, rules: frozenset[str], current: bool
    ) -> bool | None:
        """Apply a rule change; return the privacy mode to set, if any.

        The rules are evaluated on every state change of the entities they watch (a person's
        location updates often); only a real change is stored.
        """
        policy = self.policy(assistant_id)
        if rules == policy.rules:
            return None
        target = policy.rules_changed(rules, current)
        self._schedule(assistant_id)
        await self._async_save()
        return target

    @callback
    def async_stop(self) -> None:
        """Cancel the timers when the hub unloads; the store keeps the policies."""
        for unsubscribe in self._timers.values():
            unsubscribe()
        self._timers.clear()

    async def _async_save(self) -> None:
        await self._store.async_save({a: p.as_dict() for a, p in self.policies.items()})

    def _schedule(self, assistant_id: str) -> None:
        """(Re)arm the timer of the assistant's temporary change, if it has one."""
        if (unsubscribe := self._timers.pop(assistant_id, None)) is not None:
            unsubscribe()
        override = self.policy(assistant_id).override
        if override is None or override.until is None:
            return

        async def _async_end(_now: datetime) -> None:
            self._timers.pop(assistant_id, None)
            target = self.policy(assistant_id).temporary_ended()
            await self._async_save()
            if target is None:
                return
            try:
                await self._end_action(assistant_id, target)
            except HomeAssistantError as err:
                LOGGER.warning(
                    "Could not end temporary privacy change for %s: %s", assistant_id, err
                )

        self._timers[assistant_id] = async_track_point_in_utc_time(
            self._hass, _async_end, override.until
        )
