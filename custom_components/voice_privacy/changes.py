"""Tell entities what changed, so one change touches only what depends on it.

An assistant's entities listen to their own assistant, and to one of its topics: its
microphone status (read from the linked entities), its records (declared settings, purge
log), its activity (when it listened, read from its own device), its temporary decisions or
its private time. The hub's entities aggregate every assistant (live count, all private, home
score), so they are written once per batch of changes, after the assistants' own.

The parts that notice a change record it at once (status.py keeps each status current, so a
command waiting for a device reads the truth); the entities are written by one task that
starts in the next turn of the event loop. A batch of changes (200 devices answering one
command in the same turn) is so written in slices of a few milliseconds, the event loop
running in between, instead of holding it for all of them; changes of one assistant and topic
made in the same turn are written once. `hass.async_block_till_done()` waits for the task.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import partial

from homeassistant.core import CALLBACK_TYPE, HomeAssistant, callback

from .const import LOGGER


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
type _Listener = tuple[frozenset[Topic], Callable[[Topic], None]]

# How long entity writes may hold the event loop before it runs what else waits (seconds).
TURN_BUDGET = 0.003


class ChangeNotifier:
    """Per-assistant and hub-wide listeners, written by one task in slices (see above)."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start with no listeners."""
        self._hass = hass
        # Per assistant: what each listener follows, and the listener.
        self._listeners: defaultdict[str, list[_Listener]] = defaultdict(list)
        self._hub_listeners: list[CALLBACK_TYPE] = []
        # What changed and is not written yet, in order (a dict as an ordered set).
        self._pending: dict[_Key, None] = {}
        self._hub_pending = False
        self._writer: asyncio.Task[None] | None = None

    @callback
    def async_add_listener(
        self, assistant_id: str, topics: frozenset[Topic], update: Callable[[Topic], None]
    ) -> CALLBACK_TYPE:
        """Call `update` with the topic when one of these topics of this assistant changes.

        One registration per listener, whatever it follows: at 200 assistants a reload
        registers about 2,000 of them.
        """
        listeners = self._listeners[assistant_id]
        listener = (topics, update)
        listeners.append(listener)
        return partial(listeners.remove, listener)

    @callback
    def async_add_hub_listener(self, update: CALLBACK_TYPE) -> CALLBACK_TYPE:
        """Call `update` once per batch of changes to any assistant or to the hub."""
        self._hub_listeners.append(update)
        return lambda: self._hub_listeners.remove(update)

    @callback
    def async_changed(self, assistant_id: str, topic: Topic) -> None:
        """Write this assistant's entities of this topic soon, the hub's after them."""
        self._pending[(assistant_id, topic)] = None
        if topic in HUB_TOPICS:
            self._hub_pending = True
        self._schedule()

    @callback
    def async_hub_changed(self) -> None:
        """Write the hub's entities once, after the assistants' changes of this batch."""
        self._hub_pending = True
        self._schedule()

    def _schedule(self) -> None:
        if self._writer is None:
            # Not started before the next turn: every change of this turn joins the batch.
            self._writer = self._hass.async_create_task(
                self._async_write(), "voice_privacy entity writes", eager_start=False
            )

    async def _async_write(self) -> None:
        """Write what changed, in slices that each hold the event loop a few milliseconds."""
        loop = self._hass.loop
        try:
            while self._pending or self._hub_pending:
                deadline = loop.time() + TURN_BUDGET
                keys = list(self._pending)
                self._pending.clear()
                for done, key in enumerate(keys):
                    if done and loop.time() >= deadline:
                        # The rest first in the next slice, before changes made meanwhile.
                        self._pending = dict.fromkeys(keys[done:]) | self._pending
                        break
                    assistant_id, topic = key
                    self._call(
                        partial(update, topic)
                        for topics, update in tuple(self._listeners.get(assistant_id, ()))
                        if topic in topics
                    )
                if not self._pending and self._hub_pending:
                    self._hub_pending = False
                    self._call(tuple(self._hub_listeners))
                # Let the event loop run: other work, and devices answering meanwhile.
                await asyncio.sleep(0)
        finally:
            self._writer = None

    @staticmethod
    def _call(updates: Iterable[CALLBACK_TYPE]) -> None:
        """Run each update; one that fails is logged and does not stop the others."""
        for update in updates:
            try:
                update()
            except Exception:  # noqa: BLE001 - as Home Assistant's own event dispatch does
                LOGGER.exception("Error updating an entity of Voice Privacy")
