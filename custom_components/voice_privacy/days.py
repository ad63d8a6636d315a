"""The local day: what "today" counts start from, and waking when the next one begins."""

from __future__ import annotations

from datetime import datetime, timedelta

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback
from homeassistant.helpers.event import async_track_point_in_utc_time
from homeassistant.util import dt as dt_util


class NewDayAlarm:
    """Call `action` at the first moment of each new local day, until cancelled.

    Not at 00:00:00 by the clock: where daylight saving starts at midnight (Chile,
    Paraguay...), that time does not exist on the day the clocks go forward, and a
    clock-time trigger would not fire at all that night.
    """

    def __init__(self, hass: HomeAssistant, action: CALLBACK_TYPE) -> None:
        """Armed by `async_start`."""
        self._hass = hass
        self._action = action
        self._cancel: CALLBACK_TYPE | None = None

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Wake at the next local day; return what cancels it."""
        tomorrow = dt_util.now().date() + timedelta(days=1)
        self._cancel = async_track_point_in_utc_time(
            self._hass, self._async_wake, dt_util.start_of_local_day(tomorrow)
        )
        return self.async_cancel

    @callback
    def async_cancel(self) -> None:
        """Stop waking."""
        if self._cancel is not None:
            self._cancel()
            self._cancel = None

    @callback
    def _async_wake(self, _now: datetime) -> None:
        self.async_start()
        self._action()


def seconds_today(since: datetime, now: datetime) -> float:
    """Seconds from `since` to `now` that fall on now's local day."""
    return max(
        0.0, (now - max(since, dt_util.start_of_local_day(dt_util.as_local(now)))).total_seconds()
    )
