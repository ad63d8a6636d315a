"""Tell entities what changed, so one change touches only what depends on it.

An assistant's entities listen to their own assistant, and to one of three topics: its
microphone status (read from the linked entities), its records (declared settings, purge
log) or its activity (when it listened, read from its own device). The hub's entities
aggregate every assistant (live count, all private, home score), so they are written once per
batch of changes: the first change in a turn of the event loop schedules one hub update for the
end of that turn, however many assistants change in it. No hub entity reads an assistant's
activity, so its changes never schedule one.
"""

from __future__ import annotations

from collections import defaultdict
from enum import StrEnum

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback


class Topic(StrEnum):
    """What about an assistant changed."""

    STATUS = "status"
    RECORDS = "records"
    ACTIVITY = "activity"
    # A temporary decision started or ended (policy_store.py).
    POLICY = "policy"
    # Today's private time grew (private_time.py); the hub's totals follow on their own.
    PRIVATE_TIME = "private_time"


# What the hub's entities aggregate.
HUB_TOPICS = frozenset({Topic.STATUS, Topic.RECORDS, Topic.POLICY})

type _Key = tuple[str, Topic]


class ChangeNotifier:
    """Per-assistant and hub-wide listeners, with hub updates batched."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start with no listeners."""
        self._hass = hass
        self._listeners: defaultdict[_Key, list[CALLBACK_TYPE]] = defaultdict(list)
        self._hub_listeners: list[CALLBACK_TYPE] = []
        self._hub_pending = False

    @callback
    def async_add_listener(
        self, assistant_id: str, topics: frozenset[Topic], update: CALLBACK_TYPE
    ) -> CALLBACK_TYPE:
        """Call `update` when one of these topics of this assistant changes."""
        keys = [(assistant_id, topic) for topic in topics]
        for key in keys:
            self._listeners[key].append(update)

        @callback
        def _remove() -> None:
            for key in keys:
                self._listeners[key].remove(update)

        return _remove

    @callback
    def async_add_hub_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` once per batch of changes to any assistant or to the hub."""
        self._hub_listeners.append(update)
        return lambda: self._hub_listeners.remove(update)

    @callback
    def async_changed(self, assistant_id: str, topic: Topic) -> None:
        """Update this assistant's entities of this topic now, the hub's at the end of the turn."""
        for update in tuple(self._listeners.get((assistant_id, topic), ())):
            update()
        if topic in HUB_TOPICS:
            self.async_hub_changed()

    @callback
    def async_hub_changed(self) -> None:
        """Update the hub's entities once, at the end of this turn of the event loop."""
        if not self._hub_pending:
            self._hub_pending = True
            self._hass.loop.call_soon(self._async_update_hub)

    @callback
    def _async_update_hub(self) -> None:
        self._hub_pending = False
        for update in tuple(self._hub_listeners):
            update()
