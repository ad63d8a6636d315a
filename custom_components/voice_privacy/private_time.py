"""How long each microphone was private today, and how long all of them were.

Counted from the statuses Home Assistant saw (status.py): a microphone is private while it is
muted or without power. Time while Home Assistant was down is not counted, since nobody here
can know it. The totals are kept in a Store, running periods included up to the moment of each
write: written every few minutes while private (a crash loses at most that much), when Home
Assistant stops (it does not unload the hub then) and when the hub unloads, so a restart
never shows less than was shown before it. Each starts again at the first moment of the local
day.

The sensors read the totals when written: on a status change, when the day turns, and every
`TICK` while a microphone is private (Home Assistant compiles statistics every 5 minutes, so a
statistics graph loses nothing and 200 assistants write at most 200 states per tick).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .changes import ChangeNotifier, Topic
from .const import DOMAIN, LOGGER
from .days import NewDayAlarm, seconds_today
from .models import Assistant
from .status import MicrophoneTracker
from .stored import CoalescedSave

STORAGE_VERSION = 1
SAVE_DELAY = 10
TICK = timedelta(minutes=5)
# The store's key of the whole home's total: never a subentry id (those are ULIDs).
HOME = "home"


@dataclass(slots=True)
class PrivateDay:
    """Seconds private on one local day, and when the running private period began."""

    seconds: float = 0.0
    day: date | None = None
    since: datetime | None = None

    def total(self, now: datetime) -> float:
        """Seconds private on now's local day, the running period included."""
        today = dt_util.as_local(now).date()
        seconds = self.seconds if self.day == today else 0.0
        if self.since is not None:
            seconds += seconds_today(self.since, now)
        return seconds

    def fold(self, now: datetime, private: bool) -> None:
        """Add the running period to today's total, and start or end one."""
        self.seconds, self.day = self.total(now), dt_util.as_local(now).date()
        self.since = now if private else None


def _day_from_store(raw: Any) -> PrivateDay | None:
    if not isinstance(raw, dict):
        return None
    seconds, day = raw.get("seconds"), raw.get("day")
    if (
        not isinstance(seconds, int | float)
        or isinstance(seconds, bool)
        or seconds < 0
        or not isinstance(day, str)
    ):
        return None
    try:
        return PrivateDay(float(seconds), date.fromisoformat(day))
    except TypeError, ValueError:
        return None


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, Any]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.private_time")


