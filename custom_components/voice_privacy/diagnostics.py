"""Diagnostics: the hub's settings, each assistant's resolved links and what they report."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.core import HomeAssistant

from .confirmation import confirmed_by
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .discovery import voice_entities
from .private_time import HOME
from .settings import DeclaredSettings


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: VoicePrivacyConfigEntry
) -> dict[str, Any]:
    """Return what a bug report needs; the integration holds no credentials to redact."""
    data = entry.runtime_data
    assistants: dict[str, Any] = {}
    for assistant_id, assistant in data.assistants.items():
        status = data.microphones.status(assistant_id)
        assistants[assistant_id] = {
            "name": assistant.name,
            "links": asdict(assistant.links),
            "linked_states": {
                entity_id: state.state if (state := hass.states.get(entity_id)) else None
                for entity_id in assistant.links.entity_ids
            },
            "microphone": status.microphone,
            "decided_by": status.decided_by,
            "confirmed_by": confirmed_by(hass, status.decided_by),
            "available": status.available,
            "privacy_available": status.privacy_available,
            "policy": data.policies.policy(assistant_id).as_dict(),
            # What "Private time today" counts from: seconds, and a running period's start.
            "private_today": _private_day(data, assistant_id),
            "cloud_voice_delete": assistant.cloud_voice_delete,
            # What a history purge clears in the recorder, and nothing else.
            "voice_entities": voice_entities(hass, assistant.links),
            "recordings": asdict(stats) if (stats := data.recordings.stats(assistant_id)) else None,
            # What the repairs are about: the declared vendor settings and the score's reasons.
            "declared_settings": _declared(data.settings.get(assistant_id)),
            "score": asdict(data.scores.score(assistant_id)),
        }
    return {
        "hub": {"title": entry.title, "data": dict(entry.data)},
        "assistants": assistants,
        "options": dict(entry.options),
        "rules": {
            "watched": data.rules.watched,
            "schedule_active": data.rules.schedule_active,
            "everyone_away": data.rules.everyone_away,
            "next_auto_purge": (
                next_run.isoformat() if (next_run := data.auto_purge.next_run()) else None
            ),
            "last_auto_purge": data.history.data.get("last_auto_purge"),
        },
        "home_score": asdict(data.scores.home()),
        "all_private_today": _private_day(data, HOME),
        "recordings_dir": data.recordings.directory,
        "purge_log": data.history.data["log"],
    }


def _private_day(data: VoicePrivacyData, key: str) -> dict[str, Any]:
    day = data.private_time.days.get(key)
    return {
        "seconds": round(data.private_time.seconds(key), 1),
        "private_since": day.since.isoformat() if day and day.since else None,
    }


def _declared(settings: DeclaredSettings) -> dict[str, Any]:
    """The user's own statements, as they would be stored."""
    return {
        "human_review": settings.human_review,
        "retention": settings.retention,
        "confirmed_on": settings.confirmed_on.isoformat() if settings.confirmed_on else None,
    }
