"""Privacy by voice: intents for Assist and LLM agents, and sentences for Assist's own agent.

Four intents, registered once (`async_setup`) with Home Assistant's intent helper, so Assist's
built-in agent and LLM agents (through the Assist API, see llm.py) call the same handlers:
- privacy mode on / off for the assistant spoken to (the satellite's device in the intent),
  for an area (assistants whose own device is in it) or for every assistant, optionally for a
  number of minutes or until a time of day;
- which microphones are live;
- delete my voice recordings (the assistant spoken to), only when the hub's "Allow deleting
  recordings by voice" option is on. A satellite's request carries no user, so that option is
  the administrator's consent; a request that does carry a user (typed in the app) also needs
  that user to be an administrator, as every other purge does.

Home Assistant 2026.10 offers an integration no way to add sentences to the built-in agent's
own intents other than files the user copies; what it does offer is sentence triggers, the
mechanism of the `conversation` automation trigger. The sentences of voice_sentences.py are
registered as one sentence trigger; when one matches, the sentence is parsed again against our
own templates (the trigger's first match may split wildcards badly) and the intent is handled
as an LLM would call it. Sentence triggers are tried before any agent, LLM agents included.

Every failure is spoken: a handler raises `IntentHandleError` with the reason in the
conversation's language, never returns silence.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, override

from hassil import Intents, recognize_all
from hassil.intents import WildcardSlotList
from hassil.recognize import RecognizeResult
import probatio

from homeassistant.components.conversation import ConversationInput
from homeassistant.components.conversation.agent_manager import get_agent_manager
from homeassistant.core import HomeAssistant, callback
from homeassistant.exceptions import Unauthorized, UnknownUser
from homeassistant.helpers import (
    area_registry as ar,
    config_validation as cv,
    device_registry as dr,
    entity_registry as er,
    intent,
)
from homeassistant.util import dt as dt_util

from .const import CONF_VOICE_PURGE, DOMAIN, Cause, HistorySource, MicrophoneState, PurgeStatus
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .history import PurgeRequest
from .permissions import async_require_admin
from .services import MAX_DURATION
from .voice_sentences import (
    ALL,
    AREA,
    LANGUAGES,
    Language,
    answer,
    join,
    language,
    parse_duration,
    parse_time,
    privacy_sentences,
)

INTENT_PRIVACY_ON = "VoicePrivacyOn"
INTENT_PRIVACY_OFF = "VoicePrivacyOff"
INTENT_LIVE_MICROPHONES = "VoicePrivacyLiveMicrophones"
INTENT_DELETE_RECORDINGS = "VoicePrivacyDeleteRecordings"

SLOT_AREA = "area"
SLOT_ALL = "all_assistants"
SLOT_MINUTES = "minutes"
SLOT_UNTIL = "until"

MAX_MINUTES = int(MAX_DURATION.total_seconds() // 60)


def _loaded(
    hass: HomeAssistant, lang: Language
) -> tuple[VoicePrivacyConfigEntry, VoicePrivacyData]:
    entries: list[VoicePrivacyConfigEntry] = hass.config_entries.async_loaded_entries(DOMAIN)
    if not entries:
        raise intent.IntentHandleError(answer(lang, "not_loaded"))
    return entries[0], entries[0].runtime_data


def _assistant_spoken_to(data: VoicePrivacyData, device_id: str | None) -> str | None:
    """The assistant whose own device is the one the person spoke to."""
    if device_id is None:
        return None
    return next(
        (a_id for a_id, a in data.assistants.items() if a.links.device_id == device_id), None
    )


def _area(hass: HomeAssistant, lang: Language, spoken: str) -> ar.AreaEntry:
    """The area named (or, from an LLM, identified) by `spoken`, articles aside."""
    registry = ar.async_get(hass)
    if (area := registry.async_get_area(spoken)) is not None:
        return area
    words = spoken.strip().casefold().split()
    candidates = {" ".join(words)}
    if len(words) > 1 and words[0] in lang.articles:
        candidates.add(" ".join(words[1:]))
    for area in registry.async_list_areas():
        names = {area.name.casefold(), *(alias.casefold() for alias in area.aliases)}
        if names & candidates:
            return area
    raise intent.IntentHandleError(answer(lang, "unknown_area", area=spoken))


def _format_time(at: datetime) -> str:
    local = dt_util.as_local(at)
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
            probatio.Optional(SLOT_AREA, description="Area name, e.g. Bedroom"): (
                intent.non_empty_string
            ),
            probatio.Optional(SLOT_ALL, description="True for every assistant"): cv.boolean,
            probatio.Optional(SLOT_MINUTES, description="How long, in minutes"): probatio.All(
                probatio.Coerce(int), probatio.Range(min=1)
            ),
            probatio.Optional(SLOT_UNTIL, description="Local time it ends, HH:MM"): (
                intent.non_empty_string
            ),
        }

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Carry out the decision and say what happened to each assistant."""
        hass = intent_obj.hass
        lang = language(intent_obj.language)
        _entry, data = _loaded(hass, lang)
        slots = self.async_validate_slots(intent_obj.slots)
        values = {name: slot["value"] for name, slot in slots.items()}
        duration = self._duration(lang, values)
        spoken_to = _assistant_spoken_to(data, intent_obj.device_id)
        targets = self._targets(hass, lang, data, values, spoken_to)
        results = await data.privacy.async_decide(
            targets, self.enabled, Cause.VOICE, intent_obj.context, duration
        )
        done = [r for r in results if r.error is None]
        failed = [r for r in results if r.error is not None]
        parts: list[str] = []
        if done:
            names = join(lang, [r.assistant.name for r in done])
            parts.append(answer(lang, "on" if self.enabled else "off", names=names))
            if restore_at := next((r.restore_at for r in done if r.restore_at), None):
                at = dt_util.parse_datetime(restore_at)
                assert at is not None
                parts.append(answer(lang, "until", time=_format_time(at)))
        if failed:
            parts.append(
                answer(
                    lang,
                    "failed",
                    names=join(lang, [r.assistant.name for r in failed]),
                    errors="; ".join(str(r.error) for r in failed),
                )
            )
        if not done:
            raise intent.IntentHandleError(" ".join(parts))
        if spoken_to is not None and any(r.assistant.assistant_id == spoken_to for r in done):
            parts.append(answer(lang, self._about_myself(data, spoken_to)))
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
    def _duration(lang: Language, values: dict[str, Any]) -> timedelta | None:
        if (minutes := values.get(SLOT_MINUTES)) is not None:
            if minutes > MAX_MINUTES:
                raise intent.IntentHandleError(answer(lang, "too_long", days=MAX_DURATION.days))
            return timedelta(minutes=minutes)
        if (until := values.get(SLOT_UNTIL)) is None:
            return None
        if (at := parse_time(until)) is None:
            raise intent.IntentHandleError(answer(lang, "bad_time", time=until))
        now = dt_util.now()
        end = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
        if end <= now:
            end = dt_util.as_local(
                datetime.combine(end.date() + timedelta(days=1), at, tzinfo=end.tzinfo)
            )
        return end - now

    @staticmethod
    def _targets(
        hass: HomeAssistant,
        lang: Language,
        data: VoicePrivacyData,
        values: dict[str, Any],
        spoken_to: str | None,
    ) -> list[str]:
        if values.get(SLOT_ALL):
            return [a_id for a_id, a in data.assistants.items() if a.links.has_privacy_control]
        if (spoken_area := values.get(SLOT_AREA)) is not None:
            area = _area(hass, lang, spoken_area)
            devices = dr.async_get(hass)
            targets = [
                a_id
                for a_id, a in data.assistants.items()
                if a.links.device_id
                and (device := devices.async_get(a.links.device_id)) is not None
                and device.area_id == area.id
            ]
            if not targets:
                raise intent.IntentHandleError(answer(lang, "no_assistant_in_area", area=area.name))
            return targets
        if spoken_to is None:
            raise intent.IntentHandleError(answer(lang, "unknown_device"))
        return [spoken_to]