class PrivateTimeTracker:
    """Today's private time of every assistant and of the whole home."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        assistants: Mapping[str, Assistant],
        *,
        microphones: MicrophoneTracker,
        changes: ChangeNotifier,
    ) -> None:
        """Start with nothing counted; `async_load` reads today's totals back."""
        self._hass = hass
        self._store = _store(hass, entry_id)
        self._assistants = assistants
        self._microphones = microphones
        self._changes = changes
        self.days: dict[str, PrivateDay] = {}
        self._saves = CoalescedSave(self._store, self._serialize, SAVE_DELAY)
        self._new_day = NewDayAlarm(hass, self._async_new_day)
        self._unsubscribes: list[CALLBACK_TYPE] = []
        # The hours each assistant's sensor was last told to show.
        self._told: dict[str, float] = {}

    async def async_load(self) -> None:
        """Read back the totals of known assistants and of the home."""
        stored = await self._store.async_load()
        for key, raw in (stored if isinstance(stored, dict) else {}).items():
            if key != HOME and key not in self._assistants:
                continue
            if (day := _day_from_store(raw)) is None:
                LOGGER.warning("Ignoring the private time of %s, which cannot be read", key)
                continue
            self.days[key] = day

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    @callback
    def async_start(self) -> Callable[[], Coroutine[Any, Any, None]]:
        """Start counting from the statuses now; return what stops it."""
        now = dt_util.utcnow()
        for assistant_id in self._assistants:
            self._follow(assistant_id, now)
        self._fold_home(now)
        self._unsubscribes.append(self._changes.async_add_hub_listener(self._async_hub_changed))
        self._unsubscribes.append(self._new_day.async_start())
        self._unsubscribes.append(async_track_time_interval(self._hass, self._async_tick, TICK))
        # Written at Home Assistant's final write, with the running periods up to then. Not a
        # one-time listener: removing one that already fired (an unload after the stop) logs
        # an error.
        self._unsubscribes.append(
            self._hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, self._async_save_at_stop)
        )
        return self._async_stop

    @callback
    def async_add_assistant(self, assistant_id: str) -> None:
        """Count an assistant added to the running hub."""
        self._follow(assistant_id, dt_util.utcnow())

    def _follow(self, assistant_id: str, now: datetime) -> None:
        self._fold(assistant_id, now)

        @callback
        def _status_changed(_topic: Topic) -> None:
            self._fold(assistant_id, dt_util.utcnow())

        self._unsubscribes.append(
            self._changes.async_add_listener(
                assistant_id, frozenset({Topic.STATUS}), _status_changed
            )
        )

    def hours(self, key: str) -> float:
        """What the sensors show: hours private today, to 3.6 seconds."""
        return round(self.seconds(key) / 3600, 3)

    def seconds(self, key: str) -> float:
        """Seconds private today: an assistant's, or the home's (`HOME`)."""
        day = self.days.get(key)
        return day.total(dt_util.utcnow()) if day is not None else 0.0

    def _all_private(self) -> bool:
        statuses = self._microphones.statuses
        return bool(statuses) and all(status.private for status in statuses.values())

    def _fold(self, key: str, now: datetime) -> None:
        """Start or end the running period of one assistant, if its privacy changed.

        Its sensor is written when a period ends: when one starts, the total has not moved.
        """
        if self._fold_to(key, now, self._microphones.status(key).private) is False:
            self._tell(key)

    def _tell(self, assistant_id: str) -> None:
        """Write the assistant's sensor, unless what it shows did not move.

        Privacy switched off a moment after it went on leaves the hours as they were: at 200
        assistants that is 200 writes saved.
        """
        hours = self.hours(assistant_id)
        if self._told.get(assistant_id) != hours:
            self._told[assistant_id] = hours
            self._changes.async_changed(assistant_id, Topic.PRIVATE_TIME)

    def _fold_home(self, now: datetime) -> None:
        self._fold_to(HOME, now, self._all_private())

    def _fold_to(self, key: str, now: datetime, private: bool) -> bool | None:
        """Start (True) or end (False) a running period; None when privacy did not change."""
        day = self.days.setdefault(key, PrivateDay())
        if private == (day.since is not None):
            return None
        day.fold(now, private)
        self._saves.async_save_later()
        return private

    @callback
    def _async_hub_changed(self) -> None:
        """After every batch of changes: whether every microphone is private."""
        self._fold_home(dt_util.utcnow())

    @callback
    def _async_tick(self, now: datetime) -> None:
        """While private, the totals grow: write them, and keep them stored."""
        running = [key for key, day in self.days.items() if day.since is not None]
        for key in running:
            self.days[key].fold(now, private=True)
            if key != HOME:
                self._tell(key)
        if running:
            self._saves.async_save_later()
            self._changes.async_hub_changed()

    @callback
    def _async_save_at_stop(self, _event: Event) -> None:
        self._saves.async_save_later()

    @callback
    def _async_new_day(self) -> None:
        """A new local day: every total starts again (a running period from its first moment)."""
        now = dt_util.utcnow()
        for key, day in self.days.items():
            day.fold(now, private=day.since is not None)
            if key != HOME:
                self._tell(key)
        self._saves.async_save_later()
        self._changes.async_hub_changed()

    async def _async_stop(self) -> None:
        """Stop counting: what ran until now is counted, the rest is not known."""
        while self._unsubscribes:
            self._unsubscribes.pop()()
        now = dt_util.utcnow()
        for day in self.days.values():
            day.fold(now, private=False)
        self._saves.async_save_later()
        await self._saves.async_flush()

    def _serialize(self) -> dict[str, dict[str, Any]]:
        """Today's totals with the running periods up to now, unrounded (never less later)."""
        now = dt_util.utcnow()
        today = dt_util.as_local(now).date().isoformat()
        return {
            key: {"seconds": day.total(now), "day": today}
            for key, day in self.days.items()
            if day.day is not None
        }
