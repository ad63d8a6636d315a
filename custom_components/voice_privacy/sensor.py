"""Microphone state and activity per assistant, and the number of live microphones at home."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from homeassistant.components.sensor import (
    SensorDeviceClass,
    SensorEntity,
    SensorEntityDescription,
    SensorStateClass,
)
from homeassistant.const import Platform, UnitOfTime
from homeassistant.core import HomeAssistant
from homeassistant.helpers.entity_platform import AddConfigEntryEntitiesCallback
from homeassistant.util import dt as dt_util

from .changes import Topic
from .confirmation import confirmed_by
from .const import KEY_LAST_PURGE, KEY_MICROPHONE, MicrophoneState
from .coordinator import RecordingsCoordinator, has_recordings
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantCoordinatorEntity,
    AssistantEntity,
    AssistantEntityDescription,
    HubEntity,
    HubEntityDescription,
    add_assistant_entities,
    add_hub_entities,
    always_available,
)
from .models import Assistant
from .private_time import HOME
from .recordings import InventoryStats

PARALLEL_UPDATES = 0

type SensorValue = str | int | float | datetime | None


@dataclass(frozen=True, kw_only=True)
class AssistantSensorDescription(SensorEntityDescription, AssistantEntityDescription):
    """A sensor of one assistant, read from the hub's parts by the assistant's id."""

    value_fn: Callable[[VoicePrivacyData, str], SensorValue]
    attributes_fn: Callable[[HomeAssistant, VoicePrivacyData, str], dict[str, Any]] | None = None


@dataclass(frozen=True, kw_only=True)
class HubSensorDescription(SensorEntityDescription, HubEntityDescription):
    """A home-wide sensor, read from the hub's parts."""

    value_fn: Callable[[VoicePrivacyData], SensorValue]
    attributes_fn: Callable[[VoicePrivacyData], dict[str, Any]] | None = None


# Today's private time: hours, a new cycle at the first moment of each local day.
_HOURS_TODAY: dict[str, Any] = {
    "device_class": SensorDeviceClass.DURATION,
    "native_unit_of_measurement": UnitOfTime.HOURS,
    "state_class": SensorStateClass.TOTAL_INCREASING,
    "suggested_display_precision": 1,
}


def _privacy_ends(data: VoicePrivacyData) -> dict[str, datetime]:
    """Each assistant's running temporary privacy, by when it ends."""
    return {a: until for a in data.assistants if (until := data.policies.ends(a)) is not None}


def _microphone_attributes(
    hass: HomeAssistant, data: VoicePrivacyData, assistant_id: str
) -> dict[str, Any]:
    """Which linked entity tells the state, who stands behind it, and what changed it."""
    status = data.microphones.status(assistant_id)
    return {
        "decided_by": status.decided_by,
        "confirmed_by": confirmed_by(hass, status.decided_by),
        # Shown in the history and the more-info dialog, translated.
        "cause": status.cause,
    }


def _recordings(data: VoicePrivacyData, assistant_id: str) -> InventoryStats:
    stats = data.recordings.stats(assistant_id)
    assert stats is not None  # checked by available
    return stats


def _has_activity(data: VoicePrivacyData, assistant: Assistant) -> bool:
    """Whether the assistant's own device tells when it listens (activity.py)."""
    return assistant.assistant_id in data.activity.sources


ASSISTANT_SENSORS: tuple[AssistantSensorDescription, ...] = (
    AssistantSensorDescription(
        key=KEY_MICROPHONE,
        translation_key="microphone",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in MicrophoneState],
        value_fn=lambda data, a: data.microphones.status(a).microphone.value,
        attributes_fn=_microphone_attributes,
    ),
    AssistantSensorDescription(
        key=KEY_LAST_PURGE,
        translation_key="last_purge",
        device_class=SensorDeviceClass.TIMESTAMP,
        # The time of the last purge that was not a dry run, kept across restarts.
        topics=frozenset({Topic.RECORDS}),
        available_fn=always_available,
        value_fn=lambda data, a: data.history.last_purge(a),
    ),
    AssistantSensorDescription(
        key="privacy_score",
        translation_key="privacy_score",
        state_class=SensorStateClass.MEASUREMENT,
        # Privacy now counts, and so do the records (score.py).
        topics=frozenset({Topic.STATUS, Topic.RECORDS}),
        available_fn=always_available,
        value_fn=lambda data, a: data.scores.show(a).value,
        # Points per factor and the factors to improve, biggest loss first.
        attributes_fn=lambda _hass, data, a: {
            "points": (score := data.scores.show(a)).points,
            "reasons": score.reasons,
        },
    ),
    AssistantSensorDescription(
        key="private_time_today",
        translation_key="private_time_today",
        **_HOURS_TODAY,
        # Written as private time grows and when a private period ends (private_time.py);
        # time while the device is away is not counted.
        topics=frozenset({Topic.PRIVATE_TIME}),
        available_fn=always_available,
        value_fn=lambda data, a: data.private_time.hours(a),
    ),
    AssistantSensorDescription(
        key="privacy_ends",
        # When a temporary privacy ("for two hours") ends; unknown without one.
        translation_key="privacy_ends",
        device_class=SensorDeviceClass.TIMESTAMP,
        topics=frozenset({Topic.POLICY}),
        available_fn=always_available,
        value_fn=lambda data, a: data.policies.ends(a),
    ),
    # When and how often the assistant listened, counted from its own device and kept across
    # restarts; back to 0 at midnight, which the statistics see as a new cycle.
    AssistantSensorDescription(
        key="last_listened",
        translation_key="last_listened",
        device_class=SensorDeviceClass.TIMESTAMP,
        topics=frozenset({Topic.ACTIVITY}),
        available_fn=always_available,
        exists_fn=_has_activity,
        value_fn=lambda data, a: data.activity.get(a).last,
    ),
    AssistantSensorDescription(
        key="activations_today",
        translation_key="activations_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        topics=frozenset({Topic.ACTIVITY}),
        available_fn=always_available,
        exists_fn=_has_activity,
        value_fn=lambda data, a: data.activity.activations_today(a),
    ),
    AssistantSensorDescription(
        key="listened_while_private_today",
        translation_key="listened_while_private_today",
        state_class=SensorStateClass.TOTAL_INCREASING,
        topics=frozenset({Topic.ACTIVITY}),
        available_fn=always_available,
        exists_fn=_has_activity,
        value_fn=lambda data, a: data.activity.listened_while_private_today(a),
    ),
)

