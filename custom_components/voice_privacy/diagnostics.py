"""Diagnostics: the hub's settings, each assistant's resolved links and what they report."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from homeassistant.core import HomeAssistant

from .coordinator import VoicePrivacyConfigEntry


async def async_get_config_entry_diagnostics(
    hass: HomeAssistant, entry: VoicePrivacyConfigEntry
) -> dict[str, Any]:
    """Return what a bug report needs; the integration holds no credentials to redact."""
    coordinator = entry.runtime_data
    assistants: dict[str, Any] = {}
    for assistant_id, assistant in coordinator.assistants.items():
        status = coordinator.data[assistant_id]
        assistants[assistant_id] = {
            "name": assistant.name,
            "links": asdict(assistant.links),
            "linked_states": {
                entity_id: state.state if (state := hass.states.get(entity_id)) else None
                for entity_id in assistant.links.entity_ids
            },
            "microphone": status.microphone,
            "available": status.available,
            "privacy_available": status.privacy_available,
            "policy": coordinator.policies.policy(assistant_id).as_dict(),
            "cloud_voice_delete": assistant.cloud_voice_delete,
            "recordings": asdict(stats)
            if (stats := (coordinator.recordings.data or {}).get(assistant_id))
            else None,
        }
    return {
        "hub": {"title": entry.title, "data": dict(entry.data)},
        "assistants": assistants,
        "options": dict(entry.options),
        "rules": {
            "watched": coordinator.rules.watched,
            "schedule_active": coordinator.rules.schedule_active,
            "everyone_away": coordinator.rules.everyone_away,
            "next_auto_purge": (
                next_run.isoformat() if (next_run := coordinator.auto_purge.next_run()) else None
            ),
            "last_auto_purge": coordinator.history.data.get("last_auto_purge"),
        },
        "recordings_dir": coordinator.recordings.directory,
        "purge_log": coordinator.history.data["log"],
    }
