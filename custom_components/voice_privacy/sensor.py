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
from .const import MicrophoneState
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .entity import (
    AssistantActivityEntity,
    AssistantEntity,
    AssistantRecordEntity,
    HubEntity,
    add_assistant_entities,
    add_hub_entities,
)
from .models import Assistant, AssistantStatus
from .private_time import HOME
from .recordings import InventoryStats

PARALLEL_UPDATES = 0


@dataclass(frozen=True, kw_only=True)
class AssistantSensorDescription(SensorEntityDescription):
    """A sensor of one assistant, read from its status."""

    value_fn: Callable[[AssistantStatus], str | int | None]


@dataclass(frozen=True, kw_only=True)
class HubSensorDescription(SensorEntityDescription):
    """A home-wide sensor, read from the hub's parts."""

    value_fn: Callable[[VoicePrivacyData], float | datetime | None]
    attributes_fn: Callable[[VoicePrivacyData], dict[str, Any]] | None = None
    exists_fn: Callable[[VoicePrivacyData], bool] = lambda _: True
    # Shown only once the hub has an assistant (entity.add_hub_entities).
    sums_up_assistants: bool = True


@dataclass(frozen=True, kw_only=True)
class RecordingsSensorDescription(SensorEntityDescription):
    """A sensor of a satellite's stored debug recordings."""

    value_fn: Callable[[InventoryStats], int | datetime | None]


# Today's private time: hours, a new cycle at the first moment of each local day.
_HOURS_TODAY: dict[str, Any] = {
    "device_class": SensorDeviceClass.DURATION,
    "native_unit_of_measurement": UnitOfTime.HOURS,
    "state_class": SensorStateClass.TOTAL_INCREASING,
    "suggested_display_precision": 1,
}


def _hours(seconds: float) -> float:
    return round(seconds / 3600, 3)


def _privacy_ends(data: VoicePrivacyData) -> dict[str, datetime]:
    """Each assistant's running temporary privacy, by when it ends."""
    return {a: until for a in data.assistants if (until := data.policies.ends(a)) is not None}


RECORDINGS_SENSORS: tuple[RecordingsSensorDescription, ...] = (
    RecordingsSensorDescription(
        key="stored_recordings",
        translation_key="stored_recordings",
        state_class=SensorStateClass.MEASUREMENT,
        value_fn=lambda stats: stats.files,
    ),
    RecordingsSensorDescription(
        key="oldest_recording",
        translation_key="oldest_recording",
        device_class=SensorDeviceClass.TIMESTAMP,
        value_fn=lambda stats: (
            dt_util.utc_from_timestamp(stats.oldest) if stats.oldest is not None else None
        ),
    ),
)