class LiveMicrophonesIntentHandler(intent.IntentHandler):
    """Which microphones may be listening now."""

    intent_type = INTENT_LIVE_MICROPHONES
    description = (
        "Tells which voice assistants' microphones are live now (Do-Not-Disturb counts as "
        "live: the wake word still works) and which are not known to be private."
    )

    @property
    @override
    def slot_schema(self) -> dict[Any, Any]:
        """No slots; an empty schema still lists the intent as a tool."""
        return {}

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Name the live microphones, or say that all are private."""
        lang = language(intent_obj.language)
        _entry, data = _loaded(intent_obj.hass, lang)
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
            parts.append(answer(lang, "live", names=join(lang, live)))
        if unknown:
            parts.append(answer(lang, "unknown", names=join(lang, unknown)))
        response = intent_obj.create_response()
        response.async_set_speech(" ".join(parts) or answer(lang, "all_private"))
        return response


class DeleteRecordingsIntentHandler(intent.IntentHandler):
    """Delete the voice history of the assistant spoken to, when the hub allows it."""

    intent_type = INTENT_DELETE_RECORDINGS
    description = (
        "Deletes the debug recordings and the Home Assistant history of the voice assistant "
        "spoken to (and asks the vendor to delete its copy where the user opted in). Only "
        "works when the Voice Privacy hub allows deleting recordings by voice."
    )

    @property
    @override
    def slot_schema(self) -> dict[Any, Any]:
        """No slots: it is always the assistant spoken to."""
        return {}

    @override
    async def async_handle(self, intent_obj: intent.Intent) -> intent.IntentResponse:
        """Purge, then say what was removed and what was only requested."""
        lang = language(intent_obj.language)
        entry, data = _loaded(intent_obj.hass, lang)
        if not entry.options.get(CONF_VOICE_PURGE, False):
            raise intent.IntentHandleError(answer(lang, "purge_off"))
        try:
            await async_require_admin(intent_obj.hass, intent_obj.context)
        except Unauthorized, UnknownUser:
            raise intent.IntentHandleError(answer(lang, "purge_not_admin")) from None
        if (assistant_id := _assistant_spoken_to(data, intent_obj.device_id)) is None:
            raise intent.IntentHandleError(answer(lang, "unknown_device"))
        [result] = await data.history.async_purge(
            data.assistants,
            [assistant_id],
            PurgeRequest(older_than=None, sources=frozenset(HistorySource)),
            intent_obj.context,
        )
        name = data.assistants[assistant_id].name
        parts: list[str] = []
        for source, outcome in result["sources"].items():
            status = outcome["status"]
            if status is PurgeStatus.FAILED:
                reason = outcome.get("error") or outcome.get("reason")
                parts.append(answer(lang, "purge_failed", source=source, reason=reason))
            elif status is PurgeStatus.REQUESTED:
                parts.append(answer(lang, "purge_requested"))
            elif status is PurgeStatus.REMOVED and source == HistorySource.RECORDER:
                parts.append(answer(lang, "purge_removed_recorder"))
            elif status is PurgeStatus.REMOVED:
                parts.append(answer(lang, "purge_removed_files", files=outcome["files"]))
        response = intent_obj.create_response()
        response.async_set_speech(
            answer(lang, "purge_done", name=name, parts=", ".join(parts))
            if parts
            else answer(lang, "purge_nothing", name=name)
        )
        return response


def _sentence_templates() -> dict[str, list[str]]:
    """Our sentences, by "<intent type>|<scope>|<time kind>"."""
    templates: dict[str, list[str]] = {}
    for lang in LANGUAGES.values():
        for enabled, intent_type in ((True, INTENT_PRIVACY_ON), (False, INTENT_PRIVACY_OFF)):
            for (scope, kind), sentences in privacy_sentences(lang, enabled).items():
                templates.setdefault(f"{intent_type}|{scope}|{kind}", []).extend(sentences)
        templates.setdefault(f"{INTENT_LIVE_MICROPHONES}||", []).extend(lang.live)
        templates.setdefault(f"{INTENT_DELETE_RECORDINGS}||", []).extend(lang.delete)
    return templates


def _sentence_intents(templates: dict[str, list[str]]) -> Intents:
    """Our sentences as hassil intents, their wildcards as wildcards."""
    intents = Intents.from_dict(
        {
            "language": "en",
            "intents": {
                name: {"data": [{"sentences": sentences}]} for name, sentences in templates.items()
            },
        }
    )
    for wildcard in (SLOT_AREA, "duration", "time"):
        intents.slot_lists[wildcard] = WildcardSlotList(wildcard)
    return intents


def _best(results: list[RecognizeResult]) -> RecognizeResult:
    """The reading that leaves the least to wildcards: literal words beat a wildcard.

    "in the bedroom for an hour" is the bedroom for an hour, not an area called "bedroom for
    an hour"; "en toda la casa" is everywhere, not an area called "toda la casa".
    """
    return min(
        results,
        key=lambda r: (sum(len(e.text.strip()) for e in r.entities.values()), -len(r.entities)),
    )


def _slots(lang: Language, result: RecognizeResult) -> dict[str, Any]:
    """Turn a sentence's wildcards into the slots an LLM would send."""
    _intent_type, scope, kind = result.intent.name.split("|")
    slots: dict[str, Any] = {}
    if scope == AREA:
        slots[SLOT_AREA] = result.entities[SLOT_AREA].text.strip()
    elif scope == ALL:
        slots[SLOT_ALL] = True
    if kind == "duration":
        spoken = result.entities["duration"].text.strip()
        duration = parse_duration(lang, spoken)
        if duration is None or duration < timedelta(minutes=1):
            raise intent.IntentHandleError(answer(lang, "bad_duration", duration=spoken))
        slots[SLOT_MINUTES] = int(duration.total_seconds() // 60)
    elif kind == "until":
        slots[SLOT_UNTIL] = result.entities["time"].text.strip()
    return {name: {"value": value} for name, value in slots.items()}


@callback
def async_setup_voice(hass: HomeAssistant) -> None:
    """Register the intents and the sentences (once, in async_setup)."""
    for handler in (
        PrivacyModeIntentHandler(enabled=True),
        PrivacyModeIntentHandler(enabled=False),
        LiveMicrophonesIntentHandler(),
        DeleteRecordingsIntentHandler(),
    ):
        intent.async_register(hass, handler)
    templates = _sentence_templates()
    intents = _sentence_intents(templates)
    entities = er.async_get(hass)

    async def _async_sentence(user_input: ConversationInput, _match: RecognizeResult) -> str:
        lang = language(user_input.language)
        results = list(recognize_all(user_input.text, intents))
        # The trigger matched these very sentences, so reading them again finds them.
        result = _best(results)
        device_id = user_input.device_id
        if user_input.satellite_id and (satellite := entities.async_get(user_input.satellite_id)):
            device_id = satellite.device_id
        try:
            response = await intent.async_handle(
                hass,
                DOMAIN,
                result.intent.name.split("|")[0],
                _slots(lang, result),
                user_input.text,
                user_input.context,
                user_input.language,
                assistant="conversation",
                device_id=device_id,
                satellite_id=user_input.satellite_id,
            )
        except intent.IntentError as err:
            return str(err)
        speech: str = response.speech["plain"]["speech"]
        return speech

    sentences = [sentence for group in templates.values() for sentence in group]
    get_agent_manager(hass).register_trigger(sentences, _async_sentence)
