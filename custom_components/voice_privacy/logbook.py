"""Logbook entries for microphone changes, so the history shows who muted what and when."""

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
    ATTR_CAUSE,
    ATTR_MICROPHONE,
    ATTR_SOURCES,
    DOMAIN,
    EVENT_HISTORY_PURGED,
    EVENT_PRIVACY_CHANGED,
)


@dataclass(frozen=True, slots=True)
class LogbookTexts:
    """The logbook's words in one language.

    Home Assistant has no translation hook for a custom integration's logbook events, so the
    texts live here, one table per language, chosen by the language Home Assistant is set to.
    """

    microphone: Mapping[str, str]
    purge: Mapping[str, str]
    cause: Mapping[str, str]
    purged: str  # {details}
    failed: str  # {sources}
    nothing_found: str
    partly_deleted: str  # {files}: the disk refused some files, the others went all the same
    one_entity: str  # {count}
    entities: str  # {count}


ENGLISH = LogbookTexts(
    microphone={
        "live": "microphone live",
        "muted": "microphone muted",
        "powered_off": "powered off, microphone cut",
        "do_not_disturb": "Do-Not-Disturb on, still listening",
        "unknown": "microphone state unknown",
    },
    purge={
        "recorder": "recorder history of {count} removed",
        "debug_recordings": "{files} recordings ({bytes} bytes) deleted",
        "vendor_cloud": "cloud deletion requested (not confirmed by the vendor)",
    },
    cause={
        "privacy_switch": "privacy mode switch",
        "home_switch": "privacy mode for all assistants",
        "action": "set_privacy_mode action",
        "duration_ended": "temporary privacy change ended",
        "restart": "decision in force restored after a restart",
        "device": "changed on the device",
        "schedule": "privacy schedule",
        "away": "everyone away",
    },
    purged="voice history purged: {details}",
    failed="failed: {sources}",
    nothing_found="nothing found",
    partly_deleted="{files} recordings deleted before the disk refused the rest",
    one_entity="{count} entity",
    entities="{count} entities",
)

