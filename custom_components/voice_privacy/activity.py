"""When each assistant listened, read from an entity of its own device.

An Assist satellite's `assist_satellite` entity is `listening` while it streams a voice
command to Home Assistant; an Echo's voice `event` entity gets a new state for each command it
heard (kinds.py says which entity, and how to read it). Each real activation is counted once:
a restored state, an entity coming back from unavailable, or a satellite going on from
`listening` to `processing` is not one. Nor is an Echo's last command replayed after a restart
(Alexa Devices forgets which record it showed, and shows the newest again): the first event
after Home Assistant starts that says exactly what the restored one said is that replay.

A change of one of these entities touches only its own assistant: its counts, its entities,
one `voice_privacy_listened` event (for automations and the logbook) and, when it listened
while its privacy mode was on, a repair. The counts are kept in a Store, so "Activations
today" survives a restart; it starts again at the first moment of each local day.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, TypeGuard

from homeassistant.const import ATTR_ENTITY_ID, ATTR_RESTORED, STATE_UNAVAILABLE
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    CoreState,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers.event import async_track_state_change_event
from homeassistant.helpers.storage import Store
from homeassistant.util import dt as dt_util

from .changes import ChangeNotifier, Topic
from .const import (
    ATTR_ASSISTANT,
    ATTR_ASSISTANT_ID,
    ATTR_AT,
    ATTR_PRIVACY_MODE,
    DOMAIN,
    EVENT_LISTENED,
    LOGGER,
)
from .days import NewDayAlarm
from .discovery import listen_entity
from .kinds import KINDS, LISTENING, ListenSource
from .models import Assistant
from .status import MicrophoneTracker
from .stored import CoalescedSave, aware_datetime

STORAGE_VERSION = 1
SAVE_DELAY = 5

# (assistant_id, when): it listened while its privacy mode was on.
type ListenedWhilePrivate = Callable[[str, datetime], None]


@dataclass(slots=True)
class Activity:
    """When one assistant last listened, and how often on one local day."""

    last: datetime | None = None
    count: int = 0
    # The local day `count` belongs to; another day's count reads as 0.
    day: date | None = None
    # Of those, the ones while its privacy mode was on.
    private: int = 0

    def count_on(self, today: date) -> int:
        """Activations on this local day."""
        return self.count if self.day == today else 0

    def private_on(self, today: date) -> int:
        """Activations on this local day while its privacy mode was on."""
        return self.private if self.day == today else 0


def _activity_from_store(raw: Any) -> Activity | None:
    """Read one stored entry; None for one of the wrong shape.

    A time without its time zone is refused like a wrong type: "Last listened" is a
    timestamp sensor, and Home Assistant refuses to add one holding a naive time.
    """
    if not isinstance(raw, dict):
        return None
    last, count, day = raw.get("last"), raw.get("count"), raw.get("day")
    # Stores written before this count existed have none: 0.
    private = raw.get("private", 0)
    if (
        (last is not None and aware_datetime(last) is None)
        or not _is_count(count)
        or not _is_count(private)
        or private > count
        or not isinstance(day, str | None)
    ):
        return None
    try:
        return Activity(
            aware_datetime(last), count, date.fromisoformat(day) if day else None, private
        )
    except ValueError:
        return None


def _is_count(value: Any) -> TypeGuard[int]:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _store(hass: HomeAssistant, entry_id: str) -> Store[dict[str, dict[str, Any]]]:
    return Store(hass, STORAGE_VERSION, f"{DOMAIN}.{entry_id}.activity")


class ListeningTracker:
    """Count each assistant's activations from its own device, one assistant at a time."""

    def __init__(
        self,
        hass: HomeAssistant,
        entry_id: str,
        assistants: Mapping[str, Assistant],
        *,
        microphones: MicrophoneTracker,
        changes: ChangeNotifier,
        on_listened_while_private: ListenedWhilePrivate,
    ) -> None:
        """Start with nothing followed; `async_load` reads the counts back."""
        self._hass = hass
        self._store = _store(hass, entry_id)
        self._assistants = assistants
        self._microphones = microphones
        self._changes = changes
        self._on_listened_while_private = on_listened_while_private
        self.activity: dict[str, Activity] = {}
        # assistant_id -> the entity that tells when it listened; absent where none does.
        self.sources: dict[str, str] = {}
        self._by_entity: dict[str, str] = {}
        # Assistants with activations today: only they change at midnight.
        self._counted_today: set[str] = set()
        # The context of each assistant's last activity, so its entities name what moved them.
        self.contexts: dict[str, Context] = {}
        self._unsubscribes: list[CALLBACK_TYPE] = []
        self._saves = CoalescedSave(self._store, self._serialize, SAVE_DELAY)
        # Event entities followed since Home Assistant started, whose next event may be a replay.
        self._may_replay: set[str] = set()
        self._new_day = NewDayAlarm(hass, self._async_new_day)

    async def async_load(self) -> None:
        """Read the counts of known assistants back; removed ones are forgotten."""
        stored = await self._store.async_load()
        today = dt_util.now().date()
        for assistant_id, raw in (stored if isinstance(stored, dict) else {}).items():
            if assistant_id not in self._assistants:
                continue
            if (activity := _activity_from_store(raw)) is None:
                LOGGER.warning("Ignoring the activity of %s, which cannot be read", assistant_id)
                continue
            self.activity[assistant_id] = activity
            if activity.count_on(today):
                self._counted_today.add(assistant_id)

    @staticmethod
    async def async_remove_store(hass: HomeAssistant, entry_id: str) -> None:
        """Delete the store of a hub that was removed."""
        await _store(hass, entry_id).async_remove()

    @callback
    def async_start(self) -> Callable[[], Any]:
        """Find and follow each assistant's listening entity; return what stops it."""
        for assistant_id in self._assistants:
            self._find_source(assistant_id)
        if self._hass.state is not CoreState.running:
            self._may_replay = {
                entity_id
                for entity_id, assistant_id in self._by_entity.items()
                if (source := self.source(assistant_id)) is not None and not source.tells_now
            }
        self._follow(list(self._by_entity))
        self._unsubscribes.append(self._new_day.async_start())
        return self.async_stop

    @callback
    def async_add_assistant(self, assistant_id: str) -> None:
        """Follow an assistant added to the hub, without touching the others."""
        if (entity_id := self._find_source(assistant_id)) is not None:
            self._follow([entity_id])

    def _find_source(self, assistant_id: str) -> str | None:
        entity_id = listen_entity(self._hass, self._assistants[assistant_id].links)
        if entity_id is not None and entity_id not in self._by_entity:
            self.sources[assistant_id] = entity_id
            self._by_entity[entity_id] = assistant_id
            return entity_id
        return None

    def _follow(self, entity_ids: list[str]) -> None:
        if entity_ids:
            self._unsubscribes.append(
                async_track_state_change_event(self._hass, entity_ids, self._async_source_changed)
            )

    async def async_stop(self) -> None:
        """Stop following, and write pending counts now."""
        while self._unsubscribes:
            self._unsubscribes.pop()()
        await self._saves.async_flush()

    def source(self, assistant_id: str) -> ListenSource | None:
        """How this assistant's kind tells when it listened."""
        return KINDS[self._assistants[assistant_id].links.kind].listen_source

    def get(self, assistant_id: str) -> Activity:
        """One assistant's activity."""
        return self.activity.get(assistant_id, Activity())

    def activations_today(self, assistant_id: str) -> int:
        """Activations since local midnight."""
        return self.get(assistant_id).count_on(dt_util.now().date())

    def listened_while_private_today(self, assistant_id: str) -> int:
        """Activations since local midnight while its privacy mode was on."""
        return self.get(assistant_id).private_on(dt_util.now().date())

    def listening(self, assistant_id: str) -> bool:
        """Whether the satellite streams audio to Home Assistant now."""
        state = self._hass.states.get(self.sources[assistant_id])
        return state is not None and state.state == LISTENING

    def source_available(self, assistant_id: str) -> bool:
        """Whether the listening entity exists and is not unavailable."""
        state = self._hass.states.get(self.sources[assistant_id])
        return state is not None and state.state != STATE_UNAVAILABLE

    @callback
    def _async_source_changed(self, event: Event[EventStateChangedData]) -> None:
        """Count an activation of this entity's assistant, and update only its entities."""
        entity_id = event.data["entity_id"]
        assistant_id = self._by_entity[entity_id]
        old, new = event.data["old_state"], event.data["new_state"]
        source = self.source(assistant_id)
        assert source is not None  # followed only where the kind has one
        self.contexts[assistant_id] = event.context
        # An event entity back from a reload of its integration shows its restored state and
        # then its newest event again (Alexa Devices does): that first one may be a replay too.
        if (
            not source.tells_now
            and old is not None
            and old.state == STATE_UNAVAILABLE
            and old.attributes.get(ATTR_RESTORED)
        ):
            self._may_replay.add(entity_id)
        # A state just added or removed (restored at start, entity gone) is no activation.
        if old is not None and new is not None and source.activated(old.state, new.state):
            replay = entity_id in self._may_replay and new.attributes == old.attributes
            self._may_replay.discard(entity_id)
            if not replay:
                self._async_count(assistant_id, event.context)
        self._changes.async_changed(assistant_id, Topic.ACTIVITY)

    @callback
    def _async_count(self, assistant_id: str, context: Context) -> None:
        now = dt_util.utcnow()
        today = dt_util.as_local(now).date()
        activity = self.get(assistant_id)
        private = self._microphones.status(assistant_id).private
        self.activity[assistant_id] = Activity(
            now, activity.count_on(today) + 1, today, activity.private_on(today) + int(private)
        )
        self._counted_today.add(assistant_id)
        self._saves.async_save_later()
        self._hass.bus.async_fire(
            EVENT_LISTENED,
            {
                ATTR_ASSISTANT: self._assistants[assistant_id].name,
                ATTR_ASSISTANT_ID: assistant_id,
                ATTR_ENTITY_ID: self.sources[assistant_id],
                ATTR_PRIVACY_MODE: private,
                ATTR_AT: now.isoformat(),
            },
            context=context,
        )
        if private:
            self._on_listened_while_private(assistant_id, now)

    @callback
    def _async_new_day(self) -> None:
        """On a new local day, "Activations today" of the assistants that counted starts at 0."""
        counted, self._counted_today = self._counted_today, set()
        for assistant_id in counted:
            # Midnight caused this, not the device's last change.
            self.contexts.pop(assistant_id, None)
            self._changes.async_changed(assistant_id, Topic.ACTIVITY)

    def _serialize(self) -> dict[str, dict[str, Any]]:
        return {
            assistant_id: {
                "last": activity.last.isoformat() if activity.last else None,
                "count": activity.count,
                "day": activity.day.isoformat() if activity.day else None,
                "private": activity.private,
            }
            for assistant_id, activity in self.activity.items()
        }
