"""Automatic purge: every day at a chosen time, keeping N days, for chosen sources.

Timed with Home Assistant's own `async_track_time_change` in local time, so daylight-saving
changes are handled as for any automation. The last run is stored; a run missed while Home
Assistant was down runs once at start-up.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_change
from homeassistant.util import dt as dt_util

from .const import (
    CONF_AUTO_PURGE,
    CONF_PURGE_KEEP_DAYS,
    CONF_PURGE_SOURCES,
    CONF_PURGE_TIME,
    DEFAULT_PURGE_KEEP_DAYS,
    DEFAULT_PURGE_TIME,
    LOGGER,
    HistorySource,
)
from .history import PurgeRequest, VoiceHistory
from .models import Assistant


class AutoPurge:
    """Run the daily purge of every assistant."""

    def __init__(
        self,
        hass: HomeAssistant,
        options: Mapping[str, Any],
        assistants: Mapping[str, Assistant],
        history: VoiceHistory,
    ) -> None:
        """Read the schedule from the hub's options."""
        self._hass = hass
        self._assistants = assistants
        self._history = history
        self._entry: ConfigEntry | None = None
        self._unsubscribe: CALLBACK_TYPE | None = None
        self.enabled: bool = options.get(CONF_AUTO_PURGE, False)
        hour, minute, second = (
            int(x) for x in options.get(CONF_PURGE_TIME, DEFAULT_PURGE_TIME).split(":")
        )
        self._at = {"hour": hour, "minute": minute, "second": second}
        keep_days = int(options.get(CONF_PURGE_KEEP_DAYS, DEFAULT_PURGE_KEEP_DAYS))
        self.request = PurgeRequest(
            older_than=timedelta(days=keep_days) if keep_days else None,
            sources=frozenset(options.get(CONF_PURGE_SOURCES) or list(HistorySource)),
        )

    def next_run(self, now: datetime | None = None) -> datetime | None:
        """When the purge runs next, as the time tracker will fire it."""
        if not self.enabled:
            return None
        now = dt_util.as_local(now or dt_util.now())
        # The tracker works in whole seconds and matches `now` itself: look from the next one.
        return dt_util.find_next_time_expression_time(
            now.replace(microsecond=0) + timedelta(seconds=1),
            [self._at["second"]],
            [self._at["minute"]],
            [self._at["hour"]],
        )

    def _previous_run(self, now: datetime) -> datetime | None:
        """The latest scheduled time at or before `now` (days may be 23 or 25 hours)."""
        for days_back in (1, 2):
            candidate = self.next_run(now - timedelta(days=days_back))
            if candidate is not None and candidate <= now:
                following = self.next_run(candidate)
                return following if following is not None and following <= now else candidate
        return None

    async def async_start(self, entry: ConfigEntry) -> None:
        """Schedule the daily run; run once now if the last one was missed."""
        if not self.enabled:
            return
        self._entry = entry
        self.async_stop()  # started once only, whoever asks again
        self._unsubscribe = async_track_time_change(self._hass, self._async_scheduled, **self._at)
        entry.async_on_unload(self.async_stop)
        history = self._history
        last = history.last_auto_purge()
        now = dt_util.now()
        if last is None:
            # First start with the purge on: the clock starts now, nothing was missed.
            await history.async_set_last_auto_purge(now)
            return
        if (previous := self._previous_run(now)) is not None and last < previous:
            LOGGER.info("Running the automatic purge missed at %s", previous)
            await self._async_run()

    @callback
    def async_stop(self) -> None:
        """Stop the daily run (the hub unloads, or its options changed)."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    @callback
    def _async_scheduled(self, now: datetime) -> None:
        assert self._entry is not None  # scheduled once started
        self._entry.async_create_task(self._hass, self._async_run())

    async def _async_run(self) -> None:
        assistants = self._assistants
        await self._history.async_purge(assistants, list(assistants), self.request, None)
        await self._history.async_set_last_auto_purge(dt_util.now())
