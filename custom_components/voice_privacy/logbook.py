"""Logbook entries for purges and for each time an assistant listened.

A purge says what was deleted and what only requested. A listening says whether privacy mode
was on; it names no pipeline run, as neither the satellite's state nor its context says which.

A microphone change needs no entry of its own: the Microphone sensor's state change is the
entry, written in the context of what caused it (so the logbook names the trigger), and its
`cause` attribute says which decision it was. A second line per change would only repeat it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.components.logbook.const import (
    LOGBOOK_ENTRY_ENTITY_ID,
    LOGBOOK_ENTRY_MESSAGE,
    LOGBOOK_ENTRY_NAME,
)
from homeassistant.core import Event, HomeAssistant, callback

from .const import (
    ATTR_ASSISTANT,
    ATTR_PRIVACY_MODE,
    ATTR_SOURCES,
    DOMAIN,
    EVENT_HISTORY_PURGED,
    EVENT_LISTENED,
)


@dataclass(frozen=True, slots=True)
class LogbookTexts:
    """The logbook's words in one language.

    Home Assistant has no translation hook for a custom integration's logbook events, so the
    texts live here, one table per language, chosen by the language Home Assistant is set to.
    """

    purge: Mapping[str, str]
    purged: str  # {details}
    failed: str  # {sources}
    nothing_found: str
    partly_deleted: str  # {files}: the disk refused some files, the others went all the same
    one_entity: str  # {count}
    entities: str  # {count}
    listened: str
    listened_while_private: str


ENGLISH = LogbookTexts(
    purge={
        "recorder": "recorder history of {count} removed",
        "debug_recordings": "{files} recordings ({bytes} bytes) deleted",
        "vendor_cloud": "cloud deletion requested (not confirmed by the vendor)",
    },
    purged="voice history purged: {details}",
    failed="failed: {sources}",
    nothing_found="nothing found",
    partly_deleted="{files} recordings deleted before the disk refused the rest",
    one_entity="{count} entity",
    entities="{count} entities",
    listened="listened",
    listened_while_private="listened while its privacy mode was on",
)

TEXTS: Mapping[str, LogbookTexts] = {
    "en": ENGLISH,
    "de": LogbookTexts(
        purge={
            "recorder": "Recorder-Verlauf von {count} entfernt",
            "debug_recordings": "{files} Aufnahmen ({bytes} Bytes) gelöscht",
            "vendor_cloud": "Löschung in der Cloud angefordert (vom Anbieter nicht bestätigt)",
        },
        purged="Sprachverlauf gelöscht: {details}",
        failed="fehlgeschlagen: {sources}",
        nothing_found="nichts gefunden",
        partly_deleted="{files} Aufnahmen gelöscht, bevor der Datenträger den Rest verweigerte",
        one_entity="{count} Entität",
        entities="{count} Entitäten",
        listened="hat zugehört",
        listened_while_private="hat zugehört, obwohl sein Privatsphäre-Modus an war",
    ),
    "fr": LogbookTexts(
        purge={
            "recorder": "historique du Recorder de {count} supprimé",
            "debug_recordings": "{files} enregistrements ({bytes} octets) supprimés",
            "vendor_cloud": "suppression dans le cloud demandée (non confirmée par le fournisseur)",
        },
        purged="historique vocal effacé : {details}",
        failed="échec : {sources}",
        nothing_found="rien trouvé",
        partly_deleted="{files} enregistrements supprimés avant que le disque ne refuse le reste",
        one_entity="{count} entité",
        entities="{count} entités",
        listened="a écouté",
        listened_while_private="a écouté alors que son mode confidentialité était activé",
    ),
    "es": LogbookTexts(
        purge={
            "recorder": "historial del Recorder de {count} eliminado",
            "debug_recordings": "{files} grabaciones ({bytes} bytes) borradas",
            "vendor_cloud": "borrado en la nube solicitado (no confirmado por el proveedor)",
        },
        purged="historial de voz borrado: {details}",
        failed="falló: {sources}",
        nothing_found="no se encontró nada",
        partly_deleted="{files} grabaciones borradas antes de que el disco rechazara el resto",
        one_entity="{count} entidad",
        entities="{count} entidades",
        listened="escuchó",
        listened_while_private="escuchó mientras su modo de privacidad estaba activado",
    ),
    "nl": LogbookTexts(
        purge={
            "recorder": "Recorder-geschiedenis van {count} verwijderd",
            "debug_recordings": "{files} opnames ({bytes} bytes) verwijderd",
            "vendor_cloud": (
                "verwijdering in de cloud aangevraagd (niet bevestigd door de aanbieder)"
            ),
        },
        purged="spraakgeschiedenis gewist: {details}",
        failed="mislukt: {sources}",
        nothing_found="niets gevonden",
        partly_deleted="{files} opnames verwijderd voordat de schijf de rest weigerde",
        one_entity="{count} entiteit",
        entities="{count} entiteiten",
        listened="heeft geluisterd",
        listened_while_private="heeft geluisterd terwijl de privacymodus aan stond",
    ),
}


def texts_for(language: str) -> LogbookTexts:
    """Return the texts of a language ("de-CH" reads German), else English."""
    return TEXTS.get(language.partition("-")[0].lower(), ENGLISH)


def _entities(texts: LogbookTexts, result: dict[str, Any]) -> str:
    count = len(result.get("entities", []))
    return (texts.one_entity if count == 1 else texts.entities).format(count=count)


@callback
def async_describe_events(
    hass: HomeAssistant,
    async_describe_event: Callable[[str, str, Callable[[Event], dict[str, Any]]], None],
) -> None:
    """Describe voice_privacy_history_purged and voice_privacy_listened events."""

    @callback
    def async_describe_purge(event: Event) -> dict[str, Any]:
        texts = texts_for(hass.config.language)
        sources: dict[str, dict[str, Any]] = event.data[ATTR_SOURCES]
        parts = [
            texts.purge[source].format(**result, count=_entities(texts, result))
            for source, result in sources.items()
            if result["status"] in ("removed", "requested")
        ]
        failed = [source for source, result in sources.items() if result["status"] == "failed"]
        if failed:
            parts.append(texts.failed.format(sources=", ".join(failed)))
        partly = sources.get("debug_recordings", {})
        if partly.get("status") == "failed" and partly.get("files"):
            # The disk refused some files; the others were deleted all the same.
            parts.append(texts.partly_deleted.format(files=partly["files"]))
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: texts.purged.format(
                details="; ".join(parts) or texts.nothing_found
            ),
            LOGBOOK_ENTRY_ENTITY_ID: event.data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_HISTORY_PURGED, async_describe_purge)

    @callback
    def async_describe_listened(event: Event) -> dict[str, Any]:
        texts = texts_for(hass.config.language)
        return {
            LOGBOOK_ENTRY_NAME: event.data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: (
                texts.listened_while_private if event.data[ATTR_PRIVACY_MODE] else texts.listened
            ),
            LOGBOOK_ENTRY_ENTITY_ID: event.data.get("entity_id"),
        }

    async_describe_event(DOMAIN, EVENT_LISTENED, async_describe_listened)
