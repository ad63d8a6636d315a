"""The hub's data: assistants, their status, and the outcome of privacy changes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from homeassistant.config_entries import ConfigEntry
from homeassistant.exceptions import HomeAssistantError
from homeassistant.helpers.device_registry import DeviceEntryType, DeviceInfo

from .const import (
    CONF_CLOUD_VOICE_DELETE,
    DOMAIN,
    LISTENING_STATES,
    PRIVATE_STATES,
    SUBENTRY_ASSISTANT,
    Cause,
    MicrophoneState,
)
from .links import AssistantLinks


def hub_device_info(entry: ConfigEntry) -> DeviceInfo:
    """Describe the hub's own device, which holds the home-wide entities."""
    return DeviceInfo(
        identifiers={(DOMAIN, entry.entry_id)},
        name=entry.title,
        manufacturer="Voice Privacy",
        entry_type=DeviceEntryType.SERVICE,
    )


@dataclass(frozen=True, slots=True)
class Assistant:
    """One voice assistant, as configured in a subentry of the hub."""

    assistant_id: str
    name: str
    links: AssistantLinks
    # The user opted in to sending the vendor's own voice-deletion command.
    cloud_voice_delete: bool = False

    @classmethod
    def all_of(cls, entry: ConfigEntry) -> dict[str, Assistant]:
        """The hub's assistants, one per assistant subentry."""
        return {
            subentry.subentry_id: cls.from_subentry(
                subentry.subentry_id, subentry.title, subentry.data
            )
            for subentry in entry.get_subentries_of_type(SUBENTRY_ASSISTANT)
        }

    @classmethod
    def from_subentry(cls, assistant_id: str, title: str, data: Mapping[str, Any]) -> Assistant:
        """Build an assistant from its subentry."""
        return cls(
            assistant_id,
            title,
            AssistantLinks.from_data(data),
            bool(data.get(CONF_CLOUD_VOICE_DELETE, False)),
        )


@dataclass(frozen=True, slots=True)
class AssistantStatus:
    """What the linked entities currently say about one assistant."""

    microphone: MicrophoneState
    available: bool
    privacy_available: bool
    # The linked entity whose state tells the microphone state (see confirmation.py).
    decided_by: str | None = None
    # What made the microphone state last change (a person, a rule, the device).
    cause: Cause | None = None

    @property
    def private(self) -> bool:
        """Whether the microphone is really cut (muted or without power)."""
        return self.microphone in PRIVATE_STATES

    @property
    def listening(self) -> bool:
        """Whether the microphone is known to be listening (Do-Not-Disturb included)."""
        return self.microphone in LISTENING_STATES


@dataclass(frozen=True, slots=True)
class PrivacyResult:
    """The outcome of a privacy change for one assistant."""

    assistant: Assistant
    status: AssistantStatus
    error: HomeAssistantError | None = None
    restore_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        """Response data for the action."""
        result: dict[str, Any] = {
            "assistant_id": self.assistant.assistant_id,
            "assistant": self.assistant.name,
            "success": self.error is None,
            "privacy_mode": self.status.private,
            "microphone": str(self.status.microphone),
        }
        if self.error is not None:
            result["error"] = str(self.error)
        if self.restore_at is not None:
            result["restore_at"] = self.restore_at
        return result


def failures_error(results: list[PrivacyResult]) -> HomeAssistantError | None:
    """One translated error naming every assistant that failed, or None."""
    failed = [r for r in results if r.error is not None]
    if not failed:
        return None
    return HomeAssistantError(
        translation_domain=DOMAIN,
        translation_key="set_privacy_mode_failed",
        translation_placeholders={
            "count": str(len(failed)),
            "total": str(len(results)),
            "errors": "; ".join(f"{r.assistant.name}: {r.error}" for r in failed),
        },
    )
