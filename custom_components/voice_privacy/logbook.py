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

from .const import (
    ATTR_ASSISTANT,
    ATTR_CAUSE,
    ATTR_MICROPHONE,
    ATTR_SOURCES,
    DOMAIN,
    EVENT_HISTORY_PURGED,
    EVENT_PRIVACY_CHANGED,
)

# The logbook has no translation support for event descriptions yet; these stay in English.
MICROPHONE_TEXT = {
    "live": "microphone live",
    "muted": "microphone muted",
    "powered_off": "powered off, microphone cut",
    "do_not_disturb": "Do-Not-Disturb on, still listening",
    "unknown": "microphone state unknown",
}
PURGE_TEXT = {
    "recorder": "recorder history of {count} removed",
    "debug_recordings": "{files} recordings ({bytes} bytes) deleted",
    "vendor_cloud": "cloud deletion requested (not confirmed by the vendor)",
}
CAUSE_TEXT = {
    "privacy_switch": "privacy mode switch",
    "home_switch": "privacy mode for all assistants",
    "action": "set_privacy_mode action",
    "duration_ended": "temporary privacy change ended",
    "restart": "decision in force restored after a restart",
    "device": "changed on the device",
    "schedule": "privacy schedule",
    "away": "everyone away",
}


def _entities(result: dict[str, Any]) -> str:
    count = len(result.get("entities", []))
    return f"{count} entity" if count == 1 else f"{count} entities"


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe voice_privacy_changed events."""

    @callback
    def async_describe(event: Event) -> dict[str, Any]:
        data = event.data
        state = MICROPHONE_TEXT.get(data[ATTR_MICROPHONE], data[ATTR_MICROPHONE])
        cause = CAUSE_TEXT.get(data[ATTR_CAUSE], data[ATTR_CAUSE])
        return {
            LOGBOOK_ENTRY_NAME: data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: f"{state} ({cause})",
            LOGBOOK_ENTRY_ENTITY_ID: data.get("entity_id"),
        }

    @callback
    def async_describe_purge(event: Event) -> dict[str, Any]:
        sources: dict[str, dict[str, Any]] = event.data[ATTR_SOURCES]
        parts = [
            PURGE_TEXT[source].format(**result, count=_entities(result))
            for source, result in sources.items()
            if result["status"] in ("removed", "requested")
        ]
        failed = [source for source, result in sources.items() if result["status"] == "failed"]
        if failed:
            parts.append("failed: " + ", ".join(failed))
        partly = sources.get("debug_recordings", {})
        if partly.get("status") == "failed" and partly.get("files"):
            # The disk refused some files; the others were deleted all the same.
            parts.append(f"{partly['files']} recordings deleted before the disk refused the rest")
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: "voice history purged: " + ("; ".join(parts) or "nothing found"),
            LOGBOOK_ENTRY_ENTITY_ID: event.data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_PRIVACY_CHANGED, async_describe)
    async_describe_event(DOMAIN, EVENT_HISTORY_PURGED, async_describe_purge)