ASSISTANT_SENSORS: tuple[AssistantSensorDescription, ...] = (
    AssistantSensorDescription(
        key="microphone",
        translation_key="microphone",
        device_class=SensorDeviceClass.ENUM,
        options=[state.value for state in MicrophoneState],
        value_fn=lambda status: status.microphone.value,
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
        value_fn=lambda data: _hours(data.private_time.seconds(HOME)),
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
    hub = [HubSensor(entry, d) for d in HUB_SENSORS if d.exists_fn(data)]
    async_add_entities(e for e in hub if not e.entity_description.sums_up_assistants)
    add_hub_entities(
        hass,
        data,
        async_add_entities,
        Platform.SENSOR,
        [e for e in hub if e.entity_description.sums_up_assistants],
    )

    def _build(assistant: Assistant) -> list[SensorEntity]:
        entities: list[SensorEntity] = [
            AssistantSensor(data, assistant, d) for d in ASSISTANT_SENSORS
        ]
        entities.append(LastPurgeSensor(data, assistant, "last_purge"))
        entities.append(PrivacyScoreSensor(data, assistant, "privacy_score"))
        entities.append(PrivateTimeSensor(data, assistant, "private_time_today"))
        entities.append(PrivacyEndsSensor(data, assistant, "privacy_ends"))
        if assistant.assistant_id in data.recordings.satellites:
            entities.extend(RecordingsSensor(data, assistant, d) for d in RECORDINGS_SENSORS)
        if assistant.assistant_id in data.activity.sources:
            entities.append(LastListenedSensor(data, assistant, "last_listened"))
            entities.append(ActivationsTodaySensor(data, assistant, "activations_today"))
            entities.append(
                ListenedWhilePrivateSensor(data, assistant, "listened_while_private_today")
            )
        return entities

    add_assistant_entities(data, async_add_entities, _build)


class AssistantSensor(AssistantEntity, SensorEntity):
    """A sensor of one assistant's microphone status."""

    entity_description: AssistantSensorDescription

    def __init__(
        self,
        data: VoicePrivacyData,
        assistant: Assistant,
        description: AssistantSensorDescription,
    ) -> None:
        """Create the sensor from its description."""
        super().__init__(data, assistant, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> str | int | None:
        """Derived from the linked entities' states."""
        return self.entity_description.value_fn(self.status)

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Which linked entity tells the state, who stands behind it, and what changed it."""
        status = self.status
        return {
            "decided_by": status.decided_by,
            "confirmed_by": confirmed_by(self.hass, status.decided_by),
            # Shown in the history and the more-info dialog, translated.
            "cause": status.cause,
        }


class HubSensor(HubEntity, SensorEntity):
    """A home-wide sensor."""

    entity_description: HubSensorDescription

    def __init__(self, entry: VoicePrivacyConfigEntry, description: HubSensorDescription) -> None:
        """Create the sensor from its description."""
        super().__init__(entry, description.key)
        self.entity_description = description

    @property
    def native_value(self) -> float | datetime | None:
        """Computed by the hub."""
        return self.entity_description.value_fn(self.data)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Extra detail, where the description gives some."""
        if (attributes_fn := self.entity_description.attributes_fn) is None:
            return None
        return attributes_fn(self.data)


class LastPurgeSensor(AssistantRecordEntity, SensorEntity):
    """When the assistant's voice history was last purged, kept across restarts."""

    _attr_translation_key = "last_purge"
    _attr_device_class = SensorDeviceClass.TIMESTAMP

    @property
    def native_value(self) -> datetime | None:
        """The time of the last purge that was not a dry run."""
        return self.data.history.last_purge(self.assistant_id)


class RecordingsSensor(AssistantEntity, SensorEntity):
    """Stored Assist debug recordings of one satellite, from the recordings count."""

    entity_description: RecordingsSensorDescription
    topics = frozenset()

    def __init__(
        self,
        data: VoicePrivacyData,
        assistant: Assistant,
        description: RecordingsSensorDescription,
    ) -> None:
        """Create the sensor from its description."""
        super().__init__(data, assistant, description.key)
        self.entity_description = description

    async def async_added_to_hass(self) -> None:
        """Update when the recordings are counted again."""
        await super().async_added_to_hass()
        self.async_on_remove(self.data.recordings.async_add_listener(self.async_write_ha_state))

    async def async_update(self) -> None:
        """Count again now (`homeassistant.update_entity`), not only every 10 minutes."""
        await self.data.recordings.async_refresh()

    @property
    def available(self) -> bool:
        """Unavailable while the recordings folder cannot be read safely."""
        recordings = self.data.recordings
        return recordings.last_update_success and recordings.stats(self.assistant_id) is not None

    @property
    def _stats(self) -> InventoryStats:
        stats = self.data.recordings.stats(self.assistant_id)
        assert stats is not None  # checked by available
        return stats

    @property
    def native_value(self) -> int | datetime | None:
        """Read from the last count."""
        return self.entity_description.value_fn(self._stats)

    @property
    def extra_state_attributes(self) -> dict[str, Any] | None:
        """Total size and folder on the count sensor."""
        if self.entity_description.key != "stored_recordings":
            return None
        return {
            "total_size_bytes": self._stats.bytes,
            "recordings_dir": self.data.recordings.directory,
        }


class PrivacyScoreSensor(AssistantRecordEntity, SensorEntity):
    """The assistant's privacy score (score.py), with what to fix next."""

    _attr_translation_key = "privacy_score"
    _attr_state_class = SensorStateClass.MEASUREMENT
    # Privacy now counts, and so do the records.
    topics = frozenset({Topic.STATUS, Topic.RECORDS})

    @property
    def native_value(self) -> int:
        """0 to 100."""
        return self.data.scores.score(self.assistant_id).value

    @property
    def extra_state_attributes(self) -> dict[str, Any]:
        """Points per factor and the factors to improve, biggest loss first."""
        score = self.data.scores.score(self.assistant_id)
        return {"points": score.points, "reasons": score.reasons}


class LastListenedSensor(AssistantActivityEntity, SensorEntity):
    """When the assistant last listened, kept across restarts."""

    _attr_translation_key = "last_listened"
    _attr_device_class = SensorDeviceClass.TIMESTAMP

    @property
    def native_value(self) -> datetime | None:
        """The start of its last activation."""
        return self.data.activity.get(self.assistant_id).last


class ActivationsTodaySensor(AssistantActivityEntity, SensorEntity):
    """How often the assistant listened since local midnight, kept across restarts."""

    _attr_translation_key = "activations_today"
    # Back to 0 at midnight: the statistics see a new cycle.
    _attr_state_class = SensorStateClass.TOTAL_INCREASING

    @property
    def native_value(self) -> int:
        """Counted from its own device's entity."""
        return self.data.activity.activations_today(self.assistant_id)


class ListenedWhilePrivateSensor(AssistantActivityEntity, SensorEntity):
    """How often the assistant listened since local midnight while its microphone was cut."""

    _attr_translation_key = "listened_while_private_today"
    _attr_state_class = SensorStateClass.TOTAL_INCREASING

    @property
    def native_value(self) -> int:
        """Counted with the activations."""
        return self.data.activity.listened_while_private_today(self.assistant_id)


class PrivateTimeSensor(AssistantEntity, SensorEntity):
    """Hours the microphone was private since local midnight (private_time.py)."""

    _attr_translation_key = "private_time_today"
    _attr_device_class = SensorDeviceClass.DURATION
    _attr_native_unit_of_measurement = UnitOfTime.HOURS
    _attr_state_class = SensorStateClass.TOTAL_INCREASING
    _attr_suggested_display_precision = 1
    # Written as private time grows and when a private period ends (private_time.py).
    topics = frozenset({Topic.PRIVATE_TIME})

    @property
    def available(self) -> bool:
        """Always: the count is ours, and time while the device is away is not counted."""
        return True

    @property
    def native_value(self) -> float:
        """Hours, to the second."""
        return _hours(self.data.private_time.seconds(self.assistant_id))


class PrivacyEndsSensor(AssistantEntity, SensorEntity):
    """When the assistant's temporary privacy ends ("privacy for two hours"); unknown without."""

    _attr_translation_key = "privacy_ends"
    _attr_device_class = SensorDeviceClass.TIMESTAMP
    topics = frozenset({Topic.POLICY})

    @property
    def available(self) -> bool:
        """Always: the policy is ours."""
        return True

    @property
    def native_value(self) -> datetime | None:
        """The end of the running temporary privacy."""
        return self.data.policies.ends(self.assistant_id)
