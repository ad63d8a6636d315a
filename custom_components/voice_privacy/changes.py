"""Tell entities what changed, so one change touches only what depends on it.

An assistant's entities listen to their own assistant, and to some of its topics: its
microphone status (read from the linked entities), its records (declared settings, purge
log), its activity (when it listened, read from its own device), its temporary decisions or
its private time. The hub's entities aggregate every assistant (live count, all private, home
score), so they are written once per batch of changes, after the assistants' own.

The parts that notice a change record it at once (status.py keeps each status current, so a
command waiting for a device reads the truth). The entities, and private time (which counts
from the status it is told), are told by one task that starts in the next turn of the event
loop and writes the changes made until then as one batch, in slices of a few milliseconds with
the event loop running in between: 200 devices answering one command in the same turn do not
hold Home Assistant for every write. A change made again before it is written is written
once, as it then is. Activity is the exception, written at once: a moment of listening is
short, and an automation waits for its "on".

Our own actions (switches, selects, dates, buttons, the actions) return only once the entities
show what they did (`async_written`), as Home Assistant's own entities do; so does
`hass.async_block_till_done()`. When Home Assistant stops, what is left is written at once.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import partial

from homeassistant.const import EVENT_HOMEASSISTANT_STOP
from homeassistant.core import CALLBACK_TYPE, Event, HomeAssistant, callback

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
    """Per-assistant and hub-wide listeners; entities written by one task in batches."""

    def __init__(self, hass: HomeAssistant) -> None:
        """Start with no listeners."""
        self._hass = hass
        # Per assistant: what each listener follows, and the listener.
        self._listeners: defaultdict[str, list[_Listener]] = defaultdict(list)
        self._hub_listeners: list[CALLBACK_TYPE] = []
        # What changed and is not written yet, in order (a dict as an ordered set).
        self._pending: dict[_Key, None] = {}
        self._hub_pending = False
        # Our own actions waiting until the entities show what they did: those for the next
        # batch, and those the batch being written will wake.
        self._waiters: list[asyncio.Future[None]] = []
        self._batch_waiters: list[asyncio.Future[None]] = []
        self._writer: asyncio.Task[None] | None = None

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Write what is left when Home Assistant stops; return what stops the writing.

        Home Assistant does not wait at its stop for a task started before it, and cancels
        it at its close.
        """
        remove = self._hass.bus.async_listen(EVENT_HOMEASSISTANT_STOP, self._async_write_now)

        @callback
        def _stop() -> None:
            remove()
            self._pending.clear()
            self._hub_pending = False
            self._stop_writer()
            # Their entities are gone with the hub: nothing more to wait for.
            self._wake()

        return _stop

    @callback
    def async_add_listener(
        self, assistant_id: str, topics: frozenset[Topic], update: Callable[[Topic], None]
    ) -> CALLBACK_TYPE:
        """Call `update` with the topic, in the next batch, when one of these topics changes.

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
        """Write this assistant's entities of this topic with the batch, the hub's after them."""
        if topic is Topic.ACTIVITY:
            self._call(self._updates(assistant_id, topic))
            return
        self._pending[(assistant_id, topic)] = None
        if topic in HUB_TOPICS:
            self._hub_pending = True
        self._schedule()

    @callback
    def async_hub_changed(self) -> None:
        """Write the hub's entities once, after the assistants' changes of this batch."""
        self._hub_pending = True
        self._schedule()

    async def async_written(self) -> None:
        """Return once the entities show every change made until now."""
        if self._writer is None and not self._pending and not self._hub_pending:
            return
        waiter: asyncio.Future[None] = self._hass.loop.create_future()
        self._waiters.append(waiter)
        self._schedule()
        await waiter

    def _schedule(self) -> None:
        if self._writer is None:
            # Not started before the next turn: every change of this turn joins the batch.
            self._writer = self._hass.async_create_task(
                self._async_write(), "voice_privacy entity writes", eager_start=False
            )

    async def _async_write(self) -> None:
        """Write each batch in slices that each hold the event loop a few milliseconds."""
        loop = self._hass.loop
        try:
            while self._pending or self._hub_pending or self._waiters:
                # A change stays pending until it is written, so the stop can write the rest.
                batch = list(self._pending)
                # Only those who waited before the batch began: a change made during it may
                # not be in it.
                self._batch_waiters, self._waiters = self._waiters, []
                deadline = loop.time() + TURN_BUDGET
                for key in batch:
                    if loop.time() >= deadline:
                        # Let the event loop run: other work, and devices answering meanwhile.
                        await asyncio.sleep(0)
                        deadline = loop.time() + TURN_BUDGET
                    if key in self._pending:
                        self._write(key)
                if loop.time() >= deadline:
                    await asyncio.sleep(0)
                self._finish_batch()
                await asyncio.sleep(0)
        finally:
            if self._writer is asyncio.current_task():
                self._writer = None

    def _write(self, key: _Key) -> None:
        # Changed again before its turn in the batch: written once, as it is now.
        del self._pending[key]
        self._call(self._updates(*key))

    def _finish_batch(self) -> None:
        """The hub after the assistants; then those waiting for what they did are told."""
        if self._hub_pending:
            self._hub_pending = False
            self._call(tuple(self._hub_listeners))
        self._wake()

    def _wake(self) -> None:
        """Wake those the batch written now was for."""
        waiters, self._batch_waiters = self._batch_waiters, []
        for waiter in waiters:
            if not waiter.done():
                waiter.set_result(None)

    @callback
    def _async_write_now(self, _event: Event) -> None:
        """Home Assistant stops: write what is left at once, before the records are saved."""
        self._stop_writer()
        for key in list(self._pending):
            self._write(key)
        self._finish_batch()

    def _stop_writer(self) -> None:
        """Stop the task; what it had left is written by the caller, or not at all."""
        if self._writer is not None:
            self._writer.cancel()
            self._writer = None
        self._batch_waiters += self._waiters
        self._waiters = []

    def _updates(self, assistant_id: str, topic: Topic) -> Iterable[CALLBACK_TYPE]:
        return [
            partial(update, topic)
            for topics, update in self._listeners.get(assistant_id, ())
            if topic in topics
        ]

    @staticmethod
    def _call(updates: Iterable[CALLBACK_TYPE]) -> None:
        """Run each update; one that fails is logged and does not stop the others."""
        for update in updates:
            try:
                update()
            except Exception:  # noqa: BLE001 - as Home Assistant's own event dispatch does
                LOGGER.exception("Error updating an entity of Voice Privacy")
