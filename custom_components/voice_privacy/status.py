"""Each assistant's microphone status, pushed from its linked entities' state changes.

Nothing is polled: Home Assistant already knows the state of every linked entity. A linked
entity's change recomputes only the assistants linked to it, announces a microphone change
(`voice_privacy_changed`, with its cause) and updates only those assistants' entities.

A change nobody here asked for (the mute pressed or the plug switched on the device itself)
is a person's decision too, once Home Assistant runs; it is handed to `on_device_decision`
for the policy.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace
from typing import Any

from homeassistant.const import ATTR_ENTITY_ID, Platform
from homeassistant.core import (
    CALLBACK_TYPE,
    Context,
    CoreState,
    Event,
    EventStateChangedData,
    HomeAssistant,
    callback,
)
from homeassistant.helpers import entity_registry as er
from homeassistant.helpers.event import async_track_state_change_event

from .changes import ChangeNotifier, Topic
from .const import (
    ATTR_ASSISTANT,
    ATTR_ASSISTANT_ID,
    ATTR_CAUSE,
    ATTR_MICROPHONE,
    ATTR_PREVIOUS,
    DOMAIN,
    EVENT_PRIVACY_CHANGED,
    KEY_MICROPHONE,
    Cause,
    MicrophoneState,
    unique_id,
)
from .links import is_usable, read_microphone
from .models import Assistant, AssistantStatus

# (assistant_id, private now, private before)
type DeviceDecision = Callable[[str, bool, bool], None]


class MicrophoneTracker:
    """Keep every assistant's status current, one assistant at a time."""

    def __init__(
        self,
        hass: HomeAssistant,
        assistants: Mapping[str, Assistant],
        changes: ChangeNotifier,
        on_device_decision: DeviceDecision,
        on_link_added_or_removed: CALLBACK_TYPE,
    ) -> None:
        """Index the assistants by the entities they are linked to."""
        self._hass = hass
        self._assistants = assistants
        self._changes = changes
        self._on_device_decision = on_device_decision
        self._on_link_added_or_removed = on_link_added_or_removed
        self._by_entity: defaultdict[str, list[str]] = defaultdict(list)
        for assistant_id, assistant in assistants.items():
            for entity_id in assistant.links.entity_ids:
                self._by_entity[entity_id].append(assistant_id)
        # Context ids of the commands we sent, so a resulting state change names its cause.
        self._causes: dict[str, Cause] = {}
        # The contexts in use, with how many commands use each, by cause and parent.
        self._shared_contexts: dict[tuple[Cause, str | None, str | None], list[Any]] = {}
        self._unsubscribes: list[CALLBACK_TYPE] = []
        # The context of each assistant's last status change.
        self.contexts: dict[str, Context] = {}
        self.statuses: dict[str, AssistantStatus] = {
            assistant_id: self._compute(assistant_id) for assistant_id in assistants
        }

    def status(self, assistant_id: str) -> AssistantStatus:
        """What the linked entities say about one assistant now."""
        return self.statuses[assistant_id]

    @callback
    def async_start(self) -> CALLBACK_TYPE:
        """Follow the linked entities; return what stops following them.

        The statuses are read again once followed, so a change between construction and
        now is not lost.
        """
        self._follow(list(self._by_entity))
        self.statuses = {
            assistant_id: self._compute(assistant_id) for assistant_id in self.statuses
        }
        return self._async_stop

    @callback
    def async_add_assistant(self, assistant_id: str) -> None:
        """Follow an assistant added to the hub (its subentry), without touching the others."""
        links = self._assistants[assistant_id].links
        new = [e for e in links.entity_ids if e not in self._by_entity]
        for entity_id in links.entity_ids:
            self._by_entity[entity_id].append(assistant_id)
        self._follow(new)
        self.statuses[assistant_id] = self._compute(assistant_id)

    def _follow(self, entity_ids: list[str]) -> None:
        if entity_ids:
            self._unsubscribes.append(
                async_track_state_change_event(
                    self._hass, entity_ids, self._async_linked_state_changed
                )
            )

    @callback
    def _async_stop(self) -> None:
        while self._unsubscribes:
            self._unsubscribes.pop()()

    @contextmanager
    def command_context(self, cause: Cause, parent: Context | None) -> Iterator[Context]:
        """A context for commands to linked entities, so their changes name `cause`.

        Commands with the same cause and parent running at the same time (privacy for many
        assistants at once) share one context, so they can go out as one call (control.py).
        """
        key = (cause, parent.id if parent else None, parent.user_id if parent else None)
        shared = self._shared_contexts.get(key)
        if shared is None:
            context = Context(
                user_id=parent.user_id if parent else None,
                parent_id=parent.id if parent else None,
            )
            self._causes[context.id] = cause
            shared = self._shared_contexts[key] = [context, 0]
        shared[1] += 1
        try:
            yield shared[0]
        finally:
            shared[1] -= 1
            if not shared[1]:
                del self._shared_contexts[key]
                del self._causes[shared[0].id]

    def _compute(self, assistant_id: str) -> AssistantStatus:
        links = self._assistants[assistant_id].links
        get_state = self._hass.states.get
        microphone, decided_by = read_microphone(links, get_state)
        return AssistantStatus(
            microphone=microphone,
            decided_by=decided_by,
            available=any(is_usable(get_state, e) for e in links.entity_ids),
            privacy_available=any(is_usable(get_state, e) for e in links.privacy_entity_ids),
        )

    @callback
    def _async_linked_state_changed(self, event: Event[EventStateChangedData]) -> None:
        """Recompute the assistants linked to this entity, and only those."""
        cause = self._causes.get(event.context.id, Cause.DEVICE)
        for assistant_id in self._by_entity[event.data["entity_id"]]:
            before = self.statuses[assistant_id]
            after = self._compute(assistant_id)
            changed = before.microphone != after.microphone
            after = replace(after, cause=cause if changed else before.cause)
            if after == before:
                continue
            self.statuses[assistant_id] = after
            # The assistant's entities are written in the context of the change that moved
            # them, so the logbook says what triggered them.
            self.contexts[assistant_id] = event.context
            if changed:
                self._async_fire_changed(assistant_id, before, after, cause, event.context)
            self._changes.async_changed(assistant_id, Topic.STATUS)
        if event.data["new_state"] is None or event.data["old_state"] is None:
            self._on_link_added_or_removed()

    @callback
    def _async_fire_changed(
        self,
        assistant_id: str,
        before: AssistantStatus,
        after: AssistantStatus,
        cause: Cause,
        context: Context,
    ) -> None:
        entity_id = er.async_get(self._hass).async_get_entity_id(
            Platform.SENSOR, DOMAIN, unique_id(assistant_id, KEY_MICROPHONE)
        )
        self._hass.bus.async_fire(
            EVENT_PRIVACY_CHANGED,
            {
                ATTR_ASSISTANT: self._assistants[assistant_id].name,
                ATTR_ASSISTANT_ID: assistant_id,
                ATTR_ENTITY_ID: entity_id,
                ATTR_PREVIOUS: before.microphone,
                ATTR_MICROPHONE: after.microphone,
                ATTR_CAUSE: cause,
            },
            context=context,
        )
        known = MicrophoneState.UNKNOWN not in (before.microphone, after.microphone)
        if (
            cause is Cause.DEVICE
            and known
            and before.private != after.private
            # While Home Assistant boots, devices report restored or reset states: not a
            # person's decision (a plug back on after a power cut must not end privacy).
            and self._hass.state is CoreState.running
        ):
            # Someone pressed mute or pulled the plug: a person's decision too.
            self._on_device_decision(assistant_id, after.private, before.private)
