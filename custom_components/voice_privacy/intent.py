"""Privacy by voice: the intents, for Assist's own agent and for LLM agents alike.

Four intents, registered through the `intent` platform (`async_setup_intents`), so
the sentences of every language (voice.py) and LLM agents (through the Assist API, see llm.py)
call the same handlers:
- privacy mode on / off for the assistant spoken to (the satellite's device in the intent),
  for an area (assistants whose linked device, or whose own Voice Privacy device, is in it) or
  for every assistant, optionally for a number of minutes or until a time of day;
- which microphones are live;
- delete my voice recordings (the assistant spoken to), only when the hub's "Allow deleting
  recordings by voice" option is on. A satellite's request carries no user, so that option is
  the administrator's consent; a request that does carry a user (typed in the app) also needs
  that user to be an administrator, as every other purge does.

Every failure is spoken: a handler raises `IntentHandleError` with the reason in the
conversation's language (the answers of `sentences/<language>.yaml`), never returns silence.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any, override

import voluptuous as vol

from homeassistant.core import HomeAssistant
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import (
    area_registry as ar,
    config_validation as cv,
    device_registry as dr,
    intent,
)
from homeassistant.util import dt as dt_util
from homeassistant.util.hass_dict import HassKey

from .const import CONF_VOICE_PURGE, DOMAIN, Cause, HistorySource, MicrophoneState, PurgeStatus
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .history import PurgeRequest
from .permissions import async_require_admin
from .services import MAX_DURATION
from .spoken import shorten, time_of, until
from .words import DEFAULT_LANGUAGE, LanguageWords, base_language

INTENT_PRIVACY_ON = "VoicePrivacyOn"
INTENT_PRIVACY_OFF = "VoicePrivacyOff"
INTENT_LIVE_MICROPHONES = "VoicePrivacyLiveMicrophones"
INTENT_DELETE_RECORDINGS = "VoicePrivacyDeleteRecordings"

SLOT_AREA = "area"
SLOT_ALL = "all_assistants"
SLOT_MINUTES = "minutes"
SLOT_UNTIL = "until"

MAX_MINUTES = int(MAX_DURATION.total_seconds() // 60)

# Every language's words, read once at set-up (see words.py).
WORDS: HassKey[dict[str, LanguageWords]] = HassKey(f"{DOMAIN}_words")


def words_for(hass: HomeAssistant, language: str | None) -> LanguageWords:
    """The words of a conversation's language ("de-CH" reads German); English for others."""
    languages = hass.data[WORDS]
    return languages.get(base_language(language)) or languages[DEFAULT_LANGUAGE]


