"""The integration's stores: reading values back, and writing many changes as one.

A value read back of the wrong shape is None here, never an exception later: a time that is
not a real date ("2026-02-30"), or one without a time zone (which could not be compared with
now). Changes that come in bursts (decisions, activations) are written a little after the
first unsaved one, serialized once for the whole burst, and at once when the hub unloads.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from homeassistant.core import callback
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util


def aware_datetime(value: Any) -> datetime | None:
    """A stored ISO time with its time zone, else None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = dt_util.parse_datetime(value)
    except ValueError:
        return None
    if parsed is None or parsed.tzinfo is None:
        return None
    return parsed


class CoalescedSave[T: Mapping[str, Any] | Sequence[Any]]:
    """Write a Store within `delay` seconds of the first unsaved change; flush on demand."""

    def __init__(self, store: Store[T], serialize: Callable[[], T], delay: float) -> None:
        """Save what `serialize` returns at the time of writing."""
        self._store = store
        self._serialize = serialize
        self._delay = delay
        self._dirty = False

    @callback
    def async_save_later(self) -> None:
        """A change to write; later ones before the write join it."""
        if not self._dirty:
            self._dirty = True
            self._store.async_delay_save(self._data_to_save, self._delay)

    async def async_flush(self) -> None:
        """Write a pending change now (the hub unloads)."""
        if self._dirty:
            await self._store.async_save(self._data_to_save())

    @callback
    def _data_to_save(self) -> T:
        """Serialize once per write."""
        self._dirty = False
        return self._serialize()
