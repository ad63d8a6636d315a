"""Apply a change to the hub without reloading it, where that is safe.

Adding an assistant, or changing the rules and the automatic purge, used to reload the whole
hub: every entity went unavailable for a moment and the logbook filled with changes that never
happened. Now an added assistant is simply added (its entities, its links, its records), and
new options replace the rules and the purge in place. Anything else (the first assistant, one
removed or relinked, a new confirmation timeout, an option that adds or removes an entity)
reloads.
"""

from __future__ import annotations

from homeassistant.config_entries import ConfigEntryState
from homeassistant.core import CoreState, HomeAssistant
from homeassistant.helpers import device_registry as dr

from .autopurge import AutoPurge
from .changes import Topic
from .const import CONF_AUTO_PURGE, CONF_SCHEDULE_ENTITY
from .coordinator import has_recordings
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .issues import async_update_settings_issues
from .models import Assistant
from .rules import PrivacyRules


async def async_apply_hub_change(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Add what was added and swap in new options; reload for anything else.

    Changes are applied one at a time, and each stops as soon as the hub it began on is no
    longer the loaded one (an unload or a reload came in while it waited for a device).
    """
    data = entry.runtime_data
    async with data.change_lock:
        if not _still_loaded(entry, data):
            return
        assistants = Assistant.all_of(entry)
        added = [a for a in assistants if a not in data.assistants]
        kept_as_is = all(assistants.get(a) == assistant for a, assistant in data.assistants.items())
        options_changed = dict(entry.options) != data.options
        if (
            # The first assistant brings the home-wide entities (entity.py): a reload adds
            # them, and with nothing added yet there is nothing to blip.
            (added and not data.assistants)
            or not kept_as_is
            or dict(entry.data) != data.config
            or (options_changed and _entities_change(data, dict(entry.options)))
        ):
            hass.config_entries.async_schedule_reload(entry.entry_id)
            return
        if not added and not options_changed:
            # Nothing of ours changed (a title, or the catch-up after a setup that saw it all).
            return
        for assistant_id in added:
            await _async_add_assistant(hass, data, assistants[assistant_id])
            if not _still_loaded(entry, data):
                return
        if options_changed:
            await _async_use_options(hass, entry, data)
            if not _still_loaded(entry, data):
                return
        async_update_settings_issues(hass, entry)


def _still_loaded(entry: VoicePrivacyConfigEntry, data: VoicePrivacyData) -> bool:
    """Whether the hub this change began on is still the one loaded."""
    return entry.state is ConfigEntryState.LOADED and getattr(entry, "runtime_data", None) is data


def _entities_change(data: VoicePrivacyData, options: dict[str, object]) -> bool:
    """Whether the new options add or remove a hub entity (schedule or purge sensors)."""
    return bool(options.get(CONF_SCHEDULE_ENTITY)) != bool(
        data.options.get(CONF_SCHEDULE_ENTITY)
    ) or bool(options.get(CONF_AUTO_PURGE)) != bool(data.options.get(CONF_AUTO_PURGE))


async def _async_add_assistant(
    hass: HomeAssistant, data: VoicePrivacyData, assistant: Assistant
) -> None:
    """Add one assistant to the running hub; the others are not touched."""
    assistant_id = assistant.assistant_id
    data.assistants[assistant_id] = assistant
    if assistant.links.device_id and (
        device := dr.async_get(hass).async_get(assistant.links.device_id)
    ):
        data.devices[assistant_id] = device
    data.microphones.async_add_assistant(assistant_id)
    data.activity.async_add_assistant(assistant_id)
    data.private_time.async_add_assistant(assistant_id)
    await data.settings.async_note_added(assistant_id)
    for add_entities in data.entity_adders:
        add_entities(assistant)
    if has_recordings(assistant):
        await data.recordings.async_refresh()
    if hass.state is CoreState.running:
        await data.rules.async_evaluate(enforce=True)
    data.changes.async_changed(assistant_id, Topic.STATUS)


async def _async_use_options(
    hass: HomeAssistant, entry: VoicePrivacyConfigEntry, data: VoicePrivacyData
) -> None:
    """Replace the rules and the automatic purge with ones built from the new options."""
    data.rules.async_stop()
    data.auto_purge.async_stop()
    rules = PrivacyRules(hass, entry.options, data.assistants, data.privacy, data.changes)
    auto_purge = AutoPurge(hass, entry.options, data.assistants, data.history)
    data.rules, data.auto_purge = rules, auto_purge
    data.scores.use(rules, auto_purge)
    data.options = dict(entry.options)
    if hass.state is CoreState.running:
        # The ones built here: another change may replace data.rules meanwhile.
        await rules.async_start(entry)
        await auto_purge.async_start(entry)
    for assistant_id in data.assistants:
        data.changes.async_changed(assistant_id, Topic.RECORDS)
    data.changes.async_hub_changed()
