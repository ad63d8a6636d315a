"""Constants for the Voice Privacy integration."""

from __future__ import annotations

from enum import StrEnum
import logging
from typing import Final

DOMAIN: Final = "voice_privacy"
LOGGER = logging.getLogger(__package__)

SUBENTRY_ASSISTANT: Final = "assistant"

CONF_KIND: Final = "kind"
CONF_DEVICE_ID: Final = "device_id"
CONF_MUTE_ENTITY: Final = "mute_entity"
CONF_DND_ENTITY: Final = "dnd_entity"
CONF_POWER_ENTITY: Final = "power_entity"
# A read-only sensor of the device's own microphone switch (core sonos: binary_sensor
# "Microphone", on while the microphone is enabled).
CONF_MICROPHONE_SENSOR: Final = "microphone_sensor"
CONF_CONFIRM_TIMEOUT: Final = "confirm_timeout"
CONF_CLOUD_VOICE_DELETE: Final = "cloud_voice_delete"

DEFAULT_CONFIRM_TIMEOUT: Final = 10

# Hub options: the rules and the automatic purge.
CONF_SCHEDULE_ENTITY: Final = "schedule_entity"
CONF_SCHEDULE_ASSISTANTS: Final = "schedule_assistants"
CONF_AWAY_PRIVACY: Final = "away_privacy"
CONF_AWAY_PERSONS: Final = "away_persons"
CONF_AWAY_ASSISTANTS: Final = "away_assistants"
CONF_AUTO_PURGE: Final = "auto_purge"
CONF_PURGE_TIME: Final = "purge_time"
CONF_PURGE_KEEP_DAYS: Final = "purge_keep_days"
CONF_PURGE_SOURCES: Final = "purge_sources"
# Off by default: a spoken request carries no user, so this option is the administrator's consent.
CONF_VOICE_PURGE: Final = "voice_purge"
CONF_MAX_RETENTION_MONTHS: Final = "max_retention_months"
CONF_CONFIRM_EVERY_DAYS: Final = "confirm_every_days"
DEFAULT_MAX_RETENTION_MONTHS: Final = 3
DEFAULT_CONFIRM_EVERY_DAYS: Final = 180
DEFAULT_PURGE_TIME: Final = "03:30:00"
DEFAULT_PURGE_KEEP_DAYS: Final = 7

RULE_SCHEDULE: Final = "schedule"
RULE_AWAY: Final = "away"

EVENT_PRIVACY_CHANGED: Final = "voice_privacy_changed"
# An assistant listened (a satellite streamed a command, an Echo heard one).
EVENT_LISTENED: Final = "voice_privacy_listened"
ATTR_PRIVACY_MODE: Final = "privacy_mode"
ATTR_AT: Final = "at"

SERVICE_SET_PRIVACY_MODE: Final = "set_privacy_mode"
SERVICE_PURGE_HISTORY: Final = "purge_history"
EVENT_HISTORY_PURGED: Final = "voice_privacy_history_purged"
ATTR_OLDER_THAN: Final = "older_than"
ATTR_SOURCES: Final = "sources"
ATTR_DRY_RUN: Final = "dry_run"
ATTR_ENABLED: Final = "enabled"
ATTR_DURATION: Final = "duration"

ATTR_ASSISTANT: Final = "assistant"
ATTR_ASSISTANT_ID: Final = "assistant_id"
ATTR_MICROPHONE: Final = "microphone"
ATTR_PREVIOUS: Final = "previous"
ATTR_CAUSE: Final = "cause"


class AssistantKind(StrEnum):
    """The kinds of voice assistant, which decide what can be controlled."""

    ASSIST_SATELLITE = "assist_satellite"
    ALEXA = "alexa"
    GOOGLE = "google"
    APPLE = "apple"
    OTHER = "other"


class MicrophoneState(StrEnum):
    """What the microphone is doing, as far as the linked entities tell."""

    LIVE = "live"
    MUTED = "muted"
    POWERED_OFF = "powered_off"
    DO_NOT_DISTURB = "do_not_disturb"
    UNKNOWN = "unknown"


PRIVATE_STATES: Final = frozenset({MicrophoneState.MUTED, MicrophoneState.POWERED_OFF})
# Do-Not-Disturb silences the speaker, but the device keeps listening for its wake word.
LISTENING_STATES: Final = frozenset({MicrophoneState.LIVE, MicrophoneState.DO_NOT_DISTURB})


class Cause(StrEnum):
    """What made a microphone change state, reported in events and the logbook."""

    PRIVACY_SWITCH = "privacy_switch"
    HOME_SWITCH = "home_switch"
    ACTION = "action"
    DURATION_ENDED = "duration_ended"
    # At start-up, a decision still in force is enforced again on a device that lost it.
    RESTART = "restart"
    DEVICE = "device"
    SCHEDULE = "schedule"
    AWAY = "away"
    # Someone asked an assistant by voice (Assist's own agent or an LLM through the Assist API).
    VOICE = "voice"


class HistorySource(StrEnum):
    """Where voice history is kept that a purge can reach."""

    RECORDER = "recorder"
    DEBUG_RECORDINGS = "debug_recordings"
    VENDOR_CLOUD = "vendor_cloud"


class PurgeStatus(StrEnum):
    """The outcome of one source of a purge; a vendor deletion is only ever requested."""

    REMOVED = "removed"
    WOULD_REMOVE = "would_remove"
    REQUESTED = "requested"
    WOULD_REQUEST = "would_request"
    NOT_APPLICABLE = "not_applicable"
    FAILED = "failed"


# Keys of the entities that other parts look up: the events they fire name them.
KEY_MICROPHONE: Final = "microphone"
KEY_LAST_PURGE: Final = "last_purge"


def unique_id(owner_id: str, key: str) -> str:
    """The unique id of one of our entities: `<subentry_id>_<key>` or `<entry_id>_<key>`.

    An assistant's entities are owned by its subentry, the hub's by the config entry. Every
    place that makes one or looks one up in the entity registry goes through here, so they
    can never drift apart (they are stored in the registry: changing them orphans entities).
    """
    return f"{owner_id}_{key}"
