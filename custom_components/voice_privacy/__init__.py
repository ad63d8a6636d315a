"""Voice Privacy: one place to see and control what the home's voice assistants hear."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from homeassistant.const import Platform
from homeassistant.core import HomeAssistant, callback
from homeassistant.helpers import config_validation as cv
from homeassistant.helpers.event import async_track_time_interval
from homeassistant.helpers.start import async_at_started
from homeassistant.helpers.typing import ConfigType

from .compliance import async_update_settings_issues
from .const import DOMAIN
from .coordinator import VoicePrivacyConfigEntry, VoicePrivacyCoordinator
from .history import VoiceHistory
from .policy_store import PolicyKeeper
from .repairs import async_delete_stale_issues, async_update_missing_link_issues
from .services import async_setup_services
from .settings import SettingsKeeper

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
    """Register the actions, which exist even before the hub is set up."""
    async_setup_services(hass)
    return True


async def async_setup_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> bool:
    """Set up the hub with its assistants."""
    coordinator = VoicePrivacyCoordinator(hass, entry)
    await coordinator.async_config_entry_first_refresh()
    entry.runtime_data = coordinator
    async_delete_stale_issues(hass, set(coordinator.assistants))

    async def _async_started(hass: HomeAssistant) -> None:
        """Once every integration is up: check links, resume policies, start the rules."""
        async_update_missing_link_issues(hass, entry, coordinator.assistants)
        await coordinator.policies.async_load(set(coordinator.assistants))
        await coordinator.rules.async_start()
        await coordinator.auto_purge.async_start()
        async_update_settings_issues(coordinator)

    @callback
    def _async_check_settings(*_: Any) -> None:
        """Settings age and recordings grow old: check the settings repairs again."""
        async_update_settings_issues(coordinator)

    entry.async_on_unload(
        async_track_time_interval(hass, _async_check_settings, SETTINGS_CHECK_INTERVAL)
    )
    entry.async_on_unload(coordinator.recordings.async_add_listener(_async_check_settings))

    entry.async_on_unload(async_at_started(hass, _async_started))
    # Adding, changing or removing an assistant (a subentry) reloads the hub.
    entry.async_on_unload(entry.add_update_listener(_async_reload))
    await hass.config_entries.async_forward_entry_setups(entry, PLATFORMS)
    return True


async def _async_reload(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    await hass.config_entries.async_reload(entry.entry_id)


async def async_unload_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> bool:
    """Unload the hub; pending temporary changes stay stored for the next start."""
    return await hass.config_entries.async_unload_platforms(entry, PLATFORMS)


async def async_remove_entry(hass: HomeAssistant, entry: VoicePrivacyConfigEntry) -> None:
    """Forget the policies, the purge log and the declared settings of a removed hub."""
    await PolicyKeeper.async_remove_store(hass, entry.entry_id)
    await VoiceHistory.async_remove_store(hass, entry.entry_id)
    await SettingsKeeper.async_remove_store(hass, entry.entry_id)