# A satellite's stored Assist debug recordings, from the recordings coordinator; unavailable
# while the folder cannot be read safely.
RECORDINGS_SENSORS: tuple[AssistantSensorDescription, ...] = (
    AssistantSensorDescription(
        key="stored_recordings",
        translation_key="stored_recordings",
        state_class=SensorStateClass.MEASUREMENT,
        topics=frozenset(),
        available_fn=lambda data, a: data.recordings.stats(a) is not None,
        exists_fn=lambda _data, assistant: has_recordings(assistant),
        value_fn=lambda data, a: _recordings(data, a).files,
        attributes_fn=lambda _hass, data, a: {
            "total_size_bytes": _recordings(data, a).bytes,
            "recordings_dir": data.recordings.directory,
        },
    ),
    AssistantSensorDescription(
        key="oldest_recording",
        translation_key="oldest_recording",
        device_class=SensorDeviceClass.TIMESTAMP,
        topics=frozenset(),
        available_fn=lambda data, a: data.recordings.stats(a) is not None,
        exists_fn=lambda _data, assistant: has_recordings(assistant),
        value_fn=lambda data, a: (
            dt_util.utc_from_timestamp(oldest)
            if (oldest := _recordings(data, a).oldest) is not None
            else None
        ),
    ),
)

HUB_SENSORS: tuple[HubSensorDescription, ...] = (
    HubSensorDescription(
        key="live_microphones",
        translation_key="live_microphones",
        state_class=SensorStateClass.MEASUREMENT,
        # Every microphone not known to be cut: an unknown one may be listening.
        value_fn=lambda data: sum(not s.private for s in data.microphones.statuses.values()),
        # Name them, so a dashboard can show which, and which of them are only unknown.
        attributes_fn=lambda data: {
            "assistants": sorted(
                data.assistants[a].name
                for a, status in data.microphones.statuses.items()
                if not status.private
            ),
            "unknown": sorted(
                data.assistants[a].name
                for a, status in data.microphones.statuses.items()
                if status.microphone is MicrophoneState.UNKNOWN
            ),
        },
    ),
    HubSensorDescription(
        key="privacy_score",
        # "Score" on the hub: "Voice Privacy Privacy score" would stutter.
        translation_key="home_score",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda data: data.scores.home().value,
        attributes_fn=lambda data: {
            "points": (score := data.scores.home()).points,
            "reasons": score.reasons,
        },
    ),
    HubSensorDescription(
        key="next_auto_purge",
        translation_key="next_auto_purge",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda data: data.auto_purge.next_run(),
        exists_fn=lambda data: data.auto_purge.enabled,
        sums_up_assistants=False,
    ),
    HubSensorDescription(
        key="all_private_time_today",
        translation_key="all_private_time_today",
        **_HOURS_TODAY,
        value_fn=lambda data: data.private_time.hours(HOME),
    ),
    HubSensorDescription(
        key="privacy_ends",
        # "Privacy ends" like an assistant's, with whose.
        translation_key="home_privacy_ends",
        device_class=SensorDeviceClass.TIMESTAMP,
        # The first microphone to go live again when a temporary privacy ends.
        value_fn=lambda data: min(_privacy_ends(data).values(), default=None),
        attributes_fn=lambda data: {
            "assistants": [
                data.assistants[a].name
                for a, _ in sorted(_privacy_ends(data).items(), key=lambda item: item[1])
            ]
        },
    ),
)


async def async_setup_entry(
    hass: HomeAssistant,
    entry: VoicePrivacyConfigEntry,
    async_add_entities: AddConfigEntryEntitiesCallback,
) -> None:
    """Add the hub's sensors and each assistant's sensors."""
    data = entry.runtime_data
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.SENSOR,
        [HubSensor(entry, d) for d in HUB_SENSORS if d.exists_fn(data)],
    )

    def _build(assistant: Assistant) -> list[SensorEntity]:
        return [
            *(
                AssistantSensor(data, assistant, d)
                for d in ASSISTANT_SENSORS
                if d.exists_fn(data, assistant)
            ),
            *(
                RecordingsSensor(data.recordings, data, assistant, d)
                for d in RECORDINGS_SENSORS
                if d.exists_fn(data, assistant)
            ),
        ]

    add_assistant_entities(data, async_add_entities, _build)


class AssistantSensor(AssistantEntity, SensorEntity):
    """A sensor of one assistant."""

    entity_description: AssistantSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """As the description reads it."""
        return self.entity_description.value_fn(self.data, self.assistant_id)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Extra detail, where the description gives some."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.hass, self.data, self.assistant_id)


class RecordingsSensor(AssistantCoordinatorEntity[RecordingsCoordinator], AssistantSensor):
    """A sensor of one satellite's debug recordings, written after each count."""


class HubSensor(HubEntity, SensorEntity):
    """A home-wide sensor."""

    entity_description: HubSensorDescription

    @property
    def native_value(self) -> SensorValue:
        """Computed by the hub."""
        return self.entity_description.value_fn(self.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Extra detail, where the description gives some."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.data)
