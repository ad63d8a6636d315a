"""Voice Privacy: one place to see and control what the home's voice assistants hear.

Set-up order matters: every store is read before anything that can write to it exists
(entities, the linked-entity listener, rules, timers), so a decision made during start-up
never overwrites another assistant's stored decision.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv, device_registry as dr
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.typing import ConfigType

from .activity import ListeningTracker
from .autopurge import AutoPurge
from .changes import ChangeNotifier, Topic
from .const import CONF_CONFIRM_TIMEOUT, DEFAULT_CONFIRM_TIMEOUT, DOMAIN
from .coordinator import RecordingsCoordinator
from .dashboard import async_register_dashboard
from .data import VoicePrivacyConfigEntry, VoicePrivacyData
from .history import VoiceHistory
from .hub_changes import async_apply_hub_change
from .issues import (
    async_delete_stale_issues,
    async_raise_listened_while_private,
    async_update_missing_link_issues,
    async_update_settings_issues,
)
from .migrations import async_migrate_registries
from .models import Assistant, hub_device_info
from .policy_store import PolicyKeeper
from .privacy import PrivacyController
from .private_time import PrivateTimeTracker
from .rules import PrivacyRules
from .scoreboard import ScoreBoard
from .services import async_setup_services
from .settings import SettingsKeeper
from .status import MicrophoneTracker
from .voice import async_setup_voice
from .websocket_api import async_setup_websocket_api

PLATFORMS: list[Platform] = [
    Platform.BINARY_SENSOR,
    Platform.BUTTON,
    Platform.DATE,
    Platform.SELECT,
    Platform.SENSOR,
    Platform.SWITCH,
]

SETTINGS_CHECK_INTERVAL = timedelta(hours=1)

CONFIG_SCHEMA = cv.config_entry_only_config_schema(DOMAIN)


async def async_setup(hass: HomeAssistant, config: ConfigType) -> bool:
    """Register the actions, the voice intents and sentences, and the dashboard.

    Actions and intents exist even before the hub is set up; they say so when it is not.
    """
    async_setup_services(hass)
    await async_setup_voice(hass)
    await async_register_dashboard(hass)
    async_setup_websocket_api(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> bool:
    """Set up the hub with its assistants."""
    assistants = Assistant.all_of(entry)
    changes = ChangeNotifier(hass)
    # Before anything that saves at Home Assistant's stop: what is left is written first.
    entry.async_on_unload(changes.async_start())

    @callback
    def _async_declared(assistant_id: str) -> None:
        changes.async_changed(assistant_id, Topic.RECORDS)
        async_update_settings_issues(hass, entry)

    # Stores first: nothing below may record a decision before they are read.
    policies = PolicyKeeper(
        hass, entry.entry_id, lambda assistant_id: changes.async_changed(assistant_id, Topic.POLICY)
    )
    settings = SettingsKeeper(hass, entry.entry_id, _async_declared)
    recordings = RecordingsCoordinator(hass, entry, assistants)
    history = VoiceHistory(hass, entry.entry_id, recordings, changes)
    await policies.async_load(assistants)
    await settings.async_load(set(assistants))
    await history.async_load()
    entry.async_on_unload(policies.async_stop)

    microphones = MicrophoneTracker(
        hass,
        assistants,
        changes,
        on_device_decision=policies.async_manual,
        on_link_added_or_removed=lambda: async_update_missing_link_issues(hass, entry),
    )
    activity = ListeningTracker(
        hass,
        entry.entry_id,
        assistants,
        microphones=microphones,
        changes=changes,
        on_listened_while_private=lambda assistant_id, at: async_raise_listened_while_private(
            hass, entry, assistant_id, at
        ),
    )
    await activity.async_load()
    private_time = PrivateTimeTracker(
        hass, entry.entry_id, assistants, microphones=microphones, changes=changes
    )
    await private_time.async_load()
    privacy = PrivacyController(
        hass,
        assistants,
        microphones,
        policies,
        float(entry.data.get(CONF_CONFIRM_TIMEOUT, DEFAULT_CONFIRM_TIMEOUT)),
    )
    rules = PrivacyRules(hass, entry.options, assistants, privacy, changes)
    auto_purge = AutoPurge(hass, entry.options, assistants, history)
    device_registry = dr.async_get(hass)
    hub_device = device_registry.async_get_or_create(
        config_entry_id=entry.entry_id, **hub_device_info(entry)
    )
    entry.runtime_data = VoicePrivacyData(
        hub_device_id=hub_device.id,
        hub_identifier=(DOMAIN, entry.entry_id),
        assistants=assistants,
        devices={
            assistant_id: device
            for assistant_id, assistant in assistants.items()
            if assistant.links.device_id
            and (device := device_registry.async_get(assistant.links.device_id))
        },
        changes=changes,
        microphones=microphones,
        activity=activity,
        private_time=private_time,
        policies=policies,
        privacy=privacy,
        rules=rules,
        recordings=recordings,
        history=history,
        auto_purge=auto_purge,
        settings=settings,
        scores=ScoreBoard(
            assistants=assistants,
            microphones=microphones,
            settings=settings,
            rules=rules,
            auto_purge=auto_purge,
            history=history,
        ),
        config=dict(entry.data),
        options=dict(entry.options),
    )
    async_migrate_registries(hass, entry)
    # Follow the linked entities before anything else awaits, so no change is missed.
    entry.async_on_unload(microphones.async_start())
    entry.async_on_unload(activity.async_start())
    entry.async_on_unload(private_time.async_start())
    # Not a first refresh that could fail the hub: a recordings folder that cannot be read
    # safely makes only the recordings sensors unavailable.
    await recordings.async_refresh()
    async_delete_stale_issues(hass, set(assistants))
    async_update_missing_link_issues(hass, entry)

    async def _async_start_parts() -> None:
        """Once every integration is up: check links, resume timers, start the rules.

        The rules and purge are read now: options saved while Home Assistant was starting
        have replaced the ones built at set-up.
        """
        async_update_missing_link_issues(hass, entry)
        policies.async_start_timers(privacy.async_end_temporary)
        await entry.runtime_data.rules.async_start(entry)
        await entry.runtime_data.auto_purge.async_start(entry)
        async_update_settings_issues(hass, entry)

    @callback
    def _async_started(hass: HomeAssistant) -> None:
        # A task of the entry: an unload or reload meanwhile cancels it, so a hub that is
        # gone never starts its rules, purge or timers.
        entry.async_create_background_task(
            hass, _async_start_parts(), f"{DOMAIN} start {entry.entry_id}"
        )

    _async_check_settings_over_time(hass, entry)
    entry.async_on_unload(async_at_started(hass, _async_started))
    # An added assistant or new options apply in place; anything else reloads the hub.
    entry.async_on_unload(entry.add_update_listener(async_apply_hub_change))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    # A change made while this setup ran (an assistant added during the reload after the
    # first one) found no loaded hub for the update listener: apply it as that listener
    # would, once the hub is loaded (not before the next turn; nothing when nothing changed).
    entry.async_create_task(
        hass, async_apply_hub_change(hass, entry), f"{DOMAIN} catch up", eager_start=False
    )
    return True


@callback
def _async_check_settings_over_time(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Settings age and purges grow old; recordings come and go: check the repairs again."""
    data = entry.runtime_data

    @callback
    def _async_time_passed(*_: Any) -> None:
        """Check the repairs, and write the scores that changed."""
        async_update_settings_issues(hass, entry)
        for assistant_id in data.scores.changed():
            data.changes.async_changed(assistant_id, Topic.RECORDS)

    @callback
    def _async_recordings_counted() -> None:
        async_update_settings_issues(hass, entry)

    entry.async_on_unload(
        async_track_time_interval(hass, _async_time_passed, SETTINGS_CHECK_INTERVAL)
    )
    entry.async_on_unload(data.recordings.async_add_listener(_async_recordings_counted))


async def async_unload_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> bool:
    """Unload the hub; pending temporary changes stay stored for the next start."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Forget the policies, the purge log, the declared settings, activity and private time."""
    await PolicyKeeper.async_remove_store(hass, entry.entry_id)
    await VoiceHistory.async_remove_store(hass, entry.entry_id)
    await SettingsKeeper.async_remove_store(hass, entry.entry_id)
    await ListeningTracker.async_remove_store(hass, entry.entry_id)
    await PrivateTimeTracker.async_remove_store(hass, entry.entry_id)