TEXTS: Mapping[str, LogbookTexts] = {
    "en": ENGLISH,
    "de": LogbookTexts(
        microphone={
            "live": "Mikrofon aktiv",
            "muted": "Mikrofon stummgeschaltet",
            "powered_off": "ausgeschaltet, Mikrofon getrennt",
            "do_not_disturb": "„Bitte nicht stören“ an, hört weiter zu",
            "unknown": "Mikrofonzustand unbekannt",
        },
        purge={
            "recorder": "Recorder-Verlauf von {count} entfernt",
            "debug_recordings": "{files} Aufnahmen ({bytes} Bytes) gelöscht",
            "vendor_cloud": "Löschung in der Cloud angefordert (vom Anbieter nicht bestätigt)",
        },
        cause={
            "privacy_switch": "Schalter Privatsphäre-Modus",
            "home_switch": "Privatsphäre-Modus für alle Assistenten",
            "action": "Aktion set_privacy_mode",
            "duration_ended": "vorübergehende Privatsphäre-Änderung beendet",
            "restart": "geltende Entscheidung nach einem Neustart wiederhergestellt",
            "device": "am Gerät geändert",
            "schedule": "Privatsphäre-Zeitplan",
            "away": "alle abwesend",
        },
        purged="Sprachverlauf gelöscht: {details}",
        failed="fehlgeschlagen: {sources}",
        nothing_found="nichts gefunden",
        partly_deleted="{files} Aufnahmen gelöscht, bevor der Datenträger den Rest verweigerte",
        one_entity="{count} Entität",
        entities="{count} Entitäten",
    ),
    "fr": LogbookTexts(
        microphone={
            "live": "microphone actif",
            "muted": "microphone en sourdine",
            "powered_off": "éteint, microphone coupé",
            "do_not_disturb": "Ne pas déranger activé, écoute toujours",
            "unknown": "état du microphone inconnu",
        },
        purge={
            "recorder": "historique du Recorder de {count} supprimé",
            "debug_recordings": "{files} enregistrements ({bytes} octets) supprimés",
            "vendor_cloud": "suppression dans le cloud demandée (non confirmée par le fournisseur)",
        },
        cause={
            "privacy_switch": "interrupteur du mode confidentialité",
            "home_switch": "mode confidentialité pour tous les assistants",
            "action": "action set_privacy_mode",
            "duration_ended": "fin du changement temporaire de confidentialité",
            "restart": "décision en vigueur rétablie après un redémarrage",
            "device": "modifié sur l'appareil",
            "schedule": "planification de confidentialité",
            "away": "tout le monde est absent",
        },
        purged="historique vocal effacé : {details}",
        failed="échec : {sources}",
        nothing_found="rien trouvé",
        partly_deleted="{files} enregistrements supprimés avant que le disque ne refuse le reste",
        one_entity="{count} entité",
        entities="{count} entités",
    ),
    "es": LogbookTexts(
        microphone={
            "live": "micrófono activo",
            "muted": "micrófono silenciado",
            "powered_off": "apagado, micrófono cortado",
            "do_not_disturb": "No molestar activado, sigue escuchando",
            "unknown": "estado del micrófono desconocido",
        },
        purge={
            "recorder": "historial del Recorder de {count} eliminado",
            "debug_recordings": "{files} grabaciones ({bytes} bytes) borradas",
            "vendor_cloud": "borrado en la nube solicitado (no confirmado por el proveedor)",
        },
        cause={
            "privacy_switch": "interruptor del modo de privacidad",
            "home_switch": "modo de privacidad para todos los asistentes",
            "action": "acción set_privacy_mode",
            "duration_ended": "fin del cambio temporal de privacidad",
            "restart": "decisión vigente restablecida tras un reinicio",
            "device": "cambiado en el dispositivo",
            "schedule": "programación de privacidad",
            "away": "todos fuera de casa",
        },
        purged="historial de voz borrado: {details}",
        failed="falló: {sources}",
        nothing_found="no se encontró nada",
        partly_deleted="{files} grabaciones borradas antes de que el disco rechazara el resto",
        one_entity="{count} entidad",
        entities="{count} entidades",
    ),
    "nl": LogbookTexts(
        microphone={
            "live": "microfoon actief",
            "muted": "microfoon gedempt",
            "powered_off": "uitgeschakeld, microfoon onderbroken",
            "do_not_disturb": "Niet storen aan, luistert nog",
            "unknown": "microfoonstatus onbekend",
        },
        purge={
            "recorder": "Recorder-geschiedenis van {count} verwijderd",
            "debug_recordings": "{files} opnames ({bytes} bytes) verwijderd",
            "vendor_cloud": (
                "verwijdering in de cloud aangevraagd (niet bevestigd door de aanbieder)"
            ),
        },
        cause={
            "privacy_switch": "privacymodus-schakelaar",
            "home_switch": "privacymodus voor alle assistenten",
            "action": "actie set_privacy_mode",
            "duration_ended": "tijdelijke privacywijziging afgelopen",
            "restart": "geldende beslissing hersteld na een herstart",
            "device": "gewijzigd op het apparaat",
            "schedule": "privacyschema",
            "away": "iedereen weg",
        },
        purged="spraakgeschiedenis gewist: {details}",
        failed="mislukt: {sources}",
        nothing_found="niets gevonden",
        partly_deleted="{files} opnames verwijderd voordat de schijf de rest weigerde",
        one_entity="{count} entiteit",
        entities="{count} entiteiten",
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
    """Describe voice_privacy_changed events."""

    @callback
    def async_describe(event: Event) -> dict[str, Any]:
        texts = texts_for(hass.config.language)
        data = event.data
        state = texts.microphone.get(data[ATTR_MICROPHONE], data[ATTR_MICROPHONE])
        cause = texts.cause.get(data[ATTR_CAUSE], data[ATTR_CAUSE])
        return {
            LOGBOOK_ENTRY_NAME: data[ATTR_ASSISTANT],
            LOGBOOK_ENTRY_MESSAGE: f"{state} ({cause})",
            LOGBOOK_ENTRY_ENTITY_ID: data.get("entity_id"),
        }

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

    async_describe_event(DOMAIN, EVENT_PRIVACY_CHANGED, async_describe)
    async_describe_event(DOMAIN, EVENT_HISTORY_PURGED, async_describe_purge)