def _loaded(
    hass: HomeAssistant, words: LanguageWords
) -> tuple[VoicePrivacyConfigEntry, VoicePrivacyData]:
    entries: list[VoicePrivacyConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise intent.IntentHandleError(words.error("not_loaded"))
    return entries[0], entries[0].runtime_data


def _assistant_spoken_to(data: VoicePrivacyData, device_id: str | None) -> str | None:
    """The assistant whose own device is the one the person spoke to."""
    if device_id is None:
        return None
    return next(
        (a_id for a_id, a in data.assistants.items() if a.links.device_id == device_id), None
    )


def area_named(hass: HomeAssistant, words: LanguageWords, spoken: str) -> ar.AreaEntry | None:
    """The area named (or, from an LLM, identified) by `spoken`, articles aside."""
    registry = ar.async_get(hass)
    if (area := registry.async_get_area(spoken)) is not None:
        return area
    said = spoken.strip().casefold().split()
    candidates = {" ".join(said)}
    # "the bedroom", "in der Küche": leading articles are not part of the name.
    while len(said) > 1 and said[0] in words.articles:
        said = said[1:]
        candidates.add(" ".join(said))
    for area in registry.async_list_areas():
        names = {area.name.casefold(), *(alias.casefold() for alias in area.aliases)}
        if names & candidates:
            return area
    return None


def _area(hass: HomeAssistant, words: LanguageWords, spoken: str) -> ar.AreaEntry:
    if (area := area_named(hass, words, spoken)) is None:
        raise intent.IntentHandleError(words.error("unknown_area", area=shorten(spoken)))
    return area


def _assistants_in(hass: HomeAssistant, entry: VoicePrivacyConfigEntry, area_id: str) -> list[str]:
    """Assistants in an area: by their linked device's area or their own device's area.

    An assistant without a linked device (a speaker behind a plug) is placed by its own Voice
    Privacy device, which the user can put in a room like any other.
    """
    devices = dr.async_get(hass)
    placed = {
        identifier
        for device in dr.async_entries_for_config_entry(devices, entry.entry_id)
        if device.area_id == area_id
        for domain, identifier in device.identifiers
        if domain == DOMAIN
    }
    found: list[str] = []
    for assistant_id, assistant in entry.runtime_data.assistants.items():
        linked = devices.async_get(assistant.links.device_id) if assistant.links.device_id else None
        if assistant_id in placed or (linked is not None and linked.area_id == area_id):
            found.append(assistant_id)
    return found


def _format_time(at: str) -> str:
    local = dt_util.as_local(dt_util.parse_datetime(at) or dt_util.utcnow())
    if local - dt_util.now() < timedelta(hours=23):
        return local.strftime("%H:%M")
    return local.strftime("%Y-%m-%d %H:%M")


class PrivacyModeIntentHandler(intent.IntentHandler):
    """Privacy mode on or off, here, in an area or everywhere, optionally for a while."""

    def __init__(self, enabled: bool) -> None:
        """One handler for on, one for off."""
        self.enabled = enabled
        self.intent_type = INTENT_PRIVACY_ON if enabled else INTENT_PRIVACY_OFF
        self.description = (
            "Turns privacy mode on (cuts the microphone) for the voice assistant spoken to, "
            "for the assistants in an area, or for every assistant; optionally for a number "
            "of minutes or until a time of day, after which it ends by itself."
            if enabled
            else "Turns privacy mode off (gives the microphone back) for the voice assistant "
            "spoken to, for the assistants in an area, or for every assistant; optionally for "
            "a number of minutes or until a time of day."
        )

    @property
    @override
    def slot_schema(self) -> dict[Any, Any]:
        """Where and how long; nothing means the assistant spoken to, until changed."""
        return {
            vol.Optional(SLOT_AREA, description="Area name, e.g. Bedroom"): (
                intent.non_empty_string
            ),
            vol.Optional(SLOT_ALL, description="True for every assistant"): cv.boolean,
            vol.Optional(SLOT_MINUTES, description="How long, in minutes"): vol.All(
                vol.Coerce(int), vol.Range(min=1)
            ),
            vol.Optional(SLOT_UNTIL, description="Local time it ends, HH:MM"): (
                intent.non_empty_string
            ),
        }

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Carry out the decision and say what happened to each assistant."""
        hass = intent_obj.hass
        words = words_for(hass, intent_obj.language)
        entry, data = _loaded(hass, words)
        slots = self.async_validate_slots(intent_obj.slots)
        values = {name: slot["value"] for name, slot in slots.items()}
        duration = self._duration(words, values)
        spoken_to = _assistant_spoken_to(data, intent_obj.device_id)
        targets = self._targets(hass, words, entry, values, spoken_to)
        results = await data.privacy.async_decide(
            targets, self.enabled, Cause.VOICE, intent_obj.context, duration
        )
        done = [r for r in results if r.error is None]
        failed = [r for r in results if r.error is not None]
        parts: list[str] = []
        if done:
            names = words.join([r.assistant.name for r in done])
            parts.append(words.answer("intents", self.intent_type, "default", names=names))
            if restore_at := next((r.restore_at for r in done if r.restore_at), None):
                time = _format_time(restore_at)
                parts.append(words.answer("intents", self.intent_type, "until", time=time))
        if failed:
            parts.append(
                words.error(
                    "failed",
                    names=words.join([r.assistant.name for r in failed]),
                    errors="; ".join(str(r.error) for r in failed),
                )
            )
        if not done:
            raise intent.IntentHandleError(" ".join(parts))
        if spoken_to is not None and any(r.assistant.assistant_id == spoken_to for r in done):
            about = self._about_myself(data, spoken_to)
            parts.append(words.answer("intents", self.intent_type, about))
        response = intent_obj.create_response()
        response.async_set_speech(" ".join(parts))
        return response

    def _about_myself(self, data: VoicePrivacyData, assistant_id: str) -> str:
        """What the assistant spoken to can truly say about itself now."""
        if not self.enabled:
            return "self_off"
        # Muted by its own switch, it still speaks and has a button; cut off, it has neither.
        if data.microphones.status(assistant_id).microphone is MicrophoneState.MUTED:
            return "self_muted"
        return "self_powered_off"

    @staticmethod
    def _duration(words: LanguageWords, values: dict[str, Any]) -> timedelta | None:
        if (minutes := values.get(SLOT_MINUTES)) is not None:
            if minutes > MAX_MINUTES:
                raise intent.IntentHandleError(words.error("too_long", days=MAX_DURATION.days))
            return timedelta(minutes=minutes)
        if (said := values.get(SLOT_UNTIL)) is None:
            return None
        at = dt_util.parse_time(said)
        if at is None and (heard := words.read_time(said)) is not None:
            at = time_of(heard.values)
        if at is None:
            raise intent.IntentHandleError(words.error("bad_time", time=shorten(said)))
        return until(at, dt_util.now())

    def _targets(
        self,
        hass: HomeAssistant,
        words: LanguageWords,
        entry: VoicePrivacyConfigEntry,
        values: dict[str, Any],
        spoken_to: str | None,
    ) -> list[str]:
        """Who the decision is for; given an area and "all" at once, the doubt stays private.

        An LLM may send both: privacy then goes on everywhere, but comes off only in the area.
        """
        assistants = entry.runtime_data.assistants
        all_wins = self.enabled or values.get(SLOT_AREA) is None
        if values.get(SLOT_ALL) and all_wins:
            return [a_id for a_id, a in assistants.items() if a.links.has_privacy_control]
        if (spoken_area := values.get(SLOT_AREA)) is not None:
            area = _area(hass, words, spoken_area)
            if not (targets := _assistants_in(hass, entry, area.id)):
                raise intent.IntentHandleError(
                    words.error("no_assistant_in_area", area=shorten(area.name))
                )
            return targets
        if spoken_to is None:
            raise intent.IntentHandleError(words.error("unknown_device"))
        return [spoken_to]


class NoSlotsIntentHandler(intent.IntentHandler):
    """An intent about the assistant spoken to or the whole home: it takes no slots."""

    @property
    @override
    def slot_schema(self) -> dict[Any, Any]:
        """No slots; an empty schema still lists the intent as a tool."""
        return {}


class LiveMicrophonesIntentHandler(NoSlotsIntentHandler):
    """Which microphones may be listening now."""

    intent_type = INTENT_LIVE_MICROPHONES
    description = (
        "Tells which voice assistants' microphones are live now (Do-Not-Disturb counts as "
        "live: the wake word still works) and which are not known to be private."
    )

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Name the live microphones, or say that all are private."""
        words = words_for(intent_obj.hass, intent_obj.language)
        _entry, data = _loaded(intent_obj.hass, words)
        live: list[str] = []
        unknown: list[str] = []
        for assistant_id, assistant in sorted(
            data.assistants.items(), key=lambda item: item[1].name
        ):
            status = data.microphones.status(assistant_id)
            if status.listening:
                live.append(assistant.name)
            elif status.microphone is MicrophoneState.UNKNOWN:
                unknown.append(assistant.name)
        parts = []
        if live:
            names = words.join(live)
            parts.append(words.answer("intents", self.intent_type, "default", names=names))
        if unknown:
            parts.append(
                words.answer("intents", self.intent_type, "unknown", names=words.join(unknown))
            )
        response = intent_obj.create_response()
        response.async_set_speech(
            " ".join(parts) or words.answer("intents", self.intent_type, "all_private")
        )
        return response


class DeleteRecordingsIntentHandler(NoSlotsIntentHandler):
    """Delete the voice history of the assistant spoken to, when the hub allows it."""

    intent_type = INTENT_DELETE_RECORDINGS
    description = (
        "Deletes the debug recordings and the Home Assistant history of the voice assistant "
        "spoken to (and asks the vendor to delete its copy where the user opted in). Only "
        "works when the Voice Privacy hub allows deleting recordings by voice."
    )

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Purge, then say what was removed and what was only requested."""
        words = words_for(intent_obj.hass, intent_obj.language)
        entry, data = _loaded(intent_obj.hass, words)
        if not entry.options.get(CONF_VOICE_PURGE, False):
            raise intent.IntentHandleError(words.error("purge_off"))
        try:
            await async_require_admin(intent_obj.hass, intent_obj.context)
        except Unauthorized, UnknownUser:
            raise intent.IntentHandleError(words.error("purge_not_admin")) from None
        if (assistant_id := _assistant_spoken_to(data, intent_obj.device_id)) is None:
            raise intent.IntentHandleError(words.error("unknown_device"))
        [result] = await data.history.async_purge(
            data.assistants,
            [assistant_id],
            PurgeRequest(older_than=None, sources=frozenset(HistorySource)),
            intent_obj.context,
        )
        name = data.assistants[assistant_id].name
        parts: list[str] = []
        for source, outcome in result.sources.items():
            status = outcome.status
            if status is PurgeStatus.FAILED:
                reason = outcome.error or outcome.reason
                parts.append(self._say(words, "failed", source=source, reason=reason))
            elif status is PurgeStatus.REQUESTED:
                parts.append(self._say(words, "requested"))
            elif status is PurgeStatus.REMOVED and source == HistorySource.RECORDER:
                parts.append(self._say(words, "removed_recorder"))
            elif status is PurgeStatus.REMOVED:
                parts.append(self._say(words, "removed_files", files=outcome.files))
        response = intent_obj.create_response()
        response.async_set_speech(
            self._say(words, "default", name=name, parts=", ".join(parts))
            if parts
            else self._say(words, "nothing", name=name)
        )
        return response

    def _say(self, words: LanguageWords, key: str, **values: object) -> str:
        return words.answer("intents", self.intent_type, key, **values)


async def async_setup_intents(hass: HomeAssistant) -> None:
    """Register the four intents: Home Assistant's intent integration calls this once."""
    for handler in (
        PrivacyModeIntentHandler(enabled=True),
        PrivacyModeIntentHandler(enabled=False),
        LiveMicrophonesIntentHandler(),
        DeleteRecordingsIntentHandler(),
    ):
        intent.async_register(hass, handler)
