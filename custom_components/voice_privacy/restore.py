"""Temporary privacy changes that undo themselves, across restarts of Home Assistant.

`set_privacy_mode` with a `duration` records what to go back to and when, in a `Store`, and
schedules it with Home Assistant's time tracking. After a restart the pending restores are read
back; one whose time passed while Home Assistant was down runs right away.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypedDict

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .const import DOMAIN, LOGGER

STORAGE_VERSION = 1

type RestoreAction = Callable[[str, bool], Awaitable[object]]


class PendingRestore(TypedDict):
    """What one assistant returns to, and when."""

    enabled: bool
    at: str


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, PendingRestore]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.restore")


class PrivacyRestorer:
    """Schedule, persist and run the end of temporary privacy changes."""

    def __init__(self, hass: HomeAssistant, entry_id: str, action: RestoreAction) -> None:
        """Keep pending restores in a store of the hub's config entry."""
        self._hass = hass
        self._action = action
        self._store = _store(hass, entry_id)
        self.pending: dict[str, PendingRestore] = {}
        self._timers: dict[str, CALLBACK_TYPE] = {}

    async def async_load(self, assistant_ids: set[str]) -> None:
        """Read back pending restores and schedule those of known assistants."""
        stored = await self._store.async_load() or {}
        self.pending = {k: v for k, v in stored.items() if k in assistant_ids}
        for assistant_id, restore in self.pending.items():
            self._schedule(assistant_id, restore)

    async def async_schedule(self, assistant_id: str, enabled: bool, at: datetime) -> None:
        """Restore `enabled` at `at`; a restore already pending keeps its original target."""
        target = self.pending[assistant_id]["enabled"] if assistant_id in self.pending else enabled
        self._cancel_timer(assistant_id)
        restore = PendingRestore(enabled=target, at=at.isoformat())
        self.pending[assistant_id] = restore
        self._schedule(assistant_id, restore)
        await self._store.async_save(self.pending)

    async def async_cancel(self, assistant_id: str) -> None:
        """Forget a pending restore (a newer manual change wins)."""
        self._cancel_timer(assistant_id)
        if self.pending.pop(assistant_id, None) is not None:
            await self._store.async_save(self.pending)

    @callback
    def async_stop(self) -> None:
        """Cancel the timers when the hub unloads; the store keeps them for next time."""
        for unsubscribe in self._timers.values():
            unsubscribe()
        self._timers.clear()

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    def _cancel_timer(self, assistant_id: str) -> None:
        if (unsubscribe := self._timers.pop(assistant_id, None)) is not None:
            unsubscribe()

    def _schedule(self, assistant_id: str, restore: PendingRestore) -> None:
        at = dt_util.parse_datetime(restore["at"]) or dt_util.utcnow()

        async def _async_run(_now: datetime) -> None:
            self._timers.pop(assistant_id, None)
            self.pending.pop(assistant_id, None)
            await self._store.async_save(self.pending)
            try:
                await self._action(assistant_id, restore["enabled"])
            except HomeAssistantError as err:
                LOGGER.warning(
                    "Could not end temporary privacy change for %s: %s", assistant_id, err
                )

        self._timers[assistant_id] = async_track_point_in_utc_time(self._hass, _async_run, at)
