"""Everything that differs between kinds of voice assistant, in one table.

A kind decides which switches can control the assistant, which devices can be it (and so what
the device picker offers), how its own device is labelled when Home Assistant knows none,
what its vendor lets users set about voice recordings, which command asks the vendor to
delete voice history, whether Assist keeps debug recordings of it on disk, and which entity of
its own device tells when it listened.

No vendor offers an API for its privacy settings: Voice Privacy only records what the user
says they set, and points to the vendor's own page. Retention options are the vendor's own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
import math
from typing import Any

from homeassistant.const import ATTR_DEVICE_ID, STATE_UNAVAILABLE, STATE_UNKNOWN

from .const import (
    CONF_DND_ENTITY,
    CONF_MICROPHONE_SENSOR,
    CONF_MUTE_ENTITY,
    CONF_POWER_ENTITY,
    AssistantKind,
)

ASSIST_SATELLITE_DOMAIN = "assist_satellite"
ALEXA_DEVICES_DOMAIN = "alexa_devices"
GOOGLE_ASSISTANT_SDK_DOMAIN = "google_assistant_sdk"
# The vendors' own phrase for deleting all voice history; the user enables it in the app.
DELETE_EVERYTHING = "delete everything I said"

# Months a retention option keeps recordings; inf for "until deleted".
RETENTION_MONTHS: dict[str, float] = {
    "not_saved": 0,
    "3_months": 3,
    "6_months": 6,
    "18_months": 18,
    "36_months": 36,
    "until_deleted": math.inf,
}


@dataclass(frozen=True, slots=True, kw_only=True)
class VendorDeletion:
    """The vendor's own voice-deletion command, sent through the user's integration.

    Nothing confirms it, so a purge reports it as requested, never as deleted.
    """

    domain: str
    service: str
    data_fn: Callable[[str | None], dict[str, Any]]
    text: str = DELETE_EVERYTHING


class ListenReading(StrEnum):
    """How an entity of the assistant's device tells that it listened."""

    # Its state is `listening` while the device streams a voice command (assist_satellite).
    LISTENING_STATE = "listening_state"
    # Each new state (an event entity's timestamp) is one voice command heard.
    NEW_EVENT = "new_event"


# The assist_satellite state while a satellite streams audio to Home Assistant.
LISTENING = "listening"


@dataclass(frozen=True, slots=True, kw_only=True)
class ListenSource:
    """The entity of the assistant's own device that tells when it listened.

    Found in the entity registry on the device: of this domain, and of this integration and
    translation key where given (an Echo has other event entities than its voice event).
    """

    domain: str
    reading: ListenReading
    platform: str | None = None
    translation_key: str | None = None

    @property
    def tells_now(self) -> bool:
        """Whether its state says the assistant is listening right now, not only that it did."""
        return self.reading is ListenReading.LISTENING_STATE

    def activated(self, old: str, new: str) -> bool:
        """Whether a state change (never a restored state) is one activation.

        A satellite activates when it goes from a known state to `listening`; coming back
        from unavailable or unknown while listening is not a new activation. An event entity
        activates with each new timestamp, the first one ever included (from unknown), but not
        when it comes back from unavailable: that is its old event again.
        """
        if new in (STATE_UNAVAILABLE, STATE_UNKNOWN) or old == STATE_UNAVAILABLE:
            return False
        if self.reading is ListenReading.LISTENING_STATE:
            return new == LISTENING and old not in (LISTENING, STATE_UNKNOWN)
        return new != old


@dataclass(frozen=True, slots=True, kw_only=True)
class AssistantKindSpec:
    """What one kind of assistant has, can do and offers."""

    # The entities an assistant of this kind can be linked to, strongest first: switches,
    # and a read-only microphone sensor (Sonos speakers, which host Alexa or Google).
    controls: tuple[str, ...]
    # Shown on the assistant's own device when Home Assistant knows none.
    manufacturer: str | None
    model: str
    # The vendor's privacy settings: retention options, whether staff may listen, where.
    retention_options: tuple[str, ...]
    human_review: bool
    privacy_url: str
    # The device must have an entity of this domain, of this integration where both are
    # given; with neither, any device will do and none is required.
    device_entity_domain: str | None = None
    device_integration: str | None = None
    deletion: VendorDeletion | None = None
    # Assist's pipeline can keep debug recordings of this kind on disk.
    debug_recordings: bool = False
    # Entities of the assistant's own device whose recorder history is voice data (what was
    # said, when it listened): by domain, or by translation key. A purge touches these only.
    voice_entity_domains: tuple[str, ...] = ()
    voice_entity_translation_keys: tuple[str, ...] = ()
    # Which entity of its own device tells when it listened; None where nothing tells.
    listen_source: ListenSource | None = None

    @property
    def device_required(self) -> bool:
        """Whether the assistant must be a device Home Assistant knows (its controls are there)."""
        return bool(self.device_entity_domain or self.device_integration)


