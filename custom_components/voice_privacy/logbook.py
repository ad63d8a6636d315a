"""Logbook entries for microphone changes, so the history shows who muted what and when."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import ATTR_ASSISTANT, ATTR_CAUSE, ATTR_MICROPHONE, DOMAIN, EVENT_PRIVACY_CHANGED

# The logbook has no translation support for event descriptions yet; these stay in English.
MICROPHONE_TEXT = {
    "live": "is listening",
    "muted": "was muted",
    "powered_off": "was powered off",
    "do_not_disturb": "is in Do-Not-Disturb (still listening)",
    "unknown": "is in an unknown state",
}
CAUSE_TEXT = {
    "privacy_switch": "by its privacy mode switch",
    "home_switch": "by the home-wide privacy mode switch",
    "action": "by the set_privacy_mode action",
    "duration_ended": "when a temporary privacy change ended",
    "device": "by the device or its own integration",
}


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe voice_privacy_changed events."""

    @callback
    def async_describe(event: Event) -> dict[str, Any]:
        data = event.data
        message = (
            f"{MICROPHONE_TEXT.get(data[ATTR_MICROPHONE], data[ATTR_MICROPHONE])} "
            f"{CAUSE_TEXT.get(data[ATTR_CAUSE], '')}"
        ).strip()
        return {
            LOGBOOK_ENTRY_NAME: data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: f"microphone {message}",
            LOGBOOK_ENTRY_ENTITY_ID: data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_PRIVACY_CHANGED, async_describe)
