"""What an assistant is linked to, and what the linked entities say about its microphone.

Voice Privacy holds no vendor credentials: every assistant is a set of links to entities that
other integrations already provide (a satellite's mute switch, an Alexa Do-Not-Disturb switch,
a smart plug). This module is plain logic over those entities' states, kept apart from the
Home Assistant glue so the rules read in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.const import STATE_OFF, STATE_ON
from homeassistant.core import State

from .const import (
    CONF_DEVICE_ID,
    CONF_DND_ENTITY,
    CONF_KIND,
    CONF_MICROPHONE_SENSOR,
    CONF_MUTE_ENTITY,
    CONF_POWER_ENTITY,
    AssistantKind,
    MicrophoneState,
)

type StateGetter = Callable[[str], State | None]


@dataclass(frozen=True, slots=True)
class AssistantLinks:
    """The entities one assistant is controlled and observed through."""

    kind: AssistantKind
    device_id: str | None = None
    mute_entity: str | None = None
    dnd_entity: str | None = None
    power_entity: str | None = None
    # Read-only: reports the device's own microphone switch, cannot switch it.
    microphone_sensor: str | None = None

    @classmethod
    def from_data(cls, data: Mapping[str, Any]) -> AssistantLinks:
        """Build the links from a subentry's data."""
        return cls(
            kind=AssistantKind(data[CONF_KIND]),
            device_id=data.get(CONF_DEVICE_ID),
            mute_entity=data.get(CONF_MUTE_ENTITY),
            dnd_entity=data.get(CONF_DND_ENTITY),
            power_entity=data.get(CONF_POWER_ENTITY),
            microphone_sensor=data.get(CONF_MICROPHONE_SENSOR),
        )

    @property
    def entity_ids(self) -> list[str]:
        """Every linked entity, strongest control first."""
        return [
            entity_id
            for entity_id in (
                self.mute_entity,
                self.power_entity,
                self.microphone_sensor,
                self.dnd_entity,
            )
            if entity_id
        ]

    @property
    def privacy_entity_ids(self) -> list[str]:
        """The entities that really stop the microphone; Do-Not-Disturb is not one."""
        return [e for e in (self.mute_entity, self.power_entity) if e]

    @property
    def has_privacy_control(self) -> bool:
        """Whether privacy mode can be offered at all."""
        return bool(self.privacy_entity_ids)


def switch_value(get_state: StateGetter, entity_id: str | None) -> bool | None:
    """Return True/False for a linked switch that is on/off, None when it cannot tell."""
    if entity_id is None or (state := get_state(entity_id)) is None:
        return None
    if state.state == STATE_ON:
        return True
    if state.state == STATE_OFF:
        return False
    return None


def is_usable(get_state: StateGetter, entity_id: str | None) -> bool:
    """Whether a linked entity exists and reports on or off."""
    return switch_value(get_state, entity_id) is not None


def microphone_state(links: AssistantLinks, get_state: StateGetter) -> MicrophoneState:
    """Derive the microphone state from the linked entities.

    A power cut wins over everything (a muted satellite behind a plug that is off is off,
    and its mute switch is unavailable then). A microphone sensor reporting the device's own
    switch off is as good as a mute. Do-Not-Disturb only silences the speaker, so an
    assistant in Do-Not-Disturb is still listening and reported as such.
    """
    return read_microphone(links, get_state)[0]


def read_microphone(
    links: AssistantLinks, get_state: StateGetter
) -> tuple[MicrophoneState, str | None]:
    """The microphone state and the linked entity whose state decided it (None: unknown)."""
    power = switch_value(get_state, links.power_entity)
    mute = switch_value(get_state, links.mute_entity)
    sensor = switch_value(get_state, links.microphone_sensor)
    dnd = switch_value(get_state, links.dnd_entity)
    if power is False:
        return MicrophoneState.POWERED_OFF, links.power_entity
    if mute is True:
        return MicrophoneState.MUTED, links.mute_entity
    if sensor is False:
        return MicrophoneState.MUTED, links.microphone_sensor
    if sensor is True:
        live_by = links.microphone_sensor
    elif links.mute_entity:
        live_by = links.mute_entity if mute is False else None
    elif links.power_entity:
        live_by = links.power_entity if power is True else None
    else:
        live_by = links.dnd_entity if dnd is not None else None
    if live_by is None:
        return MicrophoneState.UNKNOWN, None
    if dnd is True:
        return MicrophoneState.DO_NOT_DISTURB, live_by
    return MicrophoneState.LIVE, live_by