KINDS: dict[AssistantKind, AssistantKindSpec] = {
    # ESPHome (Voice PE) and Wyoming satellites have their own mute switch.
    # Assist keeps audio only in debug recordings, on your own disk, until deleted.
    AssistantKind.ASSIST_SATELLITE: AssistantKindSpec(
        controls=(CONF_MUTE_ENTITY, CONF_POWER_ENTITY),
        manufacturer=None,
        model="Assist satellite",
        retention_options=("not_saved", "until_deleted"),
        human_review=False,
        privacy_url="https://www.home-assistant.io/integrations/assist_pipeline/",
        device_entity_domain=ASSIST_SATELLITE_DOMAIN,
        debug_recordings=True,
        # When it listened (its states), and Wyoming's "Assist in progress" (ESPHome removed
        # its own in 2026.4; a Voice PE has only the assist_satellite entity).
        voice_entity_domains=(ASSIST_SATELLITE_DOMAIN,),
        voice_entity_translation_keys=("assist_in_progress",),
        listen_source=ListenSource(
            domain=ASSIST_SATELLITE_DOMAIN, reading=ListenReading.LISTENING_STATE
        ),
    ),
    # Core alexa_devices: Do-Not-Disturb is a soft control only (the Echo keeps listening).
    # Alexa app: More > Alexa Privacy > Manage Your Alexa Data / How Your Data Improves Alexa.
    AssistantKind.ALEXA: AssistantKindSpec(
        controls=(CONF_DND_ENTITY, CONF_POWER_ENTITY, CONF_MICROPHONE_SENSOR),
        manufacturer="Amazon",
        model="Alexa",
        retention_options=("not_saved", "3_months", "18_months", "until_deleted"),
        human_review=True,
        privacy_url="https://www.amazon.com/alexaprivacysettings",
        # An Echo one can speak to has its voice event; the account's "Amazon" device and
        # speaker groups, also of alexa_devices, do not and are no assistants.
        device_entity_domain="event",
        device_integration=ALEXA_DEVICES_DOMAIN,
        # The Echo's voice event entity carries the spoken command in its attributes.
        voice_entity_domains=("event",),
        # Each new state of that voice event is one command the Echo heard.
        listen_source=ListenSource(
            domain="event",
            reading=ListenReading.NEW_EVENT,
            platform=ALEXA_DEVICES_DOMAIN,
            translation_key="voice_event",
        ),
        deletion=VendorDeletion(
            domain=ALEXA_DEVICES_DOMAIN,
            service="send_text_command",
            data_fn=lambda device_id: {
                ATTR_DEVICE_ID: device_id,
                "text_command": DELETE_EVERYTHING,
            },
        ),
    ),
    # Google, Apple and Other: Home Assistant holds none of their voice data, and their device
    # may be anything (even the smart plug), so the recorder is never purged for them, and
    # nothing tells when they listened.
    # Google: Web & App Activity, "Include voice and audio activity", auto-delete.
    AssistantKind.GOOGLE: AssistantKindSpec(
        controls=(CONF_POWER_ENTITY, CONF_MICROPHONE_SENSOR),
        manufacturer="Google",
        model="Google Assistant",
        retention_options=("not_saved", "3_months", "18_months", "36_months", "until_deleted"),
        human_review=True,
        privacy_url="https://myactivity.google.com/activitycontrols",
        deletion=VendorDeletion(
            domain=GOOGLE_ASSISTANT_SDK_DOMAIN,
            service="send_text_command",
            data_fn=lambda _device_id: {"command": DELETE_EVERYTHING},
        ),
    ),
    # Apple: Settings > Privacy & Security > Analytics & Improvements > Improve Siri.
    # Apple offers no voice-deletion command a home could send.
    AssistantKind.APPLE: AssistantKindSpec(
        controls=(CONF_POWER_ENTITY,),
        manufacturer="Apple",
        model="Siri",
        retention_options=("not_saved", "6_months"),
        human_review=True,
        privacy_url="https://www.apple.com/legal/privacy/data/en/ask-siri-dictation/",
    ),
    AssistantKind.OTHER: AssistantKindSpec(
        controls=(CONF_MUTE_ENTITY, CONF_POWER_ENTITY, CONF_MICROPHONE_SENSOR),
        manufacturer=None,
        model="Voice assistant",
        retention_options=("not_saved", "3_months", "18_months", "until_deleted"),
        human_review=True,
        privacy_url="https://www.home-assistant.io/voice_control/",
    ),
}

# Every control key any kind can have.
CONTROL_KEYS: frozenset[str] = frozenset(key for spec in KINDS.values() for key in spec.controls)


def retention_days(option: str | None) -> float | None:
    """Days a retention option keeps recordings (30-day months), None when not declared."""
    if option is None:
        return None
    return RETENTION_MONTHS[option] * 30
