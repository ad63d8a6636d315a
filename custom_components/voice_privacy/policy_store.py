"""Keep each assistant's privacy policy across restarts, and end temporary changes on time.

The decisions of policy.py (rules in force, what to go back to, manual and temporary
changes) live in a `Store`. The store is read when the hub is set up, before anything can
record a decision, so a decision made during start-up (a plug switched on the device) never
overwrites the stored decisions of the other assistants. Changes are saved through the
Store's delayed, coalesced save: many decisions at once cost one write, serialized once.

A temporary change is timed with Home Assistant's time tracking. Timers are armed once Home
Assistant has started (the linked switches exist by then); one whose time passed while Home
Assistant was down ends right away.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterable
from datetime import datetime
from typing import Any

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store

from .const import DOMAIN, LOGGER
from .policy import AssistantPolicy
from .stored import CoalescedSave

STORAGE_VERSION = 1
# Seconds to gather decisions into one write; a hub unload or a shutdown writes at once.
SAVE_DELAY = 1

type EndAction = Callable[[str], Awaitable[object]]
# Told the assistant whose temporary privacy's end (`ends`) changed.
type PolicyChanged = Callable[[str], None]


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, Any]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.policy")


class PolicyKeeper:
    """Hold, persist and time the policies of the hub's assistants."""

    def __init__(
        self, hass: HomeAssistant, entry_id: str, on_changed: PolicyChanged = lambda _: None
    ) -> None:
        """Keep the policies in a store of the hub's config entry."""
        self._hass = hass
        self._on_changed = on_changed
        # What `ends` said when last told, so only a real change is told.
        self._told_ends: dict[str, datetime | None] = {}
        self._store = _store(hass, entry_id)
        self.policies: dict[str, AssistantPolicy] = {}
        self._timers: dict[str, CALLBACK_TYPE] = {}
        self._end_action: EndAction | None = None
        self._saves = CoalescedSave(self._store, self._serialize, SAVE_DELAY)
        # Once the hub unloads, a decision still finishing records nothing: the store may be
        # gone (hub removed) or read by the hub's next set-up.
        self._stopped = False

    async def async_load(self, assistant_ids: Iterable[str]) -> None:
        """Read back the policies of known assistants; an unreadable one starts afresh."""
        stored: Any = await self._store.async_load() or {}
        if not isinstance(stored, dict):
            LOGGER.warning("Ignoring the stored privacy policies, which cannot be read")
            stored = {}
        self.policies = {}
        for assistant_id in assistant_ids:
            policy = AssistantPolicy()
            if (raw := stored.get(assistant_id)) is not None:
                try:
                    policy = AssistantPolicy.from_dict(raw)
                except (KeyError, TypeError, ValueError, AttributeError) as err:
                    LOGGER.warning(
                        "Ignoring the stored privacy policy of %s, which cannot be read: %r",
                        assistant_id,
                        err,
                    )
            self.policies[assistant_id] = policy

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    def policy(self, assistant_id: str) -> AssistantPolicy:
        """Return the policy of one assistant."""
        return self.policies.setdefault(assistant_id, AssistantPolicy())

    @callback
    def async_start_timers(self, end_action: EndAction) -> None:
        """Arm the timers of temporary changes; `end_action` ends one when it is due."""
        if self._stopped:
            return
        self._end_action = end_action
        for assistant_id in self.policies:
            self._schedule(assistant_id)

    @callback
    def async_manual(
        self, assistant_id: str, enabled: bool, current: bool, until: datetime | None = None
    ) -> None:
        """Record a person's decision, temporary when `until` is set."""
        if self._stopped:
            return
        self.policy(assistant_id).manual(enabled, current, until)
        self._schedule(assistant_id)
        self._saves.async_save_later()

    @callback
    def async_rules_changed(
        self, assistant_id: str, rules: frozenset[str], current: bool
    ) -> bool | None:
        """Apply a rule change; return the privacy mode to set, if any.

        The rules are evaluated on every state change of the entities they watch (a person's
        location updates often); only a real change is stored.
        """
        policy = self.policy(assistant_id)
        if self._stopped or rules == policy.rules:
            return None
        target = policy.rules_changed(rules, current)
        self._schedule(assistant_id)
        self._saves.async_save_later()
        return target

    @callback
    def async_temporary_ended(self, assistant_id: str) -> bool | None:
        """End an assistant's temporary change; return the privacy mode to set, if any."""
        if self._stopped:
            return None
        target = self.policy(assistant_id).temporary_ended()
        self._saves.async_save_later()
        self._tell_if_ends_changed(assistant_id)
        return target

    async def async_stop(self) -> None:
        """Cancel the timers and write pending changes now; the store keeps the policies."""
        self._stopped = True
        for unsubscribe in self._timers.values():
            unsubscribe()
        self._timers.clear()
        self._end_action = None
        await self._saves.async_flush()

    def _serialize(self) -> dict[str, dict[str, Any]]:
        return {a: p.as_dict() for a, p in self.policies.items()}

    def ends(self, assistant_id: str) -> datetime | None:
        """When the assistant's temporary privacy ends; None when nothing will end it.

        Not when the end only goes back to privacy: a rule holds it then, or it was private
        before the temporary change (policy.py says where each end goes back to).
        """
        policy = self.policy(assistant_id)
        override = policy.override
        if override is None or not override.enabled or override.restore_to or policy.rules:
            return None
        return override.until

    def _tell_if_ends_changed(self, assistant_id: str) -> None:
        if (ends := self.ends(assistant_id)) != self._told_ends.get(assistant_id):
            self._told_ends[assistant_id] = ends
            self._on_changed(assistant_id)

    def _schedule(self, assistant_id: str) -> None:
        """(Re)arm the timer of the assistant's temporary change, if it has one."""
        if (unsubscribe := self._timers.pop(assistant_id, None)) is not None:
            unsubscribe()
        self._tell_if_ends_changed(assistant_id)
        override = self.policy(assistant_id).override
        end_action = self._end_action
        if end_action is None or override is None or override.until is None:
            return

        async def _async_end(_now: datetime) -> None:
            self._timers.pop(assistant_id, None)
            await end_action(assistant_id)

        self._timers[assistant_id] = async_track_point_in_utc_time(
            self._hass, _async_end, override.until
        )
