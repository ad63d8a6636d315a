"""Logbook entries for purges and for each time an assistant listened.

A purge says what was deleted and what only requested. A listening says whether privacy mode
was on; it names no pipeline run, as neither the satellite's state nor its context says which.

A microphone change needs no entry of its own: the Microphone sensor's state change is the
entry, written in the context of what caused it (so the logbook names the trigger), and its
`cause` attribute says which decision it was. A second line per change would only repeat it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback
from homeassistant.helpers.translation import async_get_cached_translations

from .const import (
    ATTR_ASSISTANT,
    ATTR_PRIVACY_MODE,
    ATTR_SOURCES,
    DOMAIN,
    EVENT_HISTORY_PURGED,
    EVENT_LISTENED,
    HistorySource,
    PurgeStatus,
)
from .purge_results import SourcePurge, sources_of


def _words(hass: HomeAssistant) -> Callable[..., str]:
    """The logbook's words in the server's language (translations' `common` section).

    Home Assistant has loaded them with the integration, for its language and English, and
    loads them again when the language changes; a key it lacks reads as English.
    """
    strings = async_get_cached_translations(hass, hass.config.language, "common", DOMAIN)

    def _say(key: str, **values: object) -> str:
        return strings.get(f"component.{DOMAIN}.common.logbook_{key}", key).format(**values)

    return _say


def _done(say: Callable[..., str], source: str, outcome: SourcePurge) -> str:
    """What one source deleted, or (the vendor) was asked to delete."""
    count = len(outcome.entities or ())
    entities = say("one_entity" if count == 1 else "entities", count=count)
    return say(f"purge_{source}", files=outcome.files, bytes=outcome.bytes, count=entities)


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe voice_privacy_history_purged and voice_privacy_listened events."""

    @callback
    def async_describe_purge(event: Event) -> dict[str, Any]:
        say = _words(hass)
        # Also events recorded by earlier versions: a source that cannot be read is left out.
        sources = sources_of(event.data[ATTR_SOURCES])
        parts = [_done(say, source, outcome) for source, outcome in sources.items() if outcome.done]
        failed = [s for s, outcome in sources.items() if outcome.status is PurgeStatus.FAILED]
        if failed:
            parts.append(say("failed", sources=", ".join(failed)))
        partly = sources.get(HistorySource.DEBUG_RECORDINGS)
        if partly is not None and partly.status is PurgeStatus.FAILED and partly.files:
            # The disk refused some files; the others were deleted all the same.
            parts.append(say("partly_deleted", files=partly.files))
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: say("purged", details="; ".join(parts) or say("nothing_found")),
            LOGBOOK_ENTRY_ENTITY_ID: event.data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_HISTORY_PURGED, async_describe_purge)

    @callback
    def async_describe_listened(event: Event) -> dict[str, Any]:
        say = _words(hass)
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: say(
                "listened_while_private" if event.data[ATTR_PRIVACY_MODE] else "listened"
            ),
            LOGBOOK_ENTRY_ENTITY_ID: event.data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_LISTENED, async_describe_listened)
